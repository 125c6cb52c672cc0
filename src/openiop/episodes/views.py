from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openiop.accounts.access import require_capability
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.core.timezones import local_today
from openiop.patients.forms import visible_candidates
from openiop.patients.services import DEMOGRAPHIC_FIELDS, PossibleDuplicate, patient_register
from openiop.privacy.lookups import object_for_user_or_404, refuse_missing

from . import services
from .forms import (
    AdmitForm,
    CareTeamForm,
    ConsentPacketForm,
    DischargeForm,
    RegistrationForm,
    StatusForm,
    TransferForm,
)
from .models import CareTeamMember, ConsentPacket, Episode
from .selectors import admission_checks, census, episode_for_user, my_caseload, work_lists_open_on_program


def _episode_or_404(request, episode_id: int, capability: str):
    require_capability(request, capability, object_type="episode", object_id=episode_id)
    episode = episode_for_user(user=request.user, episode_id=episode_id)
    if episode is None:
        refuse_missing(request, Episode, episode_id, object_type="episode", capability=capability)
    return episode


@login_required
def dashboard(request):
    if not request.user.has_perm("patients.view_list"):
        # Privacy officers and administrators have no census; send them to their own page.
        if request.user.has_perm("audit.view_report"):
            return redirect("audit:report")
        return render(request, "episodes/no_programs.html")
    # The census composes the clinical apps' work lists: open safety alerts and measures due.
    from openiop.measures.selectors import measures_due, open_alerts_for_user
    from openiop.plans.selectors import plan_review_dates
    from openiop.tasks.selectors import my_task_counts

    if not request.user.has_perm("episodes.view_census"):
        return _alumni_home(request)  # peer support: alumni only
    rows = census(user=request.user)
    caseload = list(my_caseload(user=request.user))
    show_plan_reviews = request.user.has_perm("plans.view")
    review_dates = plan_review_dates(episode_ids=[e.pk for e in caseload]) if show_plan_reviews else {}
    for episode in caseload:
        episode.plan_review = review_dates.get(episode.pk)
        episode.plan_review_status = (
            episode.plan_review.status(local_today(episode.program.time_zone)) if episode.plan_review else ""
        )
    alerts = open_alerts_for_user(user=request.user) if request.user.has_perm("measures.view") else []
    # The count is the count of the list it links to: the program for directors, the caseload for others.
    whole_program = work_lists_open_on_program(request.user)
    due = (
        measures_due(user=request.user, primary_clinician=None if whole_program else request.user)
        if request.user.has_perm("measures.view")
        else []
    )
    audit_record(
        user=request.user,
        action="read",
        object_type="census",
        detail={"patient_ids": [e.patient_id for e in caseload], "alert_ids": [a.pk for a in alerts]},
    )
    return render(
        request,
        "episodes/dashboard.html",
        {
            "rows": rows,
            "caseload": caseload,
            "show_plan_reviews": show_plan_reviews,
            "open_alerts": alerts,
            "due_count": len(due),
            "due_whole_program": whole_program,
            "overdue_count": sum(1 for _, status in due if status == "overdue"),
            "tasks": my_task_counts(user=request.user) if request.user.has_perm("tasks.view") else None,
        },
    )


def _alumni_home(request):
    """Peer support's home page: the alumni follow-up to do and their tasks. They see alumni only
    (privacy.policy.visible_q), so the census of patients in treatment, the caseload and the clinical alerts
    are not theirs to see; counts of check-ins name no one."""
    from openiop.continuity.selectors import alumni_board
    from openiop.tasks.selectors import my_task_counts

    board = alumni_board(user=request.user)
    audit_record(user=request.user, action="read", object_type="census", detail={"view": "alumni"})
    return render(
        request,
        "episodes/alumni_home.html",
        {
            "overdue_count": len(board["overdue"]),
            "due_count": len(board["due"]),
            "link_sent_count": len(board["link_sent"]),
            "alumni_groups": board["alumni_groups"],
            "tasks": my_task_counts(user=request.user),
        },
    )


@login_required
def register(request):
    require_capability(request, "patients.register", object_type="patient")
    form = RegistrationForm(request.POST or None, user=request.user)
    duplicates, hidden_duplicates = [], 0
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            patient, _episode = patient_register(
                acting_user=request.user,
                program=data["program"],
                track=data["track"],
                referral_source=data["referral_source"],
                status=data["status"],
                different_person_reason=data["different_person_reason"],
                **{name: data[name] for name in DEMOGRAPHIC_FIELDS},
            )
        except PossibleDuplicate as error:
            add_service_errors(form, error)
            duplicates, hidden_duplicates = visible_candidates(request.user, error.candidates)
            audit_record(
                user=request.user,
                action="read",
                object_type="patient_duplicates",
                detail={"patient_ids": [p.pk for p, _ in duplicates], "hidden": hidden_duplicates},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Registered with MRN {patient.mrn}.")
            return redirect("patients:chart", patient_id=patient.pk)
    return render(
        request,
        "episodes/register.html",
        {"form": form, "duplicates": duplicates, "hidden_duplicates": hidden_duplicates},
    )


def _step_evidence(episode) -> dict:
    from django.conf import settings
    from django.utils.module_loading import import_string

    provider = getattr(settings, "OPENIOP_STEP_EVIDENCE", "")
    return import_string(provider)(episode) if provider else {}


def _episode_form_view(request, episode_id, *, capability, form_class, template, call):
    episode = _episode_or_404(request, episode_id, capability)
    kwargs = {"user": request.user} if form_class in (AdmitForm, TransferForm) else {}
    initial = _initial_for(form_class, episode)
    form = form_class(request.POST or None, initial=initial, **kwargs)
    evidence = _step_evidence(episode) if form_class is TransferForm and episode.admitted_on else {}
    if request.method == "POST" and form.is_valid():
        try:
            result = call(episode, {**form.cleaned_data, "evidence": evidence})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("patients:chart", patient_id=result.patient_id)
    audit_record(
        user=request.user, action="read", object_type="episode", object_id=episode.pk, patient_id=episode.patient_id
    )
    context = {"form": form, "episode": episode, "patient": episode.patient, "evidence": evidence}
    if form_class is AdmitForm:
        context["admission_checks"] = admission_checks(episode)
    return render(request, template, context)


def _initial_for(form_class, episode) -> dict:
    level = f"{episode.level_of_care_edition}:{episode.level_of_care_code}"
    if form_class is AdmitForm:
        return {"track": episode.track_id, "level_of_care": level, "primary_clinician": episode.primary_clinician_id}
    if form_class is TransferForm:
        return {
            "program": episode.program_id,
            "track": episode.track_id,
            "phase": episode.phase_id,
            "level_of_care": level,
        }
    return {}


@login_required
def admit(request, episode_id: int):
    return _episode_form_view(
        request,
        episode_id,
        capability="episodes.admit",
        form_class=AdmitForm,
        template="episodes/admit.html",
        call=lambda episode, d: services.episode_admit(
            acting_user=request.user,
            episode=episode,
            admitted_on=d["admitted_on"],
            track=d["track"],
            level_of_care=d["level_of_care"],
            primary_clinician=d["primary_clinician"],
            phase=d["phase"],
            override_reason=d["override_reason"],
        ),
    )


@login_required
def consent_packet(request, episode_id: int):
    """The consent-to-treat packet: the documents of the program's packet, signed on screen by the patient (or
    guardian) with a typed signature, or a signed paper packet uploaded. Admission needs it."""
    from openiop.programs.models import PACKET_DOCUMENTS

    episode = _episode_or_404(request, episode_id, "episodes.admit")
    form = ConsentPacketForm(request.POST or None, request.FILES or None, program=episode.program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_packet_sign(
                acting_user=request.user,
                episode=episode,
                agreed=data["agreed"],
                signed_by_name=data["signed_by_name"],
                signer_relationship=data["signer_relationship"],
                signature_method=data["signature_method"],
                document=data["document"],
                signed_ip=request.META.get("REMOTE_ADDR", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Consent-to-treat packet signed.")
            return redirect(request.POST.get("next") or f"/patients/{episode.patient_id}/")
    packets = list(ConsentPacket.objects.filter(episode=episode).select_related("recorded_by").defer("document"))
    audit_record(
        user=request.user,
        action="read",
        object_type="consent_packet",
        object_id=episode.pk,
        patient_id=episode.patient_id,
        detail={"packet_ids": [p.pk for p in packets]},
    )
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    return render(
        request,
        "episodes/consent_packet.html",
        {
            "form": form,
            "episode": episode,
            "patient": episode.patient,
            "packets": packets,
            "missing": [PACKET_DOCUMENTS.get(k, k) for k in services.missing_packet_documents(episode)],
            "next": next_url if next_url.startswith("/") and not next_url.startswith("//") else "",
        },
    )


@login_required
def consent_packet_document(request, episode_id: int, packet_id: int):
    episode = _episode_or_404(request, episode_id, "episodes.admit")
    packet = object_for_user_or_404(
        request,
        ConsentPacket,
        packet_id,
        object_type="consent_packet",
        patient_id=episode.patient_id,
        capability="episodes.admit",
        episode=episode,
    )
    if not packet.document:
        raise Http404
    audit_record(
        user=request.user,
        action="read",
        object_type="consent_packet_document",
        object_id=packet.pk,
        patient_id=episode.patient_id,
    )
    response = HttpResponse(bytes(packet.document), content_type=packet.document_type)
    response["Content-Disposition"] = f'inline; filename="consent-packet-{packet.pk}"'
    return response


@login_required
def transfer(request, episode_id: int):
    return _episode_form_view(
        request,
        episode_id,
        capability="episodes.transfer",
        form_class=TransferForm,
        template="episodes/transfer.html",
        call=lambda episode, d: services.episode_transfer(
            acting_user=request.user,
            episode=episode,
            effective_on=d["effective_on"],
            reason=d["reason"],
            kind=d["kind"],
            program=d["program"],
            track=d["track"],
            level_of_care=d["level_of_care"],
            phase=d["phase"],
            evidence=d["evidence"],
            records_moved=d["records_moved"],
        ),
    )


@login_required
def discharge(request, episode_id: int):
    return _episode_form_view(
        request,
        episode_id,
        capability="episodes.discharge",
        form_class=DischargeForm,
        template="episodes/discharge.html",
        call=lambda episode, d: services.episode_discharge(
            acting_user=request.user,
            episode=episode,
            discharged_on=d["discharged_on"],
            reason=d["reason"],
            note=d["note"],
        ),
    )


@login_required
def change_status(request, episode_id: int):
    return _episode_form_view(
        request,
        episode_id,
        capability="episodes.change_status",
        form_class=StatusForm,
        template="episodes/status.html",
        call=lambda episode, d: services.episode_set_status(
            acting_user=request.user,
            episode=episode,
            status=d["status"],
            reason=d["reason"],
        ),
    )


@login_required
def care_team(request, episode_id: int):
    episode = _episode_or_404(request, episode_id, "episodes.manage_care_team")
    form = CareTeamForm(request.POST or None, program=episode.program)
    if request.method == "POST" and form.is_valid():
        try:
            services.care_team_add(
                acting_user=request.user,
                episode=episode,
                user=form.cleaned_data["user"],
                team_role=form.cleaned_data["team_role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Added to the care team.")
            return redirect(f"/patients/{episode.patient_id}/?tab=team")
    audit_record(
        user=request.user, action="read", object_type="care_team", object_id=episode.pk, patient_id=episode.patient_id
    )
    return render(request, "episodes/care_team.html", {"form": form, "episode": episode, "patient": episode.patient})


@login_required
@require_POST
def care_team_remove(request, episode_id: int, member_id: int):
    episode = _episode_or_404(request, episode_id, "episodes.manage_care_team")
    member = object_for_user_or_404(
        request,
        CareTeamMember,
        member_id,
        object_type="care_team_member",
        patient_id=episode.patient_id,
        capability="episodes.manage_care_team",
        episode=episode,
    )
    try:
        services.care_team_remove(acting_user=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Removed from the care team.")
    return redirect(f"/patients/{episode.patient_id}/?tab=team")
