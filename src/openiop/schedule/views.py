from datetime import timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from openiop.accounts.access import require_capability
from openiop.audit.services import audit_record
from openiop.core.timezones import local_today
from openiop.privacy.lookups import object_for_user_or_404
from openiop.programs.models import Program

from . import services
from .hours import week_bounds
from .models import ATTENDED, Attendance, AttendanceStatus, Session
from .selectors import program_week_hours_shown_to, roster_shown_to, sessions_shown_to, todays_sessions


def _session_or_404(request, session_id: int, capability: str) -> Session:
    require_capability(request, capability, object_type="session", object_id=session_id)
    return object_for_user_or_404(
        request,
        Session.objects.filter(sessions_shown_to(request.user), program_id__in=request.user.program_ids).select_related(
            "program", "track", "room", "episode__patient"
        ),
        session_id,
        object_type="session",
        capability=capability,
    )


@login_required
def today(request):
    require_capability(request, "schedule.view", object_type="sessions_today")
    zone = timezone.get_current_timezone()
    day = timezone.localdate()
    sessions = todays_sessions(user=request.user, day=day, zone=zone)
    audit_record(user=request.user, action="read", object_type="sessions_today", detail={"sessions": len(sessions)})
    return render(request, "schedule/today.html", {"sessions": sessions, "day": day})


def _rows(session, episodes, recorded, data=None):
    rows = []
    for episode in episodes:
        record = recorded.get(episode.pk)
        status = (data or {}).get(f"status_{episode.pk}") or (record.status if record else AttendanceStatus.PRESENT)
        minutes = (data or {}).get(f"minutes_{episode.pk}")
        if minutes is None and record and record.status in ATTENDED:
            minutes = record.attended_minutes
        rows.append({"episode": episode, "status": status, "minutes": minutes or ""})
    return rows


@login_required
def roll_call(request, session_id: int):
    """One screen for the facilitator: the roster prefilled, one status each, saved in one transaction."""
    session = _session_or_404(request, session_id, "schedule.take_attendance")
    episodes = roster_shown_to(session=session, user=request.user)
    recorded = {a.episode_id: a for a in Attendance.objects.filter(session=session)}
    errors = {}
    if request.method == "POST":
        entries = {}
        for episode in episodes:
            status = request.POST.get(f"status_{episode.pk}", "")
            raw = request.POST.get(f"minutes_{episode.pk}", "").strip()
            if raw and not raw.isdigit():
                errors[f"minutes_{episode.pk}"] = ["Minutes must be a whole number."]
            entries[episode.pk] = (status, int(raw) if raw.isdigit() else None)
        if not errors:
            try:
                services.attendance_record(acting_user=request.user, session=session, entries=entries)
            except ValidationError as error:
                errors = error.message_dict
            else:
                messages.success(request, f"Attendance saved for {len(entries)} patient{'s' * (len(entries) != 1)}.")
                return redirect("schedule:today")
    audit_record(
        user=request.user,
        action="read",
        object_type="roll_call",
        object_id=session.pk,
        detail={"patient_ids": [e.patient_id for e in episodes]},
    )
    rows = _rows(session, episodes, recorded, request.POST if request.method == "POST" else None)
    for row in rows:
        row["errors"] = errors.get(f"status_{row['episode'].pk}", []) + errors.get(f"minutes_{row['episode'].pk}", [])
    return render(
        request,
        "schedule/roll_call.html",
        {
            "session": session,
            "rows": rows,
            "statuses": AttendanceStatus.choices,
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "local_start": timezone.localtime(session.starts_at),
        },
    )


@login_required
def sign_in_sheet(request, session_id: int):
    session = _session_or_404(request, session_id, "schedule.take_attendance")
    episodes = roster_shown_to(session=session, user=request.user)
    audit_record(
        user=request.user,
        action="export",
        object_type="sign_in_sheet",
        object_id=session.pk,
        detail={"patient_ids": [e.patient_id for e in episodes]},
    )
    return render(
        request,
        "schedule/sign_in_sheet.html",
        {
            "session": session,
            "episodes": episodes,
            "local_start": timezone.localtime(session.starts_at),
        },
    )


@login_required
def compliance(request):
    """Directors: who is under the minimum this week and last, and billable days per payer rule."""
    require_capability(request, "schedule.view_compliance", object_type="hours_compliance")
    programs = list(Program.objects.filter(pk__in=request.user.program_ids).order_by("name"))
    if not programs:
        raise Http404
    wanted = request.GET.get("program")
    program = next((p for p in programs if str(p.pk) == wanted), programs[0])
    this_week = week_bounds(local_today(program.time_zone))[0]
    last_week = this_week - timedelta(days=7)
    rows = program_week_hours_shown_to(
        program=program, user=request.user, week_starts=[last_week, this_week], now=timezone.now()
    )
    only_short = request.GET.get("show") != "all"
    short = [(episode, weeks) for episode, weeks in rows if any(_short(w) for w in weeks)]
    audit_record(
        user=request.user,
        action="read",
        object_type="hours_compliance",
        object_id=program.pk,
        detail={"patient_ids": [e.patient_id for e, _ in rows]},
    )
    page = Paginator(short if only_short else rows, COMPLIANCE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "schedule/compliance.html",
        {
            "program": program,
            "programs": programs,
            "rows": page.object_list,
            "page": page,
            "query": urlencode({"program": program.pk, "show": "short" if only_short else "all"}),
            "only_short": only_short,
            "short_count": len(short),
            "total": len(rows),
            "this_week": this_week,
            "last_week": last_week,
            "zone": ZoneInfo(program.time_zone),
        },
    )


# Rows per page of the hours dashboard: the numbers are computed (and cached) for the whole program, but a
# page of a thousand patients' checks is slow to render and to read.
COMPLIANCE_PAGE_SIZE = 50


def _short(week) -> bool:
    return any(
        check.status in ("not_met", "cannot_reach", "exceeds_maximum")
        for check in week.checks
        if check.code.startswith("asam")
    )
