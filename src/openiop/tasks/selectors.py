from django.db.models import Q

from .models import Task, TaskStatus


def open_tasks(*, user, mine: bool):
    """Open tasks in the user's programs: assigned to them, or (``mine=False``) all, unassigned included."""
    tasks = Task.objects.filter(program_id__in=user.program_ids, status=TaskStatus.OPEN)
    if mine:
        tasks = tasks.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True, episode__primary_clinician=user))
    return tasks.select_related("patient", "program", "assigned_to").order_by("-priority", "due_on", "pk")


def open_task_count(*, user) -> int:
    return open_tasks(user=user, mine=True).count()


def patient_tasks(*, patient, limit: int = 20):
    return list(
        Task.objects.filter(patient=patient)
        .select_related("assigned_to", "closed_by")
        .order_by("status", "-created_at")[:limit]
    )
