from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from openiop.episodes.models import Episode, EpisodeStatus

from .hours import ServiceSegment, weekly_hours
from .models import ATTENDED, Attendance, Session, SessionStatus


def roster(*, session: Session) -> list[Episode]:
    """Who is expected: episodes in the session's track on its date (rolling admission), plus anyone
    whose attendance is already recorded."""
    day = session.starts_at.astimezone(ZoneInfo(session.program.time_zone)).date()
    in_track = Q(
        track_id=session.track_id, status__in=[EpisodeStatus.ACTIVE, EpisodeStatus.ON_HOLD], admitted_on__lte=day
    ) & (Q(discharged_on__isnull=True) | Q(discharged_on__gte=day))
    recorded = Q(attendance__session=session)
    episodes = Episode.objects.filter(in_track | recorded if session.track_id else recorded)
    return list(episodes.select_related("patient").distinct().order_by("patient__legal_last_name", "pk"))


def week_hours(*, episode, week_start, now, payer_codes=("h0015", "medicare_iop")):
    """The hours engine's view of one patient's week, from the sessions of their track and their attendance."""
    zone = ZoneInfo(episode.program.time_zone)
    start = datetime.combine(week_start, time(), tzinfo=zone)
    end = start + timedelta(days=7)
    recorded = {
        a.session_id: a
        for a in Attendance.objects.filter(episode=episode, session__starts_at__gte=start, session__starts_at__lt=end)
    }
    sessions = Session.objects.filter(starts_at__gte=start, starts_at__lt=end).filter(
        Q(track_id=episode.track_id) | Q(pk__in=list(recorded))
    )
    segments = []
    for session in sessions:
        record = recorded.get(session.pk)
        if session.status == SessionStatus.CANCELLED:
            status, minutes = "cancelled", None
        elif record is None:
            status, minutes = "scheduled", None
        elif record.status in ATTENDED:
            status, minutes = "attended", record.attended_minutes
        else:
            status, minutes = record.status, None
        segments.append(
            ServiceSegment(
                start=session.starts_at,
                end=session.ends_at,
                status=status,
                attended_minutes=minutes,
                counts_toward_hours=session.counts_toward_hours,
            )
        )
    level = (episode.level_of_care_edition, episode.level_of_care_code)
    return weekly_hours(
        segments=segments,
        week_start=week_start,
        time_zone=episode.program.time_zone,
        now=now,
        level=level,
        population=episode.program.population,
        payer_codes=payer_codes,
    )
