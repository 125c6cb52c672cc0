"""Task writes. Other apps raise tasks through ``task_raise`` inside their own transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.audit.services import audit_record

from .models import Task, TaskKind, TaskPriority, TaskStatus


def task_raise(
    *,
    acting_user,
    episode,
    kind: str,
    title: str,
    due_on: date,
    assigned_to=None,
    priority: str = TaskPriority.ROUTINE,
    source_type: str = "",
    source_id: int | None = None,
) -> Task:
    """Open a task for an episode's patient; raising it again for the same source reopens nothing new."""
    if kind not in TaskKind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(TaskKind.values)}."})
    if priority not in TaskPriority.values:
        raise ValidationError({"priority": f"Choose one of: {', '.join(TaskPriority.values)}."})
    if source_id is not None:
        existing = Task.objects.filter(kind=kind, source_type=source_type, source_id=source_id).first()
        if existing is not None:
            return existing
    task = Task.objects.create(
        program_id=episode.program_id,
        patient_id=episode.patient_id,
        episode=episode,
        kind=kind,
        priority=priority,
        title=title,
        assigned_to=assigned_to,
        due_on=due_on,
        source_type=source_type,
        source_id=source_id,
    )
    audit_record(
        user=acting_user,
        action="create",
        object_type="task",
        object_id=task.pk,
        patient_id=task.patient_id,
        detail={"kind": kind, "assigned_to": assigned_to.pk if assigned_to else None},
    )
    return task


def task_withdraw_for_source(
    *, acting_user, source_type: str, source_id: int, reason: str, kind: str | None = None
) -> int:
    """Close open tasks whose cause went away (e.g. an absence corrected to excused). Returns how many."""
    withdrawn = 0
    tasks = Task.objects.filter(source_type=source_type, source_id=source_id, status=TaskStatus.OPEN)
    for task in tasks.filter(kind=kind) if kind else tasks:
        _close(acting_user=acting_user, task=task, status=TaskStatus.WITHDRAWN, outcome=reason)
        withdrawn += 1
    return withdrawn


@transaction.atomic
def task_complete(*, acting_user, task: Task, outcome: str) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status != TaskStatus.OPEN:
        raise ValidationError({"__all__": f"This task is already {task.get_status_display().lower()}."})
    if not (outcome or "").strip():
        raise ValidationError({"outcome": "Say what was done (e.g. called the patient, left a message, rebooked)."})
    return _close(acting_user=acting_user, task=task, status=TaskStatus.DONE, outcome=outcome.strip())


def _close(*, acting_user, task: Task, status: str, outcome: str) -> Task:
    task.status, task.outcome = status, outcome
    task.closed_by, task.closed_at = acting_user, timezone.now()
    task.save(update_fields=["status", "outcome", "closed_by", "closed_at", "updated_at"])
    audit_record(
        user=acting_user,
        action="update",
        object_type="task",
        object_id=task.pk,
        patient_id=task.patient_id,
        detail={"event": status},
    )
    return task
