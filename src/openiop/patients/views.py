from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from openiop.accounts.access import require_capability
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors

from . import services
from .access import patient_or_404
from .forms import MergeForm, PatientForm, PatientSearchForm
from .models import Patient, PatientMerge
from .selectors import chart_frame, current_episode, patient_chart_queryset, patient_search
from .services import patient_update

PAGE_SIZE = 50
CHART_TABS = (("overview", "Overview"), ("history", "Episodes and level of care"), ("team", "Care team"))


@login_required
def patient_list(request):
    require_capability(request, "patients.view_list", object_type="patient_list")
    form = PatientSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    patients = patient_search(user=request.user, query=data.get("q", ""), status=data.get("status", ""))
    page = Paginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(patient, current_episode(patient)) for patient in page]
    audit_record(
        user=request.user,
        action="read",
        object_type="patient_list",
        detail={"patient_ids": [p.pk for p, _ in rows], "searched": bool(data.get("q"))},
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": params.urlencode(), "today": timezone.localdate()}
    template = "patients/_list_results.html" if request.htmx else "patients/list.html"
    return render(request, template, context)


def _merged_redirect(request, patient_id: int):
    """A record merged into another: those who may see the kept record are sent to it; others get "not found"."""
    kept_id = Patient.objects.filter(pk=patient_id).values_list("merged_into", flat=True).first()
    if kept_id is None or not Patient.objects.visible_to(request.user).filter(pk=kept_id).exists():
        return None
    messages.info(request, "That record was a duplicate and was merged into this one.")
    return redirect("patients:chart", patient_id=kept_id)


@login_required
def patient_chart(request, patient_id: int):
    try:
        patient = patient_or_404(
            request, patient_id, "patients.view_chart", queryset=patient_chart_queryset(user=request.user)
        )
    except Http404:
        response = _merged_redirect(request, patient_id)
        if response is None:
            raise
        return response
    tab = request.GET.get("tab", "overview")
    if tab not in dict(CHART_TABS):
        tab = "overview"
    # The chart composes the clinical apps: open safety alerts show as a banner on every tab.
    from openiop.measures.selectors import open_alerts_for_patient

    open_alerts = open_alerts_for_patient(patient=patient, user=request.user)
    audit_record(
        user=request.user,
        action="read",
        object_type="chart",
        object_id=tab,
        patient_id=patient.pk,
        detail={"alert_ids": [alert.pk for alert in open_alerts]},
    )
    return render(
        request,
        "patients/chart.html",
        chart_frame(patient=patient, user=request.user, tab=tab, open_alerts=open_alerts),
    )


@login_required
def patient_edit(request, patient_id: int):
    patient = patient_or_404(request, patient_id, "patients.register")
    # No instance: validating would write the posted values onto the patient before the service compares.
    form = PatientForm(request.POST or None, initial=model_to_dict(patient, fields=PatientForm.Meta.fields))
    if request.method == "POST" and form.is_valid():
        try:
            patient_update(
                acting_user=request.user, patient=patient, **{f: form.cleaned_data[f] for f in form.Meta.fields}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("patients:chart", patient_id=patient.pk)
    audit_record(user=request.user, action="read", object_type="patient", object_id=patient.pk, patient_id=patient.pk)
    return render(request, "patients/edit.html", {"patient": patient, "form": form})


@login_required
def patient_merge(request):
    """Merge a duplicate record into the kept one (privacy officer, administrator): find both by MRN, preview
    what moves, confirm with the reason."""
    require_capability(request, "patients.merge", object_type="patient_merge")
    form = MergeForm(request.POST or None)
    preview = None
    action = request.POST.get("action")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = {p.mrn: p for p in Patient.objects.filter(mrn__in=[data["keep_mrn"], data["duplicate_mrn"]])}
        keep, duplicate = found.get(data["keep_mrn"]), found.get(data["duplicate_mrn"])
        if keep is None:
            form.add_error("keep_mrn", "No patient has this MRN.")
        if duplicate is None:
            form.add_error("duplicate_mrn", "No patient has this MRN.")
        if keep is not None and duplicate is not None:
            if action == "merge":
                try:
                    merge = services.patient_merge(
                        acting_user=request.user, keep=keep, duplicate=duplicate, reason=data["reason"]
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request, f"{duplicate.mrn} merged into {keep.mrn}: {merge.moved_count} records moved."
                    )
                    return redirect("patients:merge")
            moved = services.merge_preview(keep=keep, duplicate=duplicate)
            preview = {
                "keep": keep,
                "duplicate": duplicate,
                "moved": sorted((label, len(ids)) for label, ids in moved.items()),
            }
            audit_record(
                user=request.user,
                action="read",
                object_type="patient_merge_preview",
                detail={"patient_ids": [keep.pk, duplicate.pk]},
            )
    merges = list(PatientMerge.objects.select_related("kept", "merged", "merged_by").order_by("-merged_at")[:20])
    audit_record(
        user=request.user,
        action="read",
        object_type="patient_merge_list",
        detail={"merge_ids": [m.pk for m in merges]},
    )
    return render(request, "patients/merge.html", {"form": form, "preview": preview, "merges": merges})
