"""Reads the continuity pages share; each is a fixed number of queries whatever the number of rows."""

from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone

from openiop.core.timezones import local_today
from openiop.episodes.models import Episode, EpisodeStatus
from openiop.privacy.policy import visible_through
from openiop.schedule.models import Session, SessionStatus, SessionType

from .checkin_rules import CHECKIN_DUE_WINDOW_DAYS, MAX_CHECKIN_DAY, NO_FOLLOW_UP_REASONS
from .models import AlumniCheckIn, DischargeSummary, Readmission, ServiceReferral
from .schedule import CheckInState, checkin_days_for, checkin_schedule

# Answered check-ins stay on the Alumni page this long (then they are on the patient's Continuity tab).
ANSWERED_SHOWN_DAYS = 90
UPCOMING_ALUMNI_GROUPS = 10


def patient_referrals(*, patient, episode_ids) -> list[ServiceReferral]:
    return list(
        ServiceReferral.objects.filter(patient=patient, episode_id__in=episode_ids)
        .select_related("created_by")
        .order_by("-suggested_on", "-id")
    )


def continuity_chart(*, patient) -> dict:
    """What the patient's Continuity tab shows, for the episodes the viewer may see."""
    episodes = patient.visible_episodes
    ids = [e.pk for e in episodes]
    summaries = {
        s.episode_id: s
        for s in DischargeSummary.objects.filter(episode_id__in=ids).select_related(
            "signed_by", "created_by", "aftercare"
        )
    }
    checkins: dict[int, dict[int, AlumniCheckIn]] = {}
    for checkin in AlumniCheckIn.objects.filter(episode_id__in=ids):
        checkins.setdefault(checkin.episode_id, {})[checkin.day_number] = checkin
    readmissions = list(Readmission.objects.filter(old_episode_id__in=ids).select_related("new_episode"))
    today, now = None, timezone.now()
    discharged = []
    for episode in episodes:
        if episode.status != EpisodeStatus.FINISHED or episode.discharged_on is None:
            continue
        today = local_today(episode.program.time_zone)
        follow_up = episode.discharge_reason not in NO_FOLLOW_UP_REASONS
        discharged.append(
            {
                "episode": episode,
                "summary": summaries.get(episode.pk),
                "checkins": checkin_schedule(
                    episode,
                    days=checkin_days_for(episode.program),
                    checkins=checkins.get(episode.pk, {}),
                    today=today,
                    now=now,
                )
                if follow_up
                else [],
                "follow_up": follow_up,
                "readmissions": [r for r in readmissions if r.old_episode_id == episode.pk],
            }
        )
    return {
        "discharged": discharged,
        "referrals": patient_referrals(patient=patient, episode_ids=ids),
        "has_open_episode": any(e.is_open for e in episodes),
    }


def alumni_board(*, user) -> dict:
    """Check-ins due, overdue, waiting on a sent link and recently answered, across the user's programs, for
    the alumni the access policy shows the user."""
    now = timezone.now()
    earliest = timezone.localdate() - timedelta(days=MAX_CHECKIN_DAY + CHECKIN_DUE_WINDOW_DAYS + 1)
    episodes = (
        Episode.objects.filter(
            visible_through(user),
            program_id__in=user.program_ids,
            status=EpisodeStatus.FINISHED,
            discharged_on__gte=earliest,
        )
        .exclude(discharge_reason__in=NO_FOLLOW_UP_REASONS)
        .select_related("patient", "program__aftercare_settings", "primary_clinician")
        .prefetch_related(Prefetch("alumni_checkins", queryset=AlumniCheckIn.objects.order_by("day_number")))
        .order_by("discharged_on", "pk")
    )
    groups: dict[str, list] = {
        CheckInState.OVERDUE: [],
        CheckInState.DUE: [],
        CheckInState.LINK_SENT: [],
        CheckInState.ANSWERED: [],
    }
    answered_since = now - timedelta(days=ANSWERED_SHOWN_DAYS)
    for episode in episodes:
        today = local_today(episode.program.time_zone)
        rows = {c.day_number: c for c in episode.alumni_checkins.all()}
        for item in checkin_schedule(
            episode, days=checkin_days_for(episode.program), checkins=rows, today=today, now=now
        ):
            if item.state == CheckInState.ANSWERED and item.checkin.answered_at < answered_since:
                continue
            if item.state in groups:
                groups[item.state].append(item)
    groups[CheckInState.ANSWERED].sort(key=lambda item: item.checkin.answered_at, reverse=True)
    return {
        "overdue": groups[CheckInState.OVERDUE],
        "due": groups[CheckInState.DUE],
        "link_sent": groups[CheckInState.LINK_SENT],
        "answered": groups[CheckInState.ANSWERED],
        "alumni_groups": upcoming_alumni_groups(user=user, now=now),
    }


def upcoming_alumni_groups(*, user, now) -> list[Session]:
    return list(
        Session.objects.filter(
            program_id__in=user.program_ids,
            session_type=SessionType.ALUMNI_GROUP,
            status=SessionStatus.SCHEDULED,
            starts_at__gte=now,
        )
        .select_related("program", "room")
        .order_by("starts_at", "pk")[:UPCOMING_ALUMNI_GROUPS]
    )
