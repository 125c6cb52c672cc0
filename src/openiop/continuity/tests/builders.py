"""Shared helpers: a discharged episode with attendance, measures and a signed plan; a drafted summary."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from openiop.core.timezones import local_today
from openiop.episodes.codes import DischargeReason
from openiop.episodes.services import episode_discharge
from openiop.measures.models import AdministrationMode
from openiop.measures.services import measure_record
from openiop.plans.tests.builders import complete_plan, sign_all
from openiop.schedule.models import Attendance, AttendanceStatus, Session, SessionType

from .. import services


def record_phq9(episode, user, total: int, days_ago: int):
    answers = [0] * 9
    for index in range(total):
        answers[index % 8] += 1  # item 9 stays 0: no safety alert
    return measure_record(
        acting_user=user,
        patient=episode.patient,
        episode=episode,
        instrument="PHQ-9",
        answers=answers,
        administered_at=timezone.now() - timedelta(days=days_ago),
        mode=AdministrationMode.CLINICIAN,
    )


def attend(episode, user, *, session_type: str, days_ago: int, status: str, minutes: int | None = 180):
    zone = ZoneInfo(episode.program.time_zone)
    day = local_today(episode.program.time_zone) - timedelta(days=days_ago)
    starts = datetime.combine(day, time(18, 0), tzinfo=zone)
    session = Session.objects.create(
        program=episode.program,
        session_type=session_type,
        title=f"{session_type} {days_ago}",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=180),
        capacity=12,
        episode=episode,
    )
    return Attendance.objects.create(
        session=session, episode=episode, status=status, attended_minutes=minutes, recorded_by=user
    )


def discharge(episode, user, *, reason: int = DischargeReason.COMPLETED, days_ago: int = 0):
    return episode_discharge(
        acting_user=user,
        episode=episode,
        discharged_on=local_today(episode.program.time_zone) - timedelta(days=days_ago),
        reason=reason,
        note="Completed all phases",
    )


def treated_and_discharged(episode, *, clinician, director, days_ago: int = 0):
    """Three group sessions (one late), an individual session, an absence; PHQ-9 14 → 6; a signed plan whose
    objective is PHQ-9 < 10; then discharged as completed."""
    plan = sign_all(complete_plan(episode, acting_user=clinician), clinician=clinician, supervisor=director)
    for days, status, minutes in ((12, "present", 180), (10, "late", 150), (8, "present", 180)):
        attend(
            episode, clinician, session_type=SessionType.GROUP_THERAPY, days_ago=days, status=status, minutes=minutes
        )
    attend(episode, clinician, session_type=SessionType.INDIVIDUAL_THERAPY, days_ago=9, status="present", minutes=60)
    attend(
        episode,
        clinician,
        session_type=SessionType.GROUP_THERAPY,
        days_ago=6,
        status=AttendanceStatus.ABSENT_UNEXCUSED,
        minutes=None,
    )
    record_phq9(episode, clinician, 14, days_ago=13)
    record_phq9(episode, clinician, 11, days_ago=7)
    record_phq9(episode, clinician, 6, days_ago=1)
    discharge(episode, clinician, days_ago=days_ago)
    episode.refresh_from_db()
    return episode, plan


def drafted_summary(episode, *, clinician):
    return services.discharge_summary_start(acting_user=clinician, episode=episode)


def complete_draft(summary, *, clinician):
    services.discharge_summary_update(
        acting_user=clinician,
        summary=summary,
        medications="",
        clinician_narrative="Attended all phases; mood improved.",
        recommendations="Weekly outpatient counseling; AA three times a week.",
    )
    summary.refresh_from_db()
    return summary


AFTERCARE = dict(
    next_provider_name="Riverbend Counseling",
    next_provider_address="12 Mill St, Springfield",
    next_provider_phone="555-0100",
    first_appointment_at=None,
    support_groups=["aa", "smart"],
    support_groups_other="Tuesday alumni group",
    medications_to_continue="",
    relapse_triggers="Payday Fridays",
    coping_strategies="Call sponsor; go to a meeting",
    warning_signs="Skipping meetings",
    local_crisis_line="County crisis line 555-0199",
    emergency_contacts="Sam (brother) 555-0111",
)


def alumni_episode(make_patient, program, *, clinician, discharged_days_ago: int, reason=DischargeReason.COMPLETED):
    """A patient admitted long enough ago to have been discharged ``discharged_days_ago`` days ago."""
    from openiop.episodes.models import Episode

    _patient, episode = make_patient(program, acting_user=clinician)
    admitted = local_today(program.time_zone) - timedelta(days=discharged_days_ago + 30)
    Episode.objects.filter(pk=episode.pk).update(admitted_on=admitted)
    episode.level_history.update(effective_on=admitted)
    episode.refresh_from_db()
    discharge(episode, clinician, reason=reason, days_ago=discharged_days_ago)
    episode.refresh_from_db()
    return episode


GOOD_ANSWERS = {
    "days_alcohol_use": 0,
    "days_drug_use": 0,
    "abstinent": True,
    "employment": "full_time",
    "stable_housing": True,
    "days_support_meetings": 8,
    "wants_contact": False,
    "anything_else": "",
}
