"""Continuity pages: the chart tab, the discharge summary with its aftercare plan, referrals, readmission,
the Alumni page and the public check-in. Views parse input, check access, call one service and render."""

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from openiop.accounts.access import require_capability
from openiop.accounts.signing import signature_verify
from openiop.audit.services import audit_record
from openiop.consent.labels import label_line, labels_for_patient
from openiop.core.forms import add_service_errors
from openiop.core.pdf import pdf_download
from openiop.core.timezones import local_today
from openiop.episodes.models import Episode
from openiop.measures.selectors import open_alerts_for_patient
from openiop.patients.access import patient_or_404
from openiop.patients.selectors import chart_frame, current_episode, patient_chart_queryset
from openiop.privacy.lookups import object_for_user_or_404, refuse_missing
from openiop.programs.models import Program

from . import services
from .checkin_rules import CHECKIN_LINK_DAYS, CONCERNS_BY_KEY
from .codes import REFERRAL_TRANSITIONS, ReferralStatus, SupportGroup
from .forms import (
    AftercareForm,
    CheckInForm,
    PatientSignForm,
    ReadmitForm,
    ReferralForm,
    ReferralStatusForm,
    SettingsForm,
    SignForm,
    SummaryForm,
)
from .models import AftercarePlan, DischargeSummary, ServiceReferral
from .schedule import checkin_days_for
from .selectors import alumni_board, continuity_chart


def _patient(request, patient_id: int, capability: str):
    return patient_or_404(request, patient_id, capability, queryset=patient_chart_queryset(user=request.user))


def _episode_of(request, patient, episode_id: int, capability: str):
    episode = next((e for e in patient.visible_episodes if e.pk == episode_id), None)
    if episode is None:
        refuse_missing(
            request, Episode, episode_id, object_type="episode", patient_id=patient.pk, capability=capability
        )
    return episode


def _summary_of(request, patient, summary_id: int, capability: str) -> DischargeSummary:
    from openiop.privacy.models import RecordCategory
    from openiop.privacy.policy import records_q

    # Read where privacy.policy.records_q allows (made here, or moved or consented here); changed only here.
    readable = records_q(request.user, RecordCategory.DISCHARGE)
    if request.method not in ("GET", "HEAD"):
        readable = Q(episode__program_id__in=request.user.program_ids)
    return object_for_user_or_404(
        request,
        DischargeSummary.objects.select_related("episode__program", "signed_by", "created_by", "aftercare").filter(
            readable
        ),
        summary_id,
        object_type="discharge_summary",
        patient_id=patient.pk,
        capability=capability,
        patient=patient,
    )


def _audit_read(request, patient, object_type: str, object_id, **detail) -> None:
    audit_record(
        user=request.user,
        action="read",
        object_type=object_type,
        object_id=object_id,
        patient_id=patient.pk,
        detail=detail,
    )


# ---- chart tab ---------------------------------------------------------------------------------------


def _status_forms(referrals, bound=None) -> None:
    for referral in referrals:
        if bound is not None and bound[0] == referral.pk:
            referral.status_form = bound[1]
        else:
            referral.status_form = ReferralStatusForm(prefix=f"r{referral.pk}", initial={"on": timezone.localdate()})
        referral.status_form.fields["status"].choices = [
            (s, ReferralStatus(s).label) for s in REFERRAL_TRANSITIONS[ReferralStatus(referral.status)]
        ]


def _render_tab(request, patient, *, referral_form=None, status_bound=None, readmit_form=None, status=200):
    chart = continuity_chart(patient=patient)
    _status_forms(chart["referrals"], status_bound)
    # Discharge summaries of another program's episodes that moved here with the patient's care (decision 0009).
    moved_summaries = []
    if request.user.has_perm("continuity.view_summary"):
        from openiop.privacy.models import RecordCategory
        from openiop.privacy.policy import records_q

        moved_summaries = list(
            DischargeSummary.objects.filter(records_q(request.user, RecordCategory.DISCHARGE), patient=patient)
            .exclude(episode_id__in=[e.pk for e in patient.visible_episodes])
            .select_related("episode__program")
            .order_by("-episode__discharged_on")
        )
    if not request.user.has_perm("continuity.view_summary"):
        # Peer support read the signed aftercare plan here, not the summary's clinical record.
        for item in chart["discharged"]:
            summary = item["summary"]
            if summary is not None and summary.status == "signed":
                item["aftercare"] = summary.aftercare
                item["support_group_labels"] = _support_group_labels(summary.aftercare)
    _audit_read(
        request,
        patient,
        "chart",
        "continuity",
        summaries=[d["summary"].pk for d in chart["discharged"] if d["summary"]] + [s.pk for s in moved_summaries],
        referrals=len(chart["referrals"]),
    )
    return render(
        request,
        "continuity/chart_tab.html",
        {
            **chart_frame(
                patient=patient,
                user=request.user,
                tab="continuity",
                open_alerts=open_alerts_for_patient(patient=patient, user=request.user),
            ),
            **chart,
            "moved_summaries": moved_summaries,
            "referral_form": referral_form or ReferralForm(initial={"suggested_on": timezone.localdate()}),
            "readmit_form": readmit_form or ReadmitForm(),
        },
        status=status,
    )


@login_required
@require_GET
def chart_tab(request, patient_id: int):
    patient = _patient(request, patient_id, "continuity.view")
    return _render_tab(request, patient)


@login_required
@require_POST
def summary_start(request, patient_id: int, episode_id: int):
    patient = _patient(request, patient_id, "continuity.edit")
    episode = _episode_of(request, patient, episode_id, "continuity.edit")
    try:
        summary = services.discharge_summary_start(acting_user=request.user, episode=episode)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("continuity:chart", patient_id=patient.pk)
    messages.success(request, "Draft assembled from the record. Review it, write the narrative and sign.")
    return redirect("continuity:summary", patient_id=patient.pk, summary_id=summary.pk)


@login_required
@require_POST
def readmit(request, patient_id: int, episode_id: int):
    patient = _patient(request, patient_id, "continuity.readmit")
    episode = _episode_of(request, patient, episode_id, "continuity.readmit")
    form = ReadmitForm(request.POST)
    if form.is_valid():
        try:
            services.readmission_create(acting_user=request.user, episode=episode, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "A new planned episode is open, linked to the discharged one. Admit it when ready."
            )
            return redirect("continuity:chart", patient_id=patient.pk)
    form.episode_id = episode.pk
    return _render_tab(request, patient, readmit_form=form, status=400)


# ---- referrals ---------------------------------------------------------------------------------------


@login_required
@require_POST
def referral_add(request, patient_id: int):
    patient = _patient(request, patient_id, "referrals.edit")
    form = ReferralForm(request.POST)
    episode = current_episode(patient)
    if form.is_valid():
        try:
            services.referral_create(acting_user=request.user, episode=episode, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Referral added.")
            return redirect("continuity:chart", patient_id=patient.pk)
    return _render_tab(request, patient, referral_form=form, status=400)


@login_required
@require_POST
def referral_status(request, patient_id: int, referral_id: int):
    patient = _patient(request, patient_id, "referrals.edit")
    referral = object_for_user_or_404(
        request,
        ServiceReferral,
        referral_id,
        object_type="service_referral",
        patient_id=patient.pk,
        capability="referrals.edit",
        patient=patient,
        episode_id__in=[e.pk for e in patient.visible_episodes],
    )
    form = ReferralStatusForm(request.POST, prefix=f"r{referral.pk}")
    if form.is_valid():
        try:
            services.referral_set_status(acting_user=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Referral marked {ReferralStatus(form.cleaned_data['status']).label.lower()}.")
            return redirect("continuity:chart", patient_id=patient.pk)
    return _render_tab(request, patient, status_bound=(referral.pk, form), status=400)


# ---- discharge summary and aftercare plan ------------------------------------------------------------


def _aftercare_initial(plan: AftercarePlan) -> dict:
    initial = {field: getattr(plan, field) for field in AftercareForm.base_fields}
    if plan.first_appointment_at:
        initial["first_appointment_at"] = timezone.localtime(plan.first_appointment_at)
    return initial


def _render_summary(
    request,
    patient,
    summary,
    *,
    summary_form=None,
    aftercare_form=None,
    sign_form=None,
    patient_sign_form=None,
    status=200,
):
    referrals = continuity_chart_referrals(patient)
    _audit_read(request, patient, "discharge_summary", summary.pk)
    return render(
        request,
        "continuity/summary.html",
        {
            **chart_frame(
                patient=patient,
                user=request.user,
                tab="continuity",
                open_alerts=open_alerts_for_patient(patient=patient, user=request.user),
            ),
            "summary": summary,
            "plan": summary.aftercare,
            "record": summary.record,
            "referrals": referrals,
            "medications_in_force": summary.record.get("medications_in_force"),
            "support_group_labels": _support_group_labels(summary.aftercare),
            "summary_form": summary_form
            or SummaryForm(
                initial={
                    "medications": summary.medications,
                    "clinician_narrative": summary.clinician_narrative,
                    "recommendations": summary.recommendations,
                }
            ),
            "aftercare_form": aftercare_form or AftercareForm(initial=_aftercare_initial(summary.aftercare)),
            "sign_form": sign_form or SignForm(),
            "patient_sign_form": patient_sign_form
            or PatientSignForm(
                initial={
                    "signed_name": patient.legal_name,
                    "signed_on": local_today(summary.episode.program.time_zone),
                }
            ),
        },
        status=status,
    )


def continuity_chart_referrals(patient):
    from .selectors import patient_referrals

    return patient_referrals(patient=patient, episode_ids=[e.pk for e in patient.visible_episodes])


def _support_group_labels(plan: AftercarePlan) -> list[str]:
    labels = dict(SupportGroup.choices)
    return [labels[g] for g in plan.support_groups if g in labels]


@login_required
@require_GET
def summary_page(request, patient_id: int, summary_id: int):
    patient = _patient(request, patient_id, "continuity.view_summary")
    summary = _summary_of(request, patient, summary_id, "continuity.view_summary")
    return _render_summary(request, patient, summary)


def _draft_status(request, form, *, saved: bool, changed: list[str], errors=None):
    """The HTMX answer to an autosave or a Save click: a status line, never a redirect (the page and the other
    form stay as they are). X-Draft-Status tells the page's script whether the draft reached the server."""
    if errors is None:
        errors = [
            f"{form[field].label if field in form.fields else 'Form'}: {' '.join(messages_)}"
            for field, messages_ in form.errors.items()
        ]
    response = render(request, "continuity/_draft_status.html", {"errors": errors, "changed": changed})
    response["X-Draft-Status"] = "saved" if saved else "refused"
    return response


def _service_errors(form, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        f"{form[field].label if field in form.fields else 'Form'}: {' '.join(messages_)}"
        for field, messages_ in error.message_dict.items()
    ]


@login_required
@require_POST
def summary_edit(request, patient_id: int, summary_id: int):
    patient = _patient(request, patient_id, "continuity.edit")
    summary = _summary_of(request, patient, summary_id, "continuity.edit")
    form = SummaryForm(request.POST)
    if request.htmx:
        if not form.is_valid():
            return _draft_status(request, form, saved=False, changed=[])
        try:
            summary = services.discharge_summary_update(acting_user=request.user, summary=summary, **form.cleaned_data)
        except ValidationError as error:
            return _draft_status(request, form, saved=False, changed=[], errors=_service_errors(form, error))
        return _draft_status(request, form, saved=True, changed=summary.changed_fields)
    if form.is_valid():
        try:
            services.discharge_summary_update(acting_user=request.user, summary=summary, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Discharge summary saved (draft).")
            return redirect("continuity:summary", patient_id=patient.pk, summary_id=summary.pk)
    return _render_summary(request, patient, summary, summary_form=form, status=400)


@login_required
@require_POST
def aftercare_edit(request, patient_id: int, summary_id: int):
    patient = _patient(request, patient_id, "continuity.edit")
    summary = _summary_of(request, patient, summary_id, "continuity.edit")
    form = AftercareForm(request.POST)
    if request.htmx:
        if not form.is_valid():
            return _draft_status(request, form, saved=False, changed=[])
        try:
            plan = services.aftercare_plan_update(acting_user=request.user, plan=summary.aftercare, **form.cleaned_data)
        except ValidationError as error:
            return _draft_status(request, form, saved=False, changed=[], errors=_service_errors(form, error))
        return _draft_status(request, form, saved=True, changed=plan.changed_fields)
    if form.is_valid():
        try:
            services.aftercare_plan_update(acting_user=request.user, plan=summary.aftercare, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Aftercare plan saved (draft).")
            return redirect("continuity:summary", patient_id=patient.pk, summary_id=summary.pk)
    return _render_summary(request, patient, summary, aftercare_form=form, status=400)


@login_required
@require_POST
def summary_refresh(request, patient_id: int, summary_id: int):
    patient = _patient(request, patient_id, "continuity.edit")
    summary = _summary_of(request, patient, summary_id, "continuity.edit")
    try:
        services.discharge_summary_refresh(acting_user=request.user, summary=summary)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The facts were assembled again from the record.")
    return redirect("continuity:summary", patient_id=patient.pk, summary_id=summary.pk)


@login_required
@require_POST
def summary_sign(request, patient_id: int, summary_id: int):
    patient = _patient(request, patient_id, "continuity.sign")
    summary = _summary_of(request, patient, summary_id, "continuity.sign")
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.discharge_summary_sign(
                acting_user=request.user,
                summary=summary,
                typed_name=form.cleaned_data["typed_name"],
                signature=signature_verify(user=request.user, secret=form.cleaned_data["signing_secret"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Signed: the discharge summary and aftercare plan are locked.")
            return redirect("continuity:summary", patient_id=patient.pk, summary_id=summary.pk)
    return _render_summary(request, patient, summary, sign_form=form, status=400)


@login_required
@require_POST
def aftercare_patient_sign(request, patient_id: int, summary_id: int):
    """The patient's signature on the signed aftercare plan, recorded by the clinician with the patient."""
    patient = _patient(request, patient_id, "continuity.edit")
    summary = _summary_of(request, patient, summary_id, "continuity.edit")
    form = PatientSignForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.aftercare_patient_sign(acting_user=request.user, plan=summary.aftercare, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The patient's signature is on the aftercare plan.")
            return redirect("continuity:summary", patient_id=patient.pk, summary_id=summary.pk)
    return _render_summary(request, patient, summary, patient_sign_form=form, status=400)


@login_required
@require_GET
def summary_pdf(request, patient_id: int, summary_id: int):
    """The discharge summary and aftercare plan as a PDF for the patient (crisis numbers included)."""
    patient = _patient(request, patient_id, "continuity.view_summary")
    summary = _summary_of(request, patient, summary_id, "continuity.view_summary")
    html = render_to_string(
        "continuity/pdf.html",
        {
            "patient": patient,
            "summary": summary,
            "record": summary.record,
            "plan": summary.aftercare,
            "support_group_labels": _support_group_labels(summary.aftercare),
            "referrals": continuity_chart_referrals(patient),
            "printed_at": timezone.localtime(),
            "security_line": label_line(labels_for_patient(patient)),
        },
    )
    response = pdf_download(html, f"discharge-summary-{patient.mrn}.pdf")
    audit_record(
        user=request.user,
        action="export",
        object_type="discharge_summary",
        object_id=summary.pk,
        patient_id=patient.pk,
        detail={"format": "pdf", "status": summary.status},
    )
    return response


# ---- alumni ------------------------------------------------------------------------------------------


@login_required
@require_GET
def alumni(request):
    require_capability(request, "alumni.view", object_type="alumni_board")
    board = alumni_board(user=request.user)
    audit_record(
        user=request.user,
        action="read",
        object_type="alumni_board",
        object_id="",
        detail={
            "episode_ids": sorted(
                {item.episode.pk for key in ("overdue", "due", "link_sent", "answered") for item in board[key]}
            )
        },
    )
    return render(
        request,
        "continuity/alumni.html",
        {**board, "concerns": CONCERNS_BY_KEY, "programs": Program.objects.filter(pk__in=request.user.program_ids)},
    )


@login_required
@require_POST
def checkin_link(request, patient_id: int, episode_id: int, day_number: int):
    patient = _patient(request, patient_id, "alumni.manage")
    episode = _episode_of(request, patient, episode_id, "alumni.manage")
    try:
        checkin, token = services.checkin_link_issue(acting_user=request.user, episode=episode, day_number=day_number)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("continuity:chart", patient_id=patient.pk)
    url = request.build_absolute_uri(reverse("continuity:checkin", args=[token]))
    svg = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).save(svg)
    return render(
        request,
        "continuity/link_issued.html",
        {
            "patient": patient,
            "checkin": checkin,
            "url": url,
            "qr_svg": svg.getvalue().decode(),
            "days": CHECKIN_LINK_DAYS,
        },
    )


@login_required
def aftercare_settings(request, program_id: int):
    require_capability(request, "programs.manage_settings", object_type="aftercare_settings", object_id=program_id)
    program = object_for_user_or_404(
        request,
        Program,
        program_id,
        object_type="aftercare_settings",
        capability="programs.manage_settings",
        pk__in=request.user.program_ids,
    )
    days = checkin_days_for(program)
    form = SettingsForm(request.POST or None, initial={"checkin_days": ", ".join(map(str, days))})
    if request.method == "POST" and form.is_valid():
        try:
            services.aftercare_settings_update(
                acting_user=request.user, program=program, checkin_days=form.cleaned_data["checkin_days"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Alumni check-in schedule saved.")
            return redirect("continuity:settings", program_id=program.pk)
    return render(
        request,
        "continuity/settings.html",
        {"program": program, "form": form, "days": days},
        status=400 if form.errors else 200,
    )


# ---- the public check-in -----------------------------------------------------------------------------


def _public(request, template: str, context: dict, status: int = 200):
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def checkin(request, token: str):
    """The alumni check-in: no staff login; the link itself is the credential (one use, expiring)."""
    try:
        item = services.checkin_open(token)
    except services.LinkUnusable as error:
        return _public(request, "continuity/checkin_closed.html", {"message": str(error)}, status=410)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_submit(token=token, answers=form.answers())
        except services.LinkUnusable as error:
            return _public(request, "continuity/checkin_closed.html", {"message": str(error)}, status=410)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _public(request, "continuity/checkin_done.html", {})
    return _public(
        request,
        "continuity/checkin.html",
        {
            "form": form,
            "first_name": item.patient.preferred_name or item.patient.legal_first_name,
            "program": item.episode.program.name,
        },
        status=400 if form.errors else 200,
    )
