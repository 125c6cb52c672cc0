from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openiop.accounts.access import require_capability
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.core.timezones import local_today
from openiop.patients.access import patient_or_404
from openiop.patients.selectors import chart_frame, current_episode, patient_chart_queryset
from openiop.privacy.lookups import object_for_user_or_404

from . import services
from .codes import CODE_SET_VERSION, get_code, search_codes
from .forms import DiagnosisForm, MarkErrorForm, ResolveForm
from .models import Diagnosis
from .selectors import diagnoses_for_patient


def _chart_patient(request, patient_id: int, capability: str):
    patient = patient_or_404(request, patient_id, capability, queryset=patient_chart_queryset(user=request.user))
    return patient, current_episode(patient)


@login_required
def chart_tab(request, patient_id: int):
    """The Diagnoses tab: the list, and (for editors, in an open episode) the add form with code search."""
    capability = "diagnoses.edit" if request.method == "POST" else "diagnoses.view"
    patient, episode = _chart_patient(request, patient_id, capability)
    from openiop.measures.selectors import open_alerts_for_patient

    can_add = episode is not None and episode.is_open and request.user.has_perm("diagnoses.edit")
    today = local_today(episode.program.time_zone) if episode else timezone.localdate()
    form = DiagnosisForm(request.POST or None, initial={"diagnosed_on": today})
    if request.method == "POST":
        if not can_add:
            form.add_error(None, "The patient has no open episode to add a diagnosis to.")
        elif form.is_valid():
            data = form.cleaned_data
            try:
                diagnosis = services.diagnosis_add(
                    acting_user=request.user,
                    episode=episode,
                    code=data["code"],
                    rank=data["rank"],
                    diagnosed_on=data["diagnosed_on"],
                    onset_on=data["onset_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Added {diagnosis.code} {diagnosis.description}.")
                return redirect("diagnoses:chart", patient_id=patient.pk)
    alerts = open_alerts_for_patient(patient=patient, user=request.user)
    diagnoses = diagnoses_for_patient(patient=patient, user=request.user)
    audit_record(
        user=request.user,
        action="read",
        object_type="chart",
        object_id="diagnoses",
        patient_id=patient.pk,
        detail={"diagnosis_ids": [d.pk for d in diagnoses]},
    )
    query = request.GET.get("q", "") or request.POST.get("q", "")
    chosen = (form.data.get("code") or "").strip().upper() if form.is_bound else ""
    return render(
        request,
        "diagnoses/chart_tab.html",
        {
            **chart_frame(patient=patient, user=request.user, tab="diagnoses", open_alerts=alerts),
            "diagnoses": diagnoses,
            "form": form if can_add else None,
            "query": query,
            "results": search_codes(query) if query else ([get_code(chosen)] if get_code(chosen) else []),
            "chosen": chosen,
            "code_set": CODE_SET_VERSION,
            "resolve_form": ResolveForm(initial={"resolved_on": today}),
            "error_form": MarkErrorForm(),
        },
    )


@login_required
@require_GET
def search(request):
    """The code search as an HTML fragment for search-as-you-type. Reads no patient data."""
    require_capability(request, "diagnoses.view", object_type="icd10_search")
    query = request.GET.get("q", "")
    return render(
        request,
        "diagnoses/_search_results.html",
        {"results": search_codes(query), "query": query, "chosen": request.GET.get("code", "").upper()},
    )


def _diagnosis_or_404(request, patient_id: int, diagnosis_id: int):
    patient = patient_or_404(request, patient_id, "diagnoses.edit")
    return object_for_user_or_404(
        request,
        Diagnosis.objects.select_related("episode__program"),
        diagnosis_id,
        object_type="diagnosis",
        patient_id=patient.pk,
        capability="diagnoses.edit",
        patient=patient,
        episode__program_id__in=request.user.program_ids,
    )


def _apply(request, patient_id, diagnosis_id, form_class, call, done: str):
    diagnosis = _diagnosis_or_404(request, patient_id, diagnosis_id)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        problems = "; ".join(f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items())
        messages.error(request, f"Nothing was changed. {problems}")
        return redirect("diagnoses:chart", patient_id=patient_id)
    try:
        call(diagnosis, form.cleaned_data if form else {})
    except ValidationError as error:
        messages.error(request, "Nothing was changed. " + " ".join(error.messages))
    else:
        messages.success(request, f"{diagnosis.code} {done}.")
    return redirect("diagnoses:chart", patient_id=patient_id)


@login_required
@require_POST
def resolve(request, patient_id: int, diagnosis_id: int):
    return _apply(
        request,
        patient_id,
        diagnosis_id,
        ResolveForm,
        lambda d, data: services.diagnosis_resolve(
            acting_user=request.user, diagnosis=d, resolved_on=data["resolved_on"], note=data["note"]
        ),
        "resolved",
    )


@login_required
@require_POST
def mark_error(request, patient_id: int, diagnosis_id: int):
    return _apply(
        request,
        patient_id,
        diagnosis_id,
        MarkErrorForm,
        lambda d, data: services.diagnosis_mark_error(acting_user=request.user, diagnosis=d, note=data["note"]),
        "marked as entered in error",
    )


@login_required
@require_POST
def make_primary(request, patient_id: int, diagnosis_id: int):
    return _apply(
        request,
        patient_id,
        diagnosis_id,
        None,
        lambda d, data: services.diagnosis_make_primary(acting_user=request.user, diagnosis=d),
        "is now the primary diagnosis",
    )
