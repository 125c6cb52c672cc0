from django.db.models import Q

from .models import Task, TaskStatus


def open_tasks(*, user, mine: bool):
    """Open tasks in the user's programs: assigned to them, or (``mine=False``) all, unassigned included."""
    from openiop.privacy.policy import visible_through

    tasks = Task.objects.filter(visible_through(user), program_id__in=user.program_ids, status=TaskStatus.OPEN)
    if mine:
        tasks = tasks.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True, episode__primary_clinician=user))
    return tasks.select_related("patient", "program", "assigned_to").order_by("-priority", "due_on", "pk")


def my_task_counts(*, user) -> dict:
    """Open tasks that are mine, and how many of them are urgent: one query."""
    from django.db.models import Count

    from .models import TaskPriority

    return (
        open_tasks(user=user, mine=True)
        .order_by()
        .aggregate(open=Count("pk"), urgent=Count("pk", filter=Q(priority=TaskPriority.URGENT)))
    )


def patient_tasks(*, patient, limit: int = 20):
    return list(
        Task.objects.filter(patient=patient)
        .select_related("assigned_to", "closed_by")
        .order_by("status", "-created_at")[:limit]
    )
