"""Medications chart tab and its forms. Every view: capability + program scope (patient_or_404), audited."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from openiop.audit.models import Action
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.core.timezones import local_today
from openiop.measures.selectors import open_alerts_for_patient
from openiop.patients.access import patient_or_404
from openiop.patients.selectors import chart_frame, current_episode, patient_chart_queryset
from openiop.privacy.lookups import object_for_user_or_404
from openiop.privacy.models import RecordCategory
from openiop.privacy.policy import records_q

from . import services
from .forms import AdministrationForm, AllergyForm, ErrorForm, MatOrderForm, MedicationForm, StopForm
from .mat import CATALOGUE
from .models import Allergy, AllergyStatus, MatOrder, Medication, MedicationStatus
from .selectors import patient_allergies, patient_mat_orders, patient_medications, recent_administrations


def _chart_patient(request, patient_id: int, capability: str):
    patient = patient_or_404(request, patient_id, capability, queryset=patient_chart_queryset(user=request.user))
    return patient, current_episode(patient)


def _chart_url(patient) -> str:
    from django.urls import reverse

    return reverse("medications:chart", args=[patient.pk])


def _form_page(request, template: str, context: dict, *, object_type: str, patient):
    audit_record(user=request.user, action=Action.READ, object_type=object_type, patient_id=patient.pk)
    return render(request, template, context)


@login_required
def chart_tab(request, patient_id: int):
    patient, episode = _chart_patient(request, patient_id, "medications.view")
    alerts = open_alerts_for_patient(patient=patient, user=request.user)
    medications = patient_medications(patient=patient, user=request.user)
    orders = patient_mat_orders(patient=patient, user=request.user)
    administrations = recent_administrations(patient=patient, user=request.user)
    allergies = patient_allergies(patient=patient)
    audit_record(
        user=request.user,
        action=Action.READ,
        object_type="chart",
        object_id="medications",
        patient_id=patient.pk,
        detail={
            "alert_ids": [a.pk for a in alerts],
            "medications": [m.pk for m in medications],
            "mat_orders": [o.pk for o in orders],
            "administrations": [a.pk for a in administrations],
            "allergies": [a.pk for a in allergies],
        },
    )
    return render(
        request,
        "medications/chart_tab.html",
        {
            **chart_frame(patient=patient, user=request.user, tab="medications", open_alerts=alerts),
            "current": [m for m in medications if m.status == MedicationStatus.ACTIVE],
            "history": [m for m in medications if m.status != MedicationStatus.ACTIVE],
            "orders": orders,
            "administrations": administrations,
            "allergies": [a for a in allergies if a.status == AllergyStatus.ACTIVE],
            "allergy_history": [a for a in allergies if a.status != AllergyStatus.ACTIVE],
        },
    )


@login_required
def allergy_add(request, patient_id: int):
    patient, _episode = _chart_patient(request, patient_id, "medications.record")
    form = AllergyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allergy_record(acting_user=request.user, patient=patient, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Allergy to {form.cleaned_data['allergen']} recorded.")
            return redirect(_chart_url(patient))
    return _form_page(
        request,
        "medications/form.html",
        {"form": form, "patient": patient, "heading": "Record an allergy", "submit": "Record allergy"},
        object_type="allergy_form",
        patient=patient,
    )


@login_required
@require_POST
def allergy_none(request, patient_id: int):
    patient, _episode = _chart_patient(request, patient_id, "medications.record")
    try:
        services.allergy_record_none(acting_user=request.user, patient=patient)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "No known allergies recorded.")
    return redirect(_chart_url(patient))


@login_required
def allergy_error(request, patient_id: int, allergy_id: int):
    patient, _episode = _chart_patient(request, patient_id, "medications.record")
    allergy = object_for_user_or_404(
        request,
        Allergy,
        allergy_id,
        object_type="allergy",
        patient_id=patient.pk,
        capability="medications.record",
        patient=patient,
    )
    form = ErrorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allergy_mark_error(acting_user=request.user, allergy=allergy, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Allergy entry marked as entered in error; it stays in the history.")
            return redirect(_chart_url(patient))
    return _form_page(
        request,
        "medications/form.html",
        {
            "form": form,
            "patient": patient,
            "heading": f"Mark as entered in error: {allergy.label}",
            "submit": "Mark entered in error",
        },
        object_type="allergy",
        patient=patient,
    )


@login_required
def medication_add(request, patient_id: int):
    patient, episode = _chart_patient(request, patient_id, "medications.record")
    if episode is None:
        raise Http404
    form = MedicationForm(
        request.POST or None,
        program_id=episode.program_id,
        initial={"started_on": local_today(episode.program.time_zone)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.medication_add(acting_user=request.user, patient=patient, episode=episode, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{data['name']} added to the medication list.")
            return redirect(_chart_url(patient))
    return _form_page(
        request,
        "medications/form.html",
        {"form": form, "patient": patient, "heading": "Add a medication", "submit": "Add medication"},
        object_type="medication_form",
        patient=patient,
    )


def _medication_or_404(request, patient, medication_id: int) -> Medication:
    return object_for_user_or_404(
        request,
        Medication.objects.filter(records_q(request.user, RecordCategory.MEDICATIONS)),
        medication_id,
        object_type="medication",
        patient_id=patient.pk,
        patient=patient,
    )


@login_required
def medication_stop(request, patient_id: int, medication_id: int):
    patient, _episode = _chart_patient(request, patient_id, "medications.record")
    medication = _medication_or_404(request, patient, medication_id)
    stop = StopForm(request.POST if request.POST.get("action") == "stop" else None, prefix="stop")
    error = ErrorForm(request.POST if request.POST.get("action") == "error" else None, prefix="error")
    if request.method == "POST" and stop.is_bound and stop.is_valid():
        try:
            services.medication_stop(acting_user=request.user, medication=medication, **stop.cleaned_data)
        except ValidationError as failure:
            add_service_errors(stop, failure)
        else:
            messages.success(request, f"{medication.name} stopped; it stays in the history.")
            return redirect(_chart_url(patient))
    if request.method == "POST" and error.is_bound and error.is_valid():
        try:
            services.medication_mark_error(acting_user=request.user, medication=medication, **error.cleaned_data)
        except ValidationError as failure:
            add_service_errors(error, failure)
        else:
            messages.success(request, f"{medication.name} marked as entered in error; it stays in the history.")
            return redirect(_chart_url(patient))
    return _form_page(
        request,
        "medications/stop.html",
        {"patient": patient, "medication": medication, "stop": stop, "error": error},
        object_type="medication",
        patient=patient,
    )


@login_required
def mat_order_new(request, patient_id: int):
    patient, episode = _chart_patient(request, patient_id, "medications.prescribe")
    if episode is None:
        raise Http404
    form = MatOrderForm(
        request.POST or None,
        program_id=episode.program_id,
        initial={"prescriber": request.user.pk, "started_on": local_today(episode.program.time_zone)},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["take_homes_allowed"] = form.take_homes()
        try:
            services.mat_order_create(acting_user=request.user, patient=patient, episode=episode, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"MAT order for {CATALOGUE[data['medication']].name} entered.")
            return redirect(_chart_url(patient))
    return _form_page(
        request,
        "medications/form.html",
        {"form": form, "patient": patient, "heading": "New MAT order", "submit": "Enter order", "catalogue": CATALOGUE},
        object_type="mat_order_form",
        patient=patient,
    )


@login_required
def mat_order_stop(request, patient_id: int, order_id: int):
    patient, _episode = _chart_patient(request, patient_id, "medications.prescribe")
    order = object_for_user_or_404(
        request,
        MatOrder.objects.filter(records_q(request.user, RecordCategory.MEDICATIONS)),
        order_id,
        object_type="mat_order",
        patient_id=patient.pk,
        patient=patient,
    )
    form = StopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mat_order_stop(acting_user=request.user, order=order, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "MAT order stopped; it stays in the history.")
            return redirect(_chart_url(patient))
    return _form_page(
        request,
        "medications/form.html",
        {"form": form, "patient": patient, "heading": f"Stop MAT order: {order.summary}", "submit": "Stop order"},
        object_type="mat_order",
        patient=patient,
    )


@login_required
def administration_new(request, patient_id: int):
    patient, episode = _chart_patient(request, patient_id, "medications.administer")
    if episode is None:
        raise Http404
    zone = ZoneInfo(episode.program.time_zone)
    # Times typed on the form are wall-clock times in the program's zone.
    with timezone.override(zone):
        form = AdministrationForm(
            request.POST or None,
            patient=patient,
            program_id=episode.program_id,
            initial={
                "given_at": timezone.localtime(timezone.now(), zone)
                .replace(second=0, microsecond=0)
                .strftime("%Y-%m-%dT%H:%M"),
                "given_by": request.user.pk,
            },
        )
        valid = request.method == "POST" and form.is_valid()
    if valid:
        data = dict(form.cleaned_data)
        data["observed"] = form.observed_value()
        try:
            services.mat_administration_record(acting_user=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Administration recorded.")
            return redirect(_chart_url(patient))
    return _form_page(
        request,
        "medications/form.html",
        {
            "form": form,
            "patient": patient,
            "heading": "Record a MAT dose",
            "submit": "Record",
            "note": f"Times in {episode.program.time_zone}.",
        },
        object_type="mat_administration_form",
        patient=patient,
    )
