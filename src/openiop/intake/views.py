from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from openiop.accounts.access import require_capability
from openiop.audit.services import audit_record
from openiop.core.forms import add_service_errors
from openiop.core.timezones import local_date, local_today
from openiop.measures.selectors import open_alerts_for_patient
from openiop.patients.access import patient_or_404
from openiop.patients.forms import DifferentPersonForm, visible_candidates
from openiop.patients.models import Patient
from openiop.patients.selectors import chart_frame, patient_chart_queryset
from openiop.patients.services import DEMOGRAPHIC_FIELDS, PossibleDuplicate
from openiop.privacy.lookups import object_for_user_or_404, refuse_missing

from . import services, spam
from .asam import DIMENSION_SETS, RATING_SOURCE
from .forms import (
    AddendumForm,
    AdmissionForm,
    AssessmentForm,
    ContactAttemptForm,
    MoveForm,
    PhoneInquiryForm,
    PlacementForm,
    RequestHelpForm,
    ScreeningForm,
)
from .models import Assessment, Inquiry, Screening, Stage
from .screening_rules import CONFIDENCE_WORDS, QUESTIONS, flagged
from .selectors import (
    days_waiting,
    default_level_for,
    inquiry_for_user,
    intake_chart,
    pipeline_board,
    possible_duplicates,
)

# Short screens that can be ordered from the screening page, through the measures engine.
SHORT_SCREENS = ("PHQ-2", "PHQ-9", "GAD-2", "GAD-7", "AUDIT-C", "DAST-10", "C-SSRS-Screener")


# ---- public ----


@never_cache
def request_help(request):
    """The public request-help form. Anonymous; see ``spam`` for the honeypot, fill time and rate limit."""
    form = RequestHelpForm(request.POST or None, initial={"started": spam.form_token()})
    if request.method == "POST":
        if spam.rate_limited(request):
            return render(request, "intake/request_help_limited.html", status=429)
        if request.POST.get("website"):
            return redirect("intake:request_help_done")  # a bot filled the honeypot: pretend, store nothing
        age = spam.form_age_seconds(request.POST.get("started", ""))
        if age is None or age < spam.MIN_FILL_SECONDS:
            form.is_valid()
            form.add_error(None, "Please check your answers and send the form again.")
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.inquiry_submit(
                    program=data["program"],
                    first_name=data["first_name"],
                    phone=data["phone"],
                    email=data["email"],
                    concern=data["concern"],
                    preferred_times=data["preferred_times"],
                    consent_to_contact=data["consent_to_contact"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("intake:request_help_done")
        # A fresh timestamp, so a person correcting the form is timed from now.
        form.data = form.data.copy()
        form.data["started"] = spam.form_token()
    return render(request, "intake/request_help.html", {"form": form, "limit": spam})


def request_help_done(request):
    return render(request, "intake/request_help_done.html")


# ---- staff: pipeline ----


def _inquiry_or_404(request, inquiry_id: int, capability: str):
    require_capability(request, capability, object_type="inquiry", object_id=inquiry_id)
    inquiry = inquiry_for_user(user=request.user, inquiry_id=inquiry_id)
    if inquiry is None:
        refuse_missing(request, Inquiry, inquiry_id, object_type="inquiry", capability=capability)
    return inquiry


@login_required
def board(request):
    require_capability(request, "intake.view", object_type="intake_board")
    columns = pipeline_board(user=request.user)
    audit_record(
        user=request.user,
        action="read",
        object_type="intake_board",
        detail={"inquiry_ids": [inquiry.pk for column in columns for inquiry, _ in column.cards]},
    )
    return render(request, "intake/board.html", {"columns": columns})


@login_required
def log_call(request):
    require_capability(request, "intake.log_call", object_type="inquiry")
    form = PhoneInquiryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            inquiry = services.inquiry_log_call(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Inquiry {inquiry.pk} logged.")
            if request.user.has_perm("intake.view"):
                return redirect("intake:inquiry", inquiry_id=inquiry.pk)
            return redirect("intake:log_call")
    return render(request, "intake/log_call.html", {"form": form})


def _inquiry_page(request, inquiry, *, move_form=None, contact_form=None, status=200):
    allowed_stages = services.STAGE_TRANSITIONS.get(inquiry.stage, ())
    duplicates = (
        possible_duplicates(user=request.user, inquiry=inquiry)
        if inquiry.patient_id is None and inquiry.is_open
        else []
    )
    history = list(inquiry.stage_history.select_related("changed_by"))
    screenings = list(Screening.objects.filter(inquiry=inquiry).select_related("screened_by"))
    attempts = list(inquiry.contact_attempts.select_related("made_by"))
    audit_record(
        user=request.user,
        action="read",
        object_type="inquiry",
        object_id=inquiry.pk,
        patient_id=inquiry.patient_id,
        detail={"duplicate_patient_ids": [p.pk for p, _ in duplicates]},
    )
    return render(
        request,
        "intake/inquiry.html",
        {
            "inquiry": inquiry,
            "days_waiting": days_waiting(inquiry),
            "history": history,
            "screenings": screenings,
            "attempts": attempts,
            "contact_form": contact_form or ContactAttemptForm(),
            "days_since_first_contact": days_since_first_contact_of(inquiry, attempts),
            "duplicates": duplicates,
            "move_form": move_form or (MoveForm(allowed_stages=allowed_stages) if allowed_stages else None),
            "can_admit": inquiry.stage in services.ADMITTABLE_STAGES and inquiry.patient_id is not None,
        },
        status=status,
    )


@login_required
def inquiry_detail(request, inquiry_id: int):
    inquiry = _inquiry_or_404(request, inquiry_id, "intake.view")
    return _inquiry_page(request, inquiry)


def days_since_first_contact_of(inquiry, attempts) -> int | None:
    if not attempts:
        return None
    zone = inquiry.program.time_zone
    return max((local_today(zone) - local_date(attempts[0].attempted_at, zone)).days, 0)


@login_required
@require_POST
def contact_attempt(request, inquiry_id: int):
    inquiry = _inquiry_or_404(request, inquiry_id, "intake.manage")
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        try:
            services.contact_attempt_record(acting_user=request.user, inquiry=inquiry, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Contact attempt recorded.")
            return redirect("intake:inquiry", inquiry_id=inquiry.pk)
    return _inquiry_page(request, inquiry, contact_form=form, status=400)


@login_required
@require_POST
def inquiry_move(request, inquiry_id: int):
    inquiry = _inquiry_or_404(request, inquiry_id, "intake.manage")
    allowed_stages = services.STAGE_TRANSITIONS.get(inquiry.stage, ())
    form = MoveForm(request.POST, allowed_stages=allowed_stages)
    if form.is_valid():
        try:
            services.inquiry_move(acting_user=request.user, inquiry=inquiry, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Moved to {Stage(form.cleaned_data['to_stage']).label}.")
            return redirect("intake:inquiry", inquiry_id=inquiry.pk)
    return _inquiry_page(request, inquiry, move_form=form, status=400)


@login_required
def inquiry_patient(request, inquiry_id: int):
    """Possible duplicates first; then link to one of them or create a new patient."""
    inquiry = _inquiry_or_404(request, inquiry_id, "intake.manage")
    if inquiry.patient_id is not None:
        return redirect("intake:inquiry", inquiry_id=inquiry.pk)
    initial = {
        "legal_first_name": inquiry.first_name,
        "legal_last_name": inquiry.last_name,
        "date_of_birth": inquiry.date_of_birth,
        "phone": inquiry.phone,
        "email": inquiry.email,
    }
    action = request.POST.get("action")
    form = DifferentPersonForm(request.POST if action == "create" else None, initial=initial)
    hidden_duplicates = 0
    if action == "link":
        candidates = {p.pk: p for p, _ in possible_duplicates(user=request.user, inquiry=inquiry)}
        try:
            chosen = candidates.get(int(request.POST.get("patient_id", "")))
        except ValueError:
            chosen = None
        if chosen is None:
            messages.error(request, "Choose one of the possible matches listed below.")
        else:
            try:
                services.inquiry_link_patient(acting_user=request.user, inquiry=inquiry, patient=chosen)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, "Linked to the existing patient.")
                return redirect("intake:inquiry", inquiry_id=inquiry.pk)
    elif action == "create" and form.is_valid():
        try:
            services.inquiry_create_patient(
                acting_user=request.user,
                inquiry=inquiry,
                different_person_reason=form.cleaned_data["different_person_reason"],
                **{name: form.cleaned_data[name] for name in DEMOGRAPHIC_FIELDS},
            )
        except PossibleDuplicate as error:
            add_service_errors(form, error)
            hidden_duplicates = visible_candidates(request.user, error.candidates)[1]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "New patient created.")
            return redirect("intake:inquiry", inquiry_id=inquiry.pk)
    # Duplicates from what staff typed as well, so a DOB entered only now still finds the match.
    typed = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    duplicates = possible_duplicates(
        user=request.user,
        inquiry=inquiry,
        first_name=typed.get("legal_first_name", ""),
        last_name=typed.get("legal_last_name", ""),
        date_of_birth=typed.get("date_of_birth"),
        phone=typed.get("phone", ""),
        email=typed.get("email", ""),
    )
    audit_record(
        user=request.user,
        action="read",
        object_type="inquiry_duplicates",
        object_id=inquiry.pk,
        detail={"duplicate_patient_ids": [p.pk for p, _ in duplicates]},
    )
    return render(
        request,
        "intake/inquiry_patient.html",
        {"inquiry": inquiry, "form": form, "duplicates": duplicates, "hidden_duplicates": hidden_duplicates},
    )


@login_required
def screening_sources(request):
    """Help: where each screening rule comes from and how sure the source is (kept off the form itself)."""
    require_capability(request, "intake.view", object_type="screening_sources")
    rows = [(question, CONFIDENCE_WORDS[question.confidence]) for question in QUESTIONS]
    return render(request, "intake/screening_sources.html", {"rows": rows})


@login_required
def screening(request, inquiry_id: int):
    inquiry = _inquiry_or_404(request, inquiry_id, "intake.manage")
    form = ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.screening_record(
                acting_user=request.user,
                inquiry=inquiry,
                answers=form.answers(),
                outcome=data["outcome"],
                higher_level=data["higher_level"],
                referred_to=data["referred_to"],
                referral_reason=data["referral_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Screening recorded.")
            return redirect("intake:inquiry", inquiry_id=inquiry.pk)
    answers = form.answers() if form.is_bound and form.is_valid() else {}
    audit_record(
        user=request.user,
        action="read",
        object_type="screening_form",
        object_id=inquiry.pk,
        patient_id=inquiry.patient_id,
    )
    return render(
        request,
        "intake/screening.html",
        {
            "inquiry": inquiry,
            "form": form,
            "questions": QUESTIONS,
            "flagged_keys": {q.key for q in flagged(answers)},
            "short_screens": SHORT_SCREENS,
        },
    )


@login_required
def admit(request, inquiry_id: int):
    inquiry = _inquiry_or_404(request, inquiry_id, "episodes.admit")
    if inquiry.patient_id is None:
        messages.error(request, "Link the inquiry to a patient first (existing or new).")
        return redirect("intake:inquiry", inquiry_id=inquiry.pk)
    program = inquiry.program
    level = default_level_for(patient=inquiry.patient, program=program)
    initial = {
        "admitted_on": local_today(program.time_zone),
        "level_of_care": f"{level.edition}:{level.code}",
        "track": inquiry.episode.track_id if inquiry.episode else None,
    }
    assessment = Assessment.objects.filter(patient=inquiry.patient, program=program).first()
    if assessment is not None:
        for name in ("prior_episodes", "employment", "education", "living_arrangement"):
            initial[name] = getattr(assessment, name)
        for slot, row in zip(services.SUBSTANCE_SLOTS, assessment.substances, strict=False):
            for name, value in row.items():
                initial[f"{slot}_{name}"] = value
    form = AdmissionForm(request.POST or None, initial=initial, program=program)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        placement = inquiry.patient.intake_placements.filter(program=program).first()
        try:
            record = services.admission_admit(
                acting_user=request.user,
                inquiry=inquiry,
                admitted_on=data["admitted_on"],
                track=data["track"],
                level_of_care=data["level_of_care"],
                primary_clinician=data["primary_clinician"],
                teds=form.teds(),
                placement=placement,
                override_reason=data["override_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Admitted; {record.days_waiting} days from first contact.")
            if not Patient.objects.visible_to(request.user).filter(pk=inquiry.patient_id).exists():
                # Intake works the pipeline: an admitted patient's chart is the treating team's (12.12).
                return redirect("intake:inquiry", inquiry_id=inquiry.pk)
            return redirect("patients:chart", patient_id=inquiry.patient_id)
    audit_record(
        user=request.user,
        action="read",
        object_type="admission_form",
        object_id=inquiry.pk,
        patient_id=inquiry.patient_id,
    )
    from openiop.episodes.selectors import admission_checks

    checks = admission_checks(inquiry.episode) if inquiry.episode_id else None
    return render(request, "intake/admit.html", {"inquiry": inquiry, "form": form, "admission_checks": checks})


# ---- chart: screening, assessment, placement ----


def _chart_patient(request, patient_id: int, capability: str):
    return patient_or_404(request, patient_id, capability, queryset=patient_chart_queryset(user=request.user))


def _readable_assessment(request):
    """Read where privacy.policy.records_q allows (decision 0009); drafted, signed and amended only here."""
    from django.db.models import Q

    from openiop.privacy.models import RecordCategory
    from openiop.privacy.policy import records_q

    if request.method not in ("GET", "HEAD"):
        return Q(program_id__in=request.user.program_ids)
    return records_q(request.user, RecordCategory.INTAKE, program="program")


def _assessment_or_404(request, patient, assessment_id: int) -> Assessment:
    return object_for_user_or_404(
        request,
        Assessment.objects.filter(_readable_assessment(request)).select_related("program", "signed_by", "created_by"),
        assessment_id,
        object_type="intake_assessment",
        patient_id=patient.pk,
        patient=patient,
    )


def _program_for(patient):
    from openiop.patients.selectors import current_episode

    episode = current_episode(patient)
    return episode.program if episode else None


@login_required
def chart_tab(request, patient_id: int):
    patient = _chart_patient(request, patient_id, "intake.view")
    alerts = open_alerts_for_patient(patient=patient, user=request.user)
    data = intake_chart(patient=patient, user=request.user)
    audit_record(
        user=request.user,
        action="read",
        object_type="chart",
        object_id="intake",
        patient_id=patient.pk,
        detail={
            "assessments": [a.pk for a in data["assessments"]],
            "placements": [p.pk for p in data["placements"]],
            "screenings": [s.pk for s in data["screenings"]],
        },
    )
    return render(
        request,
        "intake/chart_tab.html",
        {**chart_frame(patient=patient, user=request.user, tab="intake", open_alerts=alerts), **data},
    )


@login_required
@require_POST
def assessment_start(request, patient_id: int):
    patient = _chart_patient(request, patient_id, "intake.manage")
    program = _program_for(patient)
    if program is None:
        raise Http404
    assessment = services.assessment_start(acting_user=request.user, patient=patient, program=program)
    return redirect("intake:assessment", patient_id=patient.pk, assessment_id=assessment.pk)


def _assessment_page(request, patient, assessment, form, *, status=200):
    return render(
        request,
        "intake/assessment.html",
        {
            "patient": patient,
            "assessment": assessment,
            "form": form,
            "addendum_form": AddendumForm(),
            "addenda": list(assessment.addenda.select_related("author")),
            "missing": services.missing_sections(assessment),
        },
        status=status,
    )


@login_required
def assessment(request, patient_id: int, assessment_id: int):
    patient = _chart_patient(request, patient_id, "intake.view")
    record = _assessment_or_404(request, patient, assessment_id)
    if request.method != "POST":
        audit_record(
            user=request.user, action="read", object_type="assessment", object_id=record.pk, patient_id=patient.pk
        )
        return _assessment_page(request, patient, record, AssessmentForm(initial=AssessmentForm.initial_for(record)))
    require_capability(request, "intake.manage", object_type="assessment", object_id=record.pk, patient_id=patient.pk)
    form = AssessmentForm(request.POST)
    signing = request.POST.get("action") == "sign"
    if signing:
        require_capability(request, "intake.sign", object_type="assessment", object_id=record.pk, patient_id=patient.pk)
    if form.is_valid():
        try:
            record, _changed = services.assessment_save_draft(
                acting_user=request.user, assessment=record, data=form.data_for_service()
            )
            if signing:
                # The draft is kept even when signing is refused.
                record = services.assessment_sign(acting_user=request.user, assessment=record)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Assessment signed and locked." if signing else "Draft saved.")
            if signing:
                return redirect("intake:chart", patient_id=patient.pk)
            return redirect("intake:assessment", patient_id=patient.pk, assessment_id=record.pk)
    record.refresh_from_db()
    return _assessment_page(request, patient, record, form, status=400)


@login_required
@require_POST
def assessment_draft(request, patient_id: int, assessment_id: int):
    """HTMX autosave: answers with a short status line, never a redirect."""
    patient = _chart_patient(request, patient_id, "intake.manage")
    record = _assessment_or_404(request, patient, assessment_id)
    form = AssessmentForm(request.POST)
    errors: list[str] = []
    changed: list[str] = []
    if form.is_valid():
        try:
            record, changed = services.assessment_save_draft(
                acting_user=request.user, assessment=record, data=form.data_for_service()
            )
        except ValidationError as error:
            errors = [f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()]
    else:
        errors = [
            f"{form[field].label if field in form.fields else field}: {' '.join(msgs)}"
            for field, msgs in form.errors.items()
        ]
    return render(
        request,
        "intake/_autosave_status.html",
        {"errors": errors, "changed": changed, "assessment": record},
    )


@login_required
@require_POST
def addendum_add(request, patient_id: int, assessment_id: int):
    patient = _chart_patient(request, patient_id, "intake.manage")
    record = _assessment_or_404(request, patient, assessment_id)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.addendum_add(acting_user=request.user, assessment=record, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Addendum added.")
    else:
        messages.error(request, "Write the addendum before adding it.")
    return redirect("intake:assessment", patient_id=patient.pk, assessment_id=record.pk)


@login_required
def placement(request, patient_id: int):
    patient = _chart_patient(request, patient_id, "intake.sign")
    program = _program_for(patient)
    if program is None:
        raise Http404
    edition = request.GET.get("edition") or request.POST.get("edition") or program.level_of_care_edition
    if edition not in DIMENSION_SETS:
        edition = program.level_of_care_edition
    form = PlacementForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assessment = Assessment.objects.filter(patient=patient, program=program).first()
        try:
            services.placement_record(
                acting_user=request.user,
                patient=patient,
                program=program,
                edition=edition,
                ratings=form.ratings(),
                recommended_level=data["recommended_level"],
                actual_level=data["actual_level"],
                difference_reason=data["difference_reason"],
                difference_note=data["difference_note"],
                assessment=assessment,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Placement recorded and signed.")
            return redirect("intake:chart", patient_id=patient.pk)
    audit_record(user=request.user, action="read", object_type="placement_form", patient_id=patient.pk)
    return render(
        request,
        "intake/placement.html",
        {
            "patient": patient,
            "form": form,
            "edition": edition,
            "editions": DIMENSION_SETS.values(),
            "dimension_set": DIMENSION_SETS[edition],
            "rating_source": RATING_SOURCE,
        },
    )
