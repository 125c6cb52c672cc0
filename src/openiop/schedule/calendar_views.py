"""Week calendars, the patient's schedule tab and iCalendar exports.

Access follows the rest of the app: the role capability first (403, audited), then program scoping (404,
audited, revealing nothing). Times are stored in UTC and shown in the program's zone (DESIGN.md rule 8).
"""

from datetime import UTC, date, timedelta
from typing import NoReturn

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from icalendar import Calendar, Event

from openiop.accounts.access import require_capability
from openiop.accounts.models import User
from openiop.accounts.roles import Role
from openiop.audit.models import Action
from openiop.audit.services import audit_record
from openiop.core.timezones import local_today
from openiop.measures.selectors import open_alerts_for_patient
from openiop.patients.access import patient_or_404
from openiop.patients.selectors import chart_frame, current_episode, patient_chart_queryset
from openiop.privacy.lookups import SCOPE, refuse_404
from openiop.programs.models import Program, Track

from . import calendar_selectors as calendar
from .models import SessionStatus
from .selectors import week_hours

VIEW = "schedule.view"
# An iCalendar feed covers recent weeks (so a just-missed session still shows) and the series horizon ahead.
ICAL_WEEKS_BACK = 4
ICAL_WEEKS_AHEAD = 26
CHECK_WORDS = {
    "met": "Met",
    "on_track": "On track",
    "at_risk": "At risk of going over",
    "cannot_reach": "Cannot be met this week",
    "not_met": "Not met",
    "exceeds_maximum": "Over the maximum",
}


def _scope_404(request, *, object_type: str, object_id) -> NoReturn:
    refuse_404(request, capability=VIEW, object_type=object_type, object_id=object_id, reason=SCOPE)


def _int_or_404(value: str) -> int:
    if not value.isdigit() or len(value) > 18:
        raise Http404
    return int(value)


def _zone_of(programs) -> str:
    program = programs.order_by("pk").first()
    return program.time_zone if program else settings.TIME_ZONE


def _track_or_404(request, track_id: int) -> Track:
    track = Track.objects.select_related("program").filter(pk=track_id, program_id__in=request.user.program_ids)
    found = track.first()
    if found is None:
        _scope_404(request, object_type="track", object_id=track_id)
    return found


def _colleague_or_404(request, user_id: int) -> User:
    """Someone who shares a program with the viewer (or the viewer)."""
    if user_id == request.user.pk:
        return request.user
    colleague = User.objects.filter(pk=user_id, memberships__program_id__in=request.user.program_ids).first()
    if colleague is None:
        _scope_404(request, object_type="user", object_id=user_id)
    return colleague


def _shared_programs(request, facilitator: User):
    return Program.objects.filter(pk__in=request.user.program_ids, memberships__user=facilitator)


def _schedule_patient(request, patient_id: int, *, chart: bool = False):
    """The patient (with the chart header's data when ``chart``) and their current episode."""
    queryset = (patient_chart_queryset if chart else calendar.schedule_patient_queryset)(user=request.user)
    # The chart tab shows the chart header (care team, safety alerts), so it needs chart access; front desk
    # sees a patient's schedule in the week view instead.
    patient = patient_or_404(request, patient_id, "patients.view_chart" if chart else VIEW, queryset=queryset)
    return patient, current_episode(patient)


def _hours(minutes: int) -> str:
    hours = minutes / 60
    return f"{hours:g} h" if minutes % 6 == 0 else f"{minutes // 60} h {minutes % 60} min"


@login_required
def week(request):
    require_capability(request, VIEW, object_type="schedule_week")
    raw_date = request.GET.get("date", "")
    try:
        day = date.fromisoformat(raw_date) if raw_date else None
        if day is not None and not 1900 <= day.year <= 2200:
            raise ValueError(raw_date)
    except ValueError:
        return HttpResponseBadRequest("date: give a day as YYYY-MM-DD between 1900 and 2200, such as 2026-10-19.")

    episode = patient = None
    ical_url = ""
    if request.GET.get("patient"):
        patient, episode = _schedule_patient(request, _int_or_404(request.GET["patient"]))
        time_zone = episode.program.time_zone if episode else settings.TIME_ZONE
        subject, subject_key = patient.display_name, f"patient:{patient.pk}"
        window = calendar.week_window(day or local_today(time_zone), time_zone)
        sessions = calendar.patient_sessions(episode=episode, starts_at=window.starts_at, ends_at=window.ends_at)
        ical_url = "schedule:patient_ical"
        query_key, subject_id = "patient", patient.pk
    elif request.GET.get("track"):
        track = _track_or_404(request, _int_or_404(request.GET["track"]))
        time_zone = track.program.time_zone
        subject, subject_key = f"{track.program.name} · {track.name}", f"track:{track.pk}"
        window = calendar.week_window(day or local_today(time_zone), time_zone)
        sessions = calendar.track_sessions(track=track, starts_at=window.starts_at, ends_at=window.ends_at)
        query_key, subject_id = "track", track.pk
    else:
        facilitator_id = _int_or_404(request.GET.get("facilitator") or str(request.user.pk))
        facilitator = _colleague_or_404(request, facilitator_id)
        time_zone = _zone_of(_shared_programs(request, facilitator))
        subject = "My sessions" if facilitator.pk == request.user.pk else f"Sessions led by {facilitator.display_name}"
        subject_key = f"facilitator:{facilitator.pk}"
        window = calendar.week_window(day or local_today(time_zone), time_zone)
        sessions = calendar.facilitator_sessions(
            facilitator_id=facilitator.pk,
            viewer=request.user,
            program_ids=request.user.program_ids,
            starts_at=window.starts_at,
            ends_at=window.ends_at,
        )
        # The feed is for the facilitator themselves or a director (see facilitator_ical).
        if facilitator.pk == request.user.pk or request.user.role == Role.DIRECTOR:
            ical_url = "schedule:facilitator_ical"
        query_key, subject_id = "facilitator", facilitator.pk

    attendance = calendar.attendance_by_session(episode=episode, sessions=sessions)
    entries = calendar.calendar_entries(sessions, zone=window.zone, attendance=attendance)
    audit_record(
        user=request.user,
        action=Action.READ,
        object_type="schedule_week",
        object_id=subject_key,
        patient_id=patient.pk if patient else None,
        detail={"week_start": window.monday.isoformat(), "sessions": [s.pk for s in sessions]},
    )
    return render(
        request,
        "schedule/week.html",
        {
            "subject": subject,
            "patient": patient,
            "window": window,
            "time_zone": time_zone,
            "grid": calendar.week_grid(entries, window),
            "query_key": query_key,
            "subject_id": subject_id,
            "ical_url": ical_url,
            "session_count": len(sessions),
            "show_roll_call": patient is None,
            "tracks": Track.objects.filter(program_id__in=request.user.program_ids, is_active=True)
            .select_related("program")
            .order_by("program__name", "name"),
        },
    )


@login_required
def chart_tab(request, patient_id: int):
    patient, episode = _schedule_patient(request, patient_id, chart=True)
    alerts = open_alerts_for_patient(patient=patient, user=request.user)
    time_zone = episode.program.time_zone if episode else settings.TIME_ZONE
    window = calendar.week_window(local_today(time_zone), time_zone, weeks=2)
    sessions = calendar.patient_sessions(episode=episode, starts_at=window.starts_at, ends_at=window.ends_at)
    attendance = calendar.attendance_by_session(episode=episode, sessions=sessions)
    entries = calendar.calendar_entries(sessions, zone=window.zone, attendance=attendance)
    weeks = [
        ("This week", window.monday, [e for e in entries if e.day < window.next_monday]),
        ("Next week", window.next_monday, [e for e in entries if e.day >= window.next_monday]),
    ]
    hours = None
    if episode is not None and episode.track_id:
        hours = week_hours(episode=episode, week_start=window.monday, now=timezone.now())
    audit_record(
        user=request.user,
        action=Action.READ,
        object_type="chart",
        object_id="schedule",
        patient_id=patient.pk,
        detail={"alert_ids": [a.pk for a in alerts], "sessions": [s.pk for s in sessions]},
    )
    return render(
        request,
        "schedule/chart_tab.html",
        {
            **chart_frame(patient=patient, user=request.user, tab="schedule", open_alerts=alerts),
            "weeks": weeks,
            "time_zone": time_zone,
            "hours": hours,
            "attended_hours": _hours(hours.attended_minutes) if hours else "",
            "scheduled_hours": _hours(hours.scheduled_minutes) if hours else "",
            "checks": [(check, CHECK_WORDS.get(check.status, check.status)) for check in hours.checks] if hours else [],
        },
    )


def _ical_window(time_zone: str) -> calendar.WeekWindow:
    start = local_today(time_zone) - timedelta(weeks=ICAL_WEEKS_BACK)
    return calendar.week_window(start, time_zone, weeks=ICAL_WEEKS_BACK + ICAL_WEEKS_AHEAD)


def _ical_response(sessions, *, name: str, filename: str) -> HttpResponse:
    """RFC 5545: one VEVENT per session, times in UTC, a UID that stays with the session when it moves."""
    feed = Calendar()
    feed.add("prodid", "-//OpenIOP//Schedule//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(UTC)
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@openiop")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(UTC))
        event.add("dtend", session.ends_at.astimezone(UTC))
        event.add("last-modified", session.updated_at.astimezone(UTC))
        event.add("summary", session.title)
        event.add("location", session.room.name if session.room_id else "Telehealth")
        cancelled = session.status == SessionStatus.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        # A cancellation must outrank the copy a calendar already holds, which had sequence 0.
        event.add("sequence", 1 if cancelled else 0)
        feed.add_component(event)
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def facilitator_ical(request, user_id: int):
    """A facilitator's sessions: for the facilitator, or for a director of one of their programs."""
    require_capability(request, VIEW, object_type="user_calendar", object_id=user_id)
    if user_id == request.user.pk:
        facilitator, program_ids = request.user, request.user.program_ids
    elif request.user.role == Role.DIRECTOR:
        facilitator = _colleague_or_404(request, user_id)
        program_ids = request.user.program_ids
    else:
        _scope_404(request, object_type="user_calendar", object_id=user_id)
    time_zone = _zone_of(_shared_programs(request, facilitator))
    window = _ical_window(time_zone)
    sessions = calendar.facilitator_sessions(
        facilitator_id=facilitator.pk,
        viewer=request.user,
        program_ids=program_ids,
        starts_at=window.starts_at,
        ends_at=window.ends_at,
    )
    audit_record(
        user=request.user,
        action=Action.EXPORT,
        object_type="user_calendar",
        object_id=facilitator.pk,
        detail={"format": "ical", "sessions": len(sessions)},
    )
    return _ical_response(sessions, name="OpenIOP sessions", filename=f"openiop-facilitator-{facilitator.pk}.ics")


@never_cache
@login_required
def patient_ical(request, patient_id: int):
    """A patient's sessions. Titles and places only: nothing about the other people in the group."""
    patient, episode = _schedule_patient(request, patient_id)
    time_zone = episode.program.time_zone if episode else settings.TIME_ZONE
    window = _ical_window(time_zone)
    sessions = calendar.patient_sessions(episode=episode, starts_at=window.starts_at, ends_at=window.ends_at)
    audit_record(
        user=request.user,
        action=Action.EXPORT,
        object_type="patient_calendar",
        object_id=patient.pk,
        patient_id=patient.pk,
        detail={"format": "ical", "sessions": len(sessions)},
    )
    return _ical_response(sessions, name="OpenIOP schedule", filename=f"openiop-schedule-{patient.pk}.ics")
