import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from openiop.accounts.access import require_capability
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.episodes.selectors import work_lists_open_on_program
from openiop.patients.access import patient_or_404
from openiop.patients.selectors import chart_frame, current_episode, patient_chart_queryset
from openiop.privacy.lookups import object_for_user_or_404
from openiop.privacy.policy import visible_through
from openiop.programs.models import Program

from . import services
from .alert_rules import shows_crisis_resources
from .forms import AcknowledgeForm, InstrumentForm, RescoreForm, SelfReportLinkForm
from .instruments import INSTRUMENTS, get_instrument
from .models import AlertStatus, MeasureResponse, MeasureScheduleRule, SafetyAlert
from .presentation import CLINICIAN_ONLY, INSTRUCTIONS
from .progress import CLINICALLY_MEANINGFUL_CHANGE, RELIABLE_CHANGE, RESPONSE
from .schedule_forms import ScheduleRuleForm
from .selectors import (
    chart_measures,
    latest_scores,
    measure_panels,
    measures_due,
    open_alerts_for_patient,
    program_census,
    readable_measures,
)


def _chart_patient(request, patient_id: int, capability: str):
    patient = patient_or_404(request, patient_id, capability, queryset=patient_chart_queryset(user=request.user))
    return patient, current_episode(patient)


SCORES_PAGE_SIZE = 100


def _program_or_404(request, program_id: int, capability: str, *, object_type: str) -> Program:
    """A program of the user's, after the role check; both refusals are audited like patient refusals."""
    require_capability(request, capability, object_type=object_type, object_id=program_id)
    return object_for_user_or_404(
        request,
        Program,
        program_id,
        object_type=object_type,
        capability=capability,
        pk__in=request.user.program_ids,
    )


def _instrument_or_404(name: str):
    if name not in INSTRUMENTS:
        raise Http404
    return get_instrument(name)


@login_required
def chart_tab(request, patient_id: int):
    patient, episode = _chart_patient(request, patient_id, "measures.view")
    responses = chart_measures(patient=patient, user=request.user)
    alerts = open_alerts_for_patient(patient=patient, user=request.user)
    panels = measure_panels(responses=responses, episode=episode)
    due = measures_due(user=request.user, patient_id=patient.pk)
    audit_record(
        user=request.user,
        action="read",
        object_type="chart",
        object_id="measures",
        patient_id=patient.pk,
        detail={"alert_ids": [a.pk for a in alerts], "responses": len(responses)},
    )
    return render(
        request,
        "measures/chart_tab.html",
        {
            **chart_frame(patient=patient, user=request.user, tab="measures", open_alerts=alerts),
            "panels": panels,
            "responses": responses,
            "due": due,
            "instruments": INSTRUMENTS.values(),
            "rules": {
                "response": RESPONSE,
                "reliable": RELIABLE_CHANGE["PCL-5"],
                "meaningful": CLINICALLY_MEANINGFUL_CHANGE["PCL-5"],
            },
        },
    )


@login_required
def record(request, patient_id: int, instrument: str):
    patient, episode = _chart_patient(request, patient_id, "measures.record")
    definition = _instrument_or_404(instrument)
    sex = patient.sex_assigned_at_birth if patient.sex_assigned_at_birth in ("female", "male") else None
    form = InstrumentForm(request.POST or None, instrument=definition, context_initial={"sex": sex})
    if request.method == "POST" and form.is_valid():
        try:
            response = services.measure_record(
                acting_user=request.user,
                patient=patient,
                episode=episode,
                instrument=instrument,
                answers=form.answers(),
                context=form.context(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            alerts = response.alerts.count()
            messages.success(
                request,
                f"{instrument} recorded: {response.total if response.total is not None else ''} "
                f"{response.band_label}." + (f" {alerts} safety alert(s) raised." if alerts else ""),
            )
            return redirect("measures:chart", patient_id=patient.pk)
    audit_record(
        user=request.user, action="read", object_type="measure_form", object_id=instrument, patient_id=patient.pk
    )
    return render(
        request,
        "measures/record.html",
        {
            "patient": patient,
            "episode": episode,
            "form": form,
            "instrument": definition,
            "instructions": INSTRUCTIONS.get(instrument, ""),
        },
    )


@login_required
def response_detail(request, patient_id: int, response_id: int):
    patient, episode = _chart_patient(request, patient_id, "measures.view")
    response = object_for_user_or_404(
        request,
        MeasureResponse.objects.select_related("administered_by").filter(readable_measures(request.user)),
        response_id,
        object_type="measure_response",
        patient_id=patient.pk,
        capability="measures.view",
        patient=patient,
    )
    definition = get_instrument(response.instrument)
    if request.method == "POST":
        require_capability(
            request, "measures.rescore", object_type="measure_response", object_id=response.pk, patient_id=patient.pk
        )
    rescore_form = None
    if len(definition.band_schemes) > 1 and request.user.has_perm("measures.rescore"):
        original = response.rescored_from or response
        rescore_form = RescoreForm(request.POST or None, instrument=definition, exclude=original.scheme)
        if request.method == "POST" and rescore_form.is_valid():
            try:
                rescored = services.measure_rescore(
                    acting_user=request.user, response=response, scheme=rescore_form.cleaned_data["scheme"]
                )
            except ValidationError as error:
                add_service_errors(rescore_form, error)
            else:
                messages.success(request, "Re-scored; the original result is kept.")
                return redirect("measures:response", patient_id=patient.pk, response_id=rescored.pk)
    audit_record(
        user=request.user, action="read", object_type="measure_response", object_id=response.pk, patient_id=patient.pk
    )
    return render(
        request,
        "measures/response.html",
        {
            "patient": patient,
            "episode": episode,
            "response": response,
            "instrument": definition,
            "answer_rows": _answer_rows(definition, response.answers),
            "rescore_form": rescore_form,
            "rescorings": list((response.rescored_from or response).rescorings.all()),
        },
    )


def _answer_rows(definition, answers) -> list[tuple[str, str]]:
    rows = []
    for index, item in enumerate(definition.items):
        value = (
            answers.get(item.key) if isinstance(answers, dict) else (answers[index] if index < len(answers) else None)
        )
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        rows.append((f"{item.key}. {item.label}", "—" if value is None else str(value)))
    return rows


@login_required
def link_issue(request, patient_id: int):
    patient, episode = _chart_patient(request, patient_id, "measures.issue_link")
    choices = [(name, i.title) for name, i in INSTRUMENTS.items() if name not in CLINICIAN_ONLY]
    form = SelfReportLinkForm(
        request.POST or None, instruments=choices, initial={"instrument": request.GET.get("instrument")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            link, token = services.self_report_link_issue(
                acting_user=request.user,
                patient=patient,
                episode=episode,
                instrument=form.cleaned_data["instrument"],
                mode=form.cleaned_data["mode"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            url = request.build_absolute_uri(reverse("self_report", args=[token]))
            svg = io.BytesIO()
            qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).save(svg)
            return render(
                request,
                "measures/link_issued.html",
                {
                    "patient": patient,
                    "episode": episode,
                    "link": link,
                    "url": url,
                    "qr_svg": svg.getvalue().decode(),
                },
            )
    return render(request, "measures/link_issue.html", {"patient": patient, "episode": episode, "form": form})


@never_cache
def self_report(request, token: str):
    """The patient's questionnaire: no staff login; the link itself is the credential."""
    try:
        link = services.self_report_link_open(token)
    except services.LinkUnusable as error:
        return _public(request, "measures/self_report_closed.html", {"message": str(error)}, status=410)
    definition = get_instrument(link.instrument)
    form = InstrumentForm(request.POST or None, instrument=definition, patient_facing=True)
    if request.method == "POST" and form.is_valid():
        try:
            response = services.self_report_submit(token=token, answers=form.answers(), context=form.context())
        except services.LinkUnusable as error:
            return _public(request, "measures/self_report_closed.html", {"message": str(error)}, status=410)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            kiosk = link.mode == "kiosk"
            if shows_crisis_resources(instrument=response.instrument, band=response.band, flags=response.flags):
                # Only what the patient needs now: the crisis lines, their program's phone, who will be told.
                program = link.episode.program
                phone_digits = "".join(c for c in program.phone if c.isdigit() or c == "+")
                return _public(
                    request,
                    "measures/self_report_crisis.html",
                    {
                        "kiosk": kiosk,
                        "phone": program.phone,
                        "phone_digits": phone_digits,
                    },
                )
            return _public(request, "measures/self_report_done.html", {"kiosk": kiosk})
    return _public(
        request,
        "measures/self_report.html",
        {
            "form": form,
            "instrument": definition,
            "instructions": INSTRUCTIONS.get(link.instrument, ""),
            "first_name": link.patient.preferred_name or link.patient.legal_first_name,
            "kiosk": link.mode == "kiosk",
        },
    )


def _public(request, template: str, context: dict, status: int = 200):
    response = render(request, template, context, status=status)
    # Referrer-Policy stays the site-wide same-origin: "no-referrer" makes browsers send Origin: null on
    # the form POST, which the CSRF check rightly refuses.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
def alert_acknowledge(request, alert_id: int):
    require_capability(request, "measures.acknowledge_alert", object_type="safety_alert", object_id=alert_id)
    alert = object_for_user_or_404(
        request,
        SafetyAlert.objects.filter(
            visible_through(request.user), episode__program_id__in=request.user.program_ids
        ).select_related("patient", "response", "assigned_to"),
        alert_id,
        object_type="safety_alert",
        capability="measures.acknowledge_alert",
    )
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and alert.status == AlertStatus.OPEN and form.is_valid():
        try:
            services.alert_acknowledge(
                acting_user=request.user,
                alert=alert,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Alert acknowledged; the action is recorded.")
            return redirect("measures:chart", patient_id=alert.patient_id)
    audit_record(
        user=request.user, action="read", object_type="safety_alert", object_id=alert.pk, patient_id=alert.patient_id
    )
    return render(request, "measures/alert.html", {"alert": alert, "form": form, "patient": alert.patient})


@login_required
def due_list(request):
    require_capability(request, "measures.view", object_type="measures_due")
    default = "all" if work_lists_open_on_program(request.user) else "mine"
    mine = request.GET.get("scope", default) == "mine"
    due = measures_due(user=request.user, primary_clinician=request.user if mine else None)
    audit_record(
        user=request.user,
        action="read",
        object_type="measures_due",
        detail={"patient_ids": sorted({item.episode.patient_id for item, _ in due})},
    )
    return render(request, "measures/due.html", {"due": due, "mine": mine})


@login_required
def program_scores(request, program_id: int):
    program = _program_or_404(request, program_id, "measures.view_program_scores", object_type="program_scores")
    instruments = sorted({r.instrument for r in MeasureScheduleRule.objects.filter(program=program)}) or [
        "PHQ-9",
        "GAD-7",
    ]
    page = Paginator(program_census(program=program, user=request.user), SCORES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = latest_scores(episodes=page, instruments=instruments, user=request.user)
    audit_record(
        user=request.user,
        action="read",
        object_type="program_scores",
        object_id=program.pk,
        detail={"patient_ids": [episode.patient_id for episode, _ in rows]},
    )
    return render(
        request,
        "measures/program_scores.html",
        {"program": program, "instruments": instruments, "rows": rows, "page": page},
    )


@login_required
def schedule(request, program_id: int):
    program = _program_or_404(request, program_id, "measures.manage_schedule", object_type="measure_schedule")
    form = ScheduleRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_rule_create(acting_user=request.user, program=program, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Rule added.")
            return redirect("measures:schedule", program_id=program.pk)
    rules = MeasureScheduleRule.objects.filter(program=program)
    return render(request, "measures/schedule.html", {"program": program, "rules": rules, "form": form})


@login_required
@require_POST
def schedule_delete(request, program_id: int, rule_id: int):
    program = _program_or_404(request, program_id, "measures.manage_schedule", object_type="measure_schedule")
    rule = object_for_user_or_404(
        request, MeasureScheduleRule, rule_id, object_type="measure_schedule", program=program
    )
    services.schedule_rule_delete(acting_user=request.user, rule=rule)
    messages.success(request, "Rule removed.")
    return redirect("measures:schedule", program_id=program_id)
