"""Follow-up work for staff: raised by the record (an unexcused absence, a concerning answer) or by hand."""

from django.conf import settings
from django.db import models

from openiop.core.models import TimeStampedModel


class TaskKind(models.TextChoices):
    ATTENDANCE_FOLLOW_UP = "attendance_follow_up", "Follow up an unexcused absence"
    ATTENDANCE_ALERT = "attendance_alert", "Two unexcused absences in a row"
    SCREEN_UNEXPECTED_RESULT = "screen_unexpected_result", "Review an unexpected drug-screen result"
    NOTE_ADDENDUM_REQUEST = "note_addendum_request", "Add an addendum a supervisor asked for"
    NOTE_ATTENDANCE_CHANGED = "note_attendance_changed", "Reconcile a note with changed attendance"
    ALUMNI_FOLLOW_UP = "alumni_follow_up", "Follow up an alumni check-in"
    GENERAL = "general", "Follow-up"


class TaskPriority(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Task(TimeStampedModel):
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="tasks")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="tasks")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="tasks", null=True)
    kind = models.CharField(max_length=40, choices=TaskKind.choices)
    priority = models.CharField(max_length=10, choices=TaskPriority.choices, default=TaskPriority.ROUTINE)
    title = models.CharField(max_length=200, help_text="What to do; no clinical detail (it shows in lists)")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assigned_tasks", null=True, blank=True
    )
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    # The record that raised the task: one task per (kind, source) however often that record is saved.
    source_type = models.CharField(max_length=40, blank=True)
    source_id = models.BigIntegerField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "-priority", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_type", "source_id"],
                condition=models.Q(source_id__isnull=False),
                name="one_task_per_kind_and_source",
            )
        ]
        indexes = [models.Index(fields=["assigned_to", "status"], name="task_assignee_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN
