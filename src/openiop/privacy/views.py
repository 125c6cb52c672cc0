"""Emergency access for clinicians; the privacy officer's review page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openiop.accounts.access import deny, require_capability
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.core.timezones import local_time
from openiop.patients.models import Patient

from . import services
from .forms import BreakGlassForm, PatientSearchForm, RestrictForm, ReviewForm
from .lookups import object_for_user_or_404
from .models import BreakGlassAccess
from .policy import remember_grant
from .rate_limits import lookup_failed, lookup_limit_message, lookups_exhausted
from .selectors import (
    break_glass_to_review,
    denied_attempts,
    pages_viewed_under,
    privacy_patient_search,
    restricted_patients,
)


@login_required
def break_glass(request):
    require_capability(request, "privacy.break_glass", object_type="break_glass")
    form = BreakGlassForm(request.POST or None, user=request.user)
    if request.method == "POST" and lookups_exhausted(request.user):
        deny(request, capability="privacy.break_glass", object_type="break_glass", reason="rate_limited")
        form.add_error(None, lookup_limit_message())
        return render(request, "privacy/break_glass.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "attest"}
        try:
            grant = services.break_glass_open(acting_user=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            if "mrn" in error.message_dict:
                # Recorded after the service's transaction is rolled back, so the denial stays; the MRN and
                # date of birth typed are not recorded (they may be someone's).
                lookup_failed(request.user)
                deny(request, capability="privacy.break_glass", object_type="break_glass", reason="no_matching_patient")
        else:
            remember_grant(request.session, grant)
            messages.warning(
                request,
                f"Emergency access recorded; it ends at {local_time(grant.expires_at, '%H:%M')} and the privacy "
                "officer will review it.",
            )
            return redirect("patients:chart", patient_id=grant.patient_id)
    return render(request, "privacy/break_glass.html", {"form": form})


@login_required
def dashboard(request):
    require_capability(request, "privacy.review", object_type="privacy_dashboard")
    from openiop.consent.selectors import consents_expiring, disclosures_this_month

    grants = break_glass_to_review()
    denied = denied_attempts(kind="patient_data")
    denied_sign_in = denied_attempts(kind="sign_in")
    expiring = consents_expiring()
    disclosed = disclosures_this_month()
    audit_record(
        user=request.user,
        action="read",
        object_type="privacy_dashboard",
        detail={"patient_ids": sorted({g.patient_id for g in grants} | {c.patient_id for c in expiring})},
    )
    return render(
        request,
        "privacy/dashboard.html",
        {
            "grants": grants,
            "denied": denied,
            "denied_sign_in": denied_sign_in,
            "search_form": PatientSearchForm(),
            "restricted": restricted_patients(),
            "expiring": expiring,
            "disclosed": disclosed,
        },
    )


@login_required
def review(request, grant_id: int):
    require_capability(request, "privacy.review", object_type="break_glass", object_id=grant_id)
    grant = object_for_user_or_404(request, BreakGlassAccess, grant_id, object_type="break_glass")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_review(acting_user=request.user, grant=grant, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Review recorded.")
            return redirect("privacy:dashboard")
    viewed = pages_viewed_under(grant)
    # The page shows the patient's MRN and the emergency: a read of patient data, audited like any other.
    audit_record(
        user=request.user, action="read", object_type="break_glass", object_id=grant.pk, patient_id=grant.patient_id
    )
    return render(request, "privacy/review.html", {"grant": grant, "form": form, "viewed": viewed})


@login_required
def patients(request):
    """Find a patient by name or MRN, in any program, for privacy work: consents, the accounting of
    disclosures, the patient's audit trail. Lists nobody until asked."""
    require_capability(request, "privacy.review", object_type="patient_search")
    form = PatientSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = privacy_patient_search(user=request.user, query=query)
    if query:
        audit_record(
            user=request.user,
            action="read",
            object_type="patient_search",
            detail={"patient_ids": [p.pk for p in found]},
        )
    return render(request, "privacy/patients.html", {"form": form, "patients": found, "searched": bool(query)})


@login_required
def restrict(request):
    require_capability(request, "privacy.restrict", object_type="patient_restriction")
    form = RestrictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        patient = Patient.objects.filter(mrn=form.cleaned_data["mrn"].strip().upper()).first()
        if patient is None:
            form.add_error("mrn", "No patient has this MRN.")
        else:
            try:
                services.patient_restrict(
                    acting_user=request.user,
                    patient=patient,
                    allowed_users=form.cleaned_data["allowed_users"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Record {patient.mrn} is restricted to the named staff.")
                return redirect("privacy:dashboard")
    return render(request, "privacy/restrict.html", {"form": form})


@login_required
@require_POST
def unrestrict(request, patient_id: int):
    require_capability(request, "privacy.restrict", object_type="patient_restriction", object_id=patient_id)
    patient = object_for_user_or_404(
        request, Patient, patient_id, object_type="patient_restriction", patient_id=patient_id, is_restricted=True
    )
    services.patient_unrestrict(acting_user=request.user, patient=patient)
    messages.success(request, f"Record {patient.mrn} is no longer restricted.")
    return redirect("privacy:dashboard")
