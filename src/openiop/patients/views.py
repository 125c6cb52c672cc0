from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils import timezone

from openiop.accounts.access import require_capability
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors

from .access import patient_or_404
from .forms import PatientForm, PatientSearchForm
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


@login_required
def patient_chart(request, patient_id: int):
    patient = patient_or_404(
        request, patient_id, "patients.view_chart", queryset=patient_chart_queryset(user=request.user)
    )
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
