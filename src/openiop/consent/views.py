"""Consents on the chart, releases of records under them, and the accounting of disclosures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from openiop.accounts.access import require_capability
from openiop.audit.services import audit_record
from openiop.core.csv_export import csv_writer
from openiop.core.forms import add_service_errors
from openiop.core.pdf import pdf_download
from openiop.core.timezones import local_time
from openiop.core.uploads import document_download
from openiop.measures.selectors import open_alerts_for_patient
from openiop.patients.access import patient_or_404
from openiop.patients.selectors import chart_frame, current_episode, patient_chart_queryset
from openiop.privacy.lookups import object_for_user_or_404, refuse_404

from . import services
from .forms import ConsentForm, OutsidePartyForm, ReleaseForm, RevokeForm
from .labels import label_line, labels_for_patient
from .models import Consent, Disclosure, OutsideParty
from .packet import sections_for
from .selectors import accounting, outside_parties, patient_consents, readable_consents
from .statements import NOTICE_FULL, STATEMENTS

# Registering an outside system decides who may receive records, as restricting a record decides who may see
# one: the privacy officer's capability. (A capability of its own belongs in accounts/roles.py.)
MANAGE_OUTSIDE_PARTIES = "consent.manage_outside_parties"


def _chart_patient(request, patient_id: int, capability: str):
    return patient_or_404(request, patient_id, capability, queryset=patient_chart_queryset(user=request.user))


def _consent_of(request, patient, consent_id: int) -> Consent:
    return object_for_user_or_404(
        request,
        Consent.objects.filter(readable_consents(request.user)),
        consent_id,
        object_type="consent",
        patient_id=patient.pk,
        patient=patient,
    )


@login_required
def chart_tab(request, patient_id: int):
    patient = _chart_patient(request, patient_id, "consent.view")
    consents = patient_consents(patient=patient, user=request.user)
    alerts = open_alerts_for_patient(patient=patient, user=request.user)
    audit_record(user=request.user, action="read", object_type="chart", object_id="consent", patient_id=patient.pk)
    return render(
        request,
        "consent/chart_tab.html",
        {
            **chart_frame(patient=patient, user=request.user, tab="consent", open_alerts=alerts),
            "consents": consents,
            "active_count": sum(1 for _, status in consents if status == "active"),
            "statements": STATEMENTS,
        },
    )


@login_required
def consent_new(request, patient_id: int):
    patient = _chart_patient(request, patient_id, "consent.record")
    episode = current_episode(patient)
    party = f"{episode.program.organization.name} — {episode.program.name}" if episode else ""
    form = ConsentForm(request.POST or None, request.FILES or None, disclosing_party=party)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(acting_user=request.user, patient=patient, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Consent recorded.")
            return redirect("consent:chart", patient_id=patient.pk)
    return render(request, "consent/consent_form.html", {"form": form, "patient": patient, "statements": STATEMENTS})


@login_required
def consent_revoke(request, patient_id: int, consent_id: int):
    patient = _chart_patient(request, patient_id, "consent.record")
    consent = _consent_of(request, patient, consent_id)
    form = RevokeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_revoke(acting_user=request.user, consent=consent, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Revocation recorded; no further disclosures are made under this consent.")
            return redirect("consent:chart", patient_id=patient.pk)
    return render(request, "consent/revoke.html", {"form": form, "patient": patient, "consent": consent})


@login_required
def consent_document(request, patient_id: int, consent_id: int):
    patient = _chart_patient(request, patient_id, "consent.view")
    consent = _consent_of(request, patient, consent_id)
    if not consent.document:
        refuse_404(
            request, object_type="consent_document", object_id=consent.pk, patient_id=patient.pk, reason="no_document"
        )
    audit_record(
        user=request.user, action="read", object_type="consent_document", object_id=consent.pk, patient_id=patient.pk
    )
    return document_download(bytes(consent.document), f"consent-{consent.pk}")


@login_required
def release(request, patient_id: int, consent_id: int):
    """Release records under one consent: the service decides; the packet is the PDF sent."""
    patient = _chart_patient(request, patient_id, "consent.disclose")
    consent = _consent_of(request, patient, consent_id)
    form = ReleaseForm(request.POST or None, initial={"information": consent.information})
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = services.disclosure_make(
                acting_user=request.user, patient=patient, consent=consent, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            labels = labels_for_patient(patient)
            html = render_to_string(
                "consent/packet.html",
                {
                    "patient": patient,
                    "consent": consent,
                    "disclosure": disclosure,
                    "notice": NOTICE_FULL,
                    "labels": labels,
                    "security_line": label_line(labels),
                    "sections": sections_for(
                        patient, disclosure.information, program_id=consent.program_id, viewer=request.user
                    ),
                    "statements": STATEMENTS,
                },
            )
            return pdf_download(html, f"disclosure-{disclosure.pk}.pdf")
    return render(request, "consent/release.html", {"form": form, "patient": patient, "consent": consent})


@login_required
def accounting_report(request, patient_id: int):
    """Accounting of disclosures (42 CFR 2.25): the last 3 years, on screen, as CSV or as PDF."""
    patient = _chart_patient(request, patient_id, "consent.view")
    disclosures = accounting(patient=patient, user=request.user)
    fmt = request.GET.get("format", "")
    audit_record(
        user=request.user,
        action="export" if fmt else "read",
        object_type="disclosure_accounting",
        object_id=patient.pk,
        patient_id=patient.pk,
        detail={"format": fmt or "screen", "rows": len(disclosures)},
    )
    # The accounting tells who received a patient's Part 2 records: it carries the patient's labels too.
    security_line = label_line(labels_for_patient(patient)) if fmt else ""
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="disclosures-{patient.mrn}.csv"'
        writer = csv_writer(response)
        if security_line:
            writer.writerow([security_line])
        writer.writerow(["date", "recipient", "purpose", "information", "method", "consent", "disclosed by", "labels"])
        for d in disclosures:
            writer.writerow(_row(d))
        return response
    context = {
        "patient": patient,
        "disclosures": disclosures,
        "rows": [_row(d) for d in disclosures],
        "security_line": security_line,
    }
    if fmt == "pdf":
        return pdf_download(render_to_string("consent/accounting_pdf.html", context), f"disclosures-{patient.mrn}.pdf")
    return render(request, "consent/accounting.html", context)


def _row(d: Disclosure) -> list[str]:
    return [
        local_time(d.disclosed_at),
        d.recipient_name,
        d.purpose,
        "; ".join(d.information),
        d.get_method_display(),
        f"{d.consent.get_kind_display()} signed {d.consent.signed_on:%Y-%m-%d}",
        d.disclosed_by_label,
        " ".join(d.security_labels),
    ]


# ---- outside parties' systems (privacy officer) ---------------------------------------------------------


@login_required
def outside_party_list(request):
    """Registered outside systems, and registering one: the token is shown once, on this response only."""
    require_capability(request, MANAGE_OUTSIDE_PARTIES, object_type="outside_party")
    form = OutsidePartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party, token = services.outside_party_register(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = render(request, "consent/outside_party_token.html", {"party": party, "token": token})
            response["Cache-Control"] = "no-store"
            return response
    audit_record(user=request.user, action="read", object_type="outside_party_list")
    status = 400 if form.is_bound else 200
    return render(request, "consent/outside_parties.html", {"form": form, "parties": outside_parties()}, status=status)


@login_required
def outside_party_deactivate(request, party_id: int):
    require_capability(request, MANAGE_OUTSIDE_PARTIES, object_type="outside_party", object_id=party_id)
    party = object_for_user_or_404(request, OutsideParty, party_id, object_type="outside_party")
    if request.method != "POST":
        raise Http404
    try:
        services.outside_party_deactivate(acting_user=request.user, party=party)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{party.name} is deactivated: its token is refused from now on.")
    return redirect("consent:outside_parties")
