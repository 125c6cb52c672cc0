"""Building the calendar: recurring groups, one patient's appointments, and changes to one occurrence."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from openiop.accounts.access import require_capability
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.episodes.models import IN_TREATMENT_STATUSES
from openiop.patients.access import patient_or_404
from openiop.patients.selectors import current_episode

from . import services
from .calendar_selectors import schedule_patient_queryset
from .forms import AppointmentForm, CancelForm, MoveForm, SeriesForm, TopicForm
from .views import _session_or_404

MANAGE = "schedule.manage"


def _week_url(key: str, value, day) -> str:
    return f"{reverse('schedule:week')}?{key}={value}&date={day:%Y-%m-%d}"


@login_required
def series_new(request):
    require_capability(request, MANAGE, object_type="session_series")
    form = SeriesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.series_create(
                acting_user=request.user,
                program=data["program"],
                track=data["track"],
                session_type=data["session_type"],
                title=data["title"],
                weekdays=data["weekdays"],
                start_time=data["start_time"],
                duration_minutes=data["duration_minutes"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                facilitators=data["facilitators"],
                capacity=data["capacity"],
                room=data["room"],
                telehealth_url=data["telehealth_url"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = series.sessions.count()
            messages.success(request, f"'{series.title}' created: {count} session{'s' * (count != 1)}.")
            if series.track_id:
                return redirect(_week_url("track", series.track_id, series.starts_on))
            return redirect(_week_url("facilitator", data["facilitators"][0].pk, series.starts_on))
    return render(request, "schedule/series_new.html", {"form": form})


@login_required
def appointment_new(request, patient_id: int):
    patient = patient_or_404(request, patient_id, MANAGE, queryset=schedule_patient_queryset(user=request.user))
    episode = current_episode(patient)
    in_treatment = episode is not None and episode.status in IN_TREATMENT_STATUSES
    form = AppointmentForm(request.POST or None, program=episode.program) if in_treatment else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = datetime.combine(data["day"], data["start_time"], tzinfo=ZoneInfo(episode.program.time_zone))
        try:
            services.appointment_book(
                acting_user=request.user,
                episode=episode,
                session_type=data["session_type"],
                starts_at=starts_at,
                duration_minutes=data["duration_minutes"],
                facilitators=data["facilitators"],
                room=data["room"],
                telehealth_url=data["telehealth_url"],
                family_members=data["family_members"],
                title=data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Appointment booked for {data['day']:%a %Y-%m-%d} at {data['start_time']:%H:%M}."
            )
            return redirect(_week_url("patient", patient.pk, data["day"]))
    audit_record(user=request.user, action="read", object_type="appointment_form", patient_id=patient.pk)
    return render(request, "schedule/appointment_new.html", {"form": form, "patient": patient, "episode": episode})


@login_required
def session_detail(request, session_id: int):
    """One occurrence: its details; for schedulers, its topic, cancelling it and moving it."""
    session = _session_or_404(request, session_id, "schedule.view")
    can_manage = request.user.has_perm(MANAGE)
    forms = {
        "topic": TopicForm(initial={"topic": session.topic}),
        "cancel": CancelForm(),
        "move": MoveForm(program=session.program),
    }
    action = request.POST.get("action", "")
    if request.method == "POST" and action in forms:
        require_capability(request, MANAGE, object_type="session", object_id=session.pk)
        form = (
            MoveForm(request.POST, program=session.program) if action == "move" else type(forms[action])(request.POST)
        )
        forms[action] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "topic":
                    services.session_set_topic(acting_user=request.user, session=session, topic=data["topic"])
                elif action == "cancel":
                    services.session_cancel(acting_user=request.user, session=session, reason=data["reason"])
                else:
                    zone = ZoneInfo(session.program.time_zone)
                    services.session_move(
                        acting_user=request.user,
                        session=session,
                        starts_at=datetime.combine(data["day"], data["start_time"], tzinfo=zone),
                        room=data["room"],
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, {"topic": "Topic saved.", "cancel": "Session cancelled.", "move": "Session moved."}[action]
                )
                return redirect("schedule:session", session_id=session.pk)
    audit_record(
        user=request.user,
        action="read",
        object_type="session",
        object_id=session.pk,
        patient_id=session.episode.patient_id if session.episode_id else None,
    )
    zone = ZoneInfo(session.program.time_zone)
    return render(
        request,
        "schedule/session.html",
        {
            "session": session,
            "forms": forms if can_manage else {},
            "failed": action if request.method == "POST" else "",
            "local_start": session.starts_at.astimezone(zone),
            "local_end": session.ends_at.astimezone(zone),
            "facilitators": list(session.facilitators.all()),
        },
    )
