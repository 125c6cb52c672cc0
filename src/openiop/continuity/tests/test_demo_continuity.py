"""The demo has signed summaries for completed discharges, referrals in every status, answered and due
alumni check-ins, a concerning one that gave pete.peer a task, and upcoming alumni groups."""

from io import StringIO

from django.core.management import call_command

from openiop.continuity.codes import ReferralStatus
from openiop.continuity.models import AlumniCheckIn, DischargeSummary, ServiceReferral
from openiop.episodes.codes import DischargeReason
from openiop.schedule.models import Session, SessionType
from openiop.tasks.models import Task, TaskKind


def test_the_demo_has_summaries_referrals_checkins_and_a_task_for_pete(db):
    call_command("demo", stdout=StringIO())
    completed = DischargeSummary.objects.filter(episode__discharge_reason=DischargeReason.COMPLETED)
    assert completed.exists() and not completed.filter(status="draft").exists()
    assert DischargeSummary.objects.filter(status="draft").exists()
    assert set(ServiceReferral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert AlumniCheckIn.objects.filter(answered_at__isnull=False).count() >= 3
    assert AlumniCheckIn.objects.filter(answered_at__isnull=True, expires_at__isnull=False).exists()
    task = Task.objects.get(kind=TaskKind.ALUMNI_FOLLOW_UP)
    assert task.assigned_to.username == "pete.peer"
    assert Session.objects.filter(session_type=SessionType.ALUMNI_GROUP).count() == 4
