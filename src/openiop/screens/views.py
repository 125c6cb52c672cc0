"""Screens chart tab, the record form and one collection's page. Capability + program scope, audited."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from openiop.audit.models import Action
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.measures.selectors import open_alerts_for_patient
from openiop.patients.access import patient_or_404
from openiop.patients.selectors import chart_frame, current_episode, patient_chart_queryset
from openiop.privacy.lookups import refuse_missing

from . import services
from .forms import MarkExpectedForm, ScreenForm
from .models import ScreenCollection
from .selectors import collection_for_patient, last_positives, screen_trend


def _chart_patient(request, patient_id: int, capability: str):
    patient = patient_or_404(request, patient_id, capability, queryset=patient_chart_queryset(user=request.user))
    return patient, current_episode(patient)


@login_required
def chart_tab(request, patient_id: int):
    patient, _episode = _chart_patient(request, patient_id, "screens.view")
    alerts = open_alerts_for_patient(patient=patient, user=request.user)
    collections, rows = screen_trend(patient=patient, user=request.user)
    positives = last_positives(patient=patient, user=request.user)
    audit_record(
        user=request.user,
        action=Action.READ,
        object_type="chart",
        object_id="screens",
        patient_id=patient.pk,
        detail={"alert_ids": [a.pk for a in alerts], "collections": [c.pk for c in collections]},
    )
    return render(
        request,
        "screens/chart_tab.html",
        {
            **chart_frame(patient=patient, user=request.user, tab="screens", open_alerts=alerts),
            "collections": collections,
            "rows": rows,
            "last_positives": positives,
        },
    )


@login_required
def record(request, patient_id: int):
    patient, episode = _chart_patient(request, patient_id, "screens.record")
    if episode is None or not episode.is_open:
        raise Http404
    zone = ZoneInfo(episode.program.time_zone)
    with timezone.override(zone):  # the form's times are wall-clock times in the program's zone
        form = ScreenForm(
            request.POST or None,
            program_id=episode.program_id,
            initial={
                "collected_at": timezone.localtime(timezone.now(), zone).strftime("%Y-%m-%dT%H:%M"),
                "collected_by": request.user.pk,
                "observed": "yes",
            },
        )
        valid = request.method == "POST" and form.is_valid()
    if valid:
        data = form.cleaned_data
        try:
            collection = services.screen_collection_record(
                acting_user=request.user,
                patient=patient,
                episode=episode,
                collected_at=data["collected_at"],
                observed=data["observed"] == "yes",
                specimen=data["specimen"],
                method=data["method"],
                chain_of_custody_id=data["chain_of_custody_id"],
                collected_by=data["collected_by"],
                results=form.results(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Screen recorded.")
            return redirect("screens:collection", patient.pk, collection.pk)
    audit_record(user=request.user, action=Action.READ, object_type="screen_form", patient_id=patient.pk)
    return render(
        request,
        "screens/record.html",
        {"form": form, "patient": patient, "time_zone": episode.program.time_zone},
    )


@login_required
def collection_detail(request, patient_id: int, collection_id: int):
    capability = "screens.record" if request.method == "POST" else "screens.view"
    patient, _episode = _chart_patient(request, patient_id, capability)
    collection = collection_for_patient(patient=patient, user=request.user, collection_id=collection_id)
    if collection is None:
        refuse_missing(request, ScreenCollection, collection_id, object_type="screen_collection", patient_id=patient.pk)
    form = MarkExpectedForm(request.POST or None)
    failed_result_id = None
    if request.method == "POST":
        result = next((r for r in collection.results.all() if str(r.pk) == request.POST.get("result")), None)
        if result is None:
            raise Http404
        if form.is_valid():
            try:
                services.screen_result_mark_expected(
                    acting_user=request.user, result=result, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{result.analyte_label} marked expected.")
                return redirect(reverse("screens:collection", args=[patient.pk, collection.pk]))
        failed_result_id = result.pk
    audit_record(
        user=request.user,
        action=Action.READ,
        object_type="screen_collection",
        object_id=collection.pk,
        patient_id=patient.pk,
    )
    return render(
        request,
        "screens/collection.html",
        {"patient": patient, "collection": collection, "form": form, "failed_result_id": failed_result_id},
    )
