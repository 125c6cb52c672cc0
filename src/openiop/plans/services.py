"""Treatment-plan writes. Every service validates, writes and audits in one transaction.

A draft is editable until its first signature; once the patient, the clinician and a supervisor have
signed, the plan is locked and every edit is refused. Change comes as a new version (``plan_revise``).
Errors are ValidationError keyed by form field, so the page shows them beside the field.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from openiop.accounts.roles import CLINICAL_ROLES
from openiop.accounts.signing import Signature, signature_method
from openiop.audit.services import audit_record
from openiop.core.timezones import local_date, local_today
from openiop.diagnoses.models import DiagnosisStatus
from openiop.episodes.models import Episode
from openiop.measures.instruments import INSTRUMENTS

from .models import (
    Goal,
    Intervention,
    Objective,
    PlanReview,
    PlanSignature,
    PlanStatus,
    Problem,
    ReviewOutcome,
    SignerRole,
    TreatmentPlan,
)
from .rules import ASAM_DIMENSIONS, COMPARATORS, Modality

TEXT_LIMIT = 2000


def _fail(field: str, message: str):
    raise ValidationError({field: message})


def _audit(acting_user, plan: TreatmentPlan, action: str, **detail) -> None:
    audit_record(
        user=acting_user,
        action=action,
        object_type="treatment_plan",
        object_id=plan.pk,
        patient_id=plan.patient_id,
        detail={"version": plan.version, "status": plan.status, "episode_id": plan.episode_id, **detail},
    )


def _text(field: str, value: str, what: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        _fail(field, f"Enter {what}.")
    if len(value) > TEXT_LIMIT:
        _fail(field, f"Keep {what} under {TEXT_LIMIT} characters (it has {len(value)}).")
    return value


def _editable(plan: TreatmentPlan) -> TreatmentPlan:
    """The plan, locked for this transaction, if it may still be edited."""
    plan = TreatmentPlan.objects.select_for_update().select_related("episode__program").get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        _fail(
            "__all__",
            f"Version {plan.version} is {plan.get_status_display().lower()} and locked; revise it to change the plan.",
        )
    signed = list(plan.signatures.values_list("role", flat=True))
    if signed:
        roles = ", ".join(SignerRole(r).label.lower() for r in signed)
        _fail("__all__", f"The draft has been signed ({roles}); a signed text cannot change.")
    return plan


def _next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


# ---- plans -----------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, acting_user, episode: Episode) -> TreatmentPlan:
    if not episode.is_open:
        _fail("__all__", f"A plan is written for an open episode; this one is {episode.get_status_display().lower()}.")
    if TreatmentPlan.objects.filter(episode=episode).exists():
        _fail("__all__", "This episode already has a plan; open it, or revise the signed version.")
    plan = TreatmentPlan.objects.create(
        patient_id=episode.patient_id, episode=episode, version=1, created_by=acting_user
    )
    _audit(acting_user, plan, "create")
    return plan


@transaction.atomic
def plan_revise(*, acting_user, plan: TreatmentPlan) -> TreatmentPlan:
    """A new draft version with a copy of every row of the signed plan (new rows; nothing shared)."""
    plan = TreatmentPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.SIGNED:
        _fail(
            "__all__",
            f"Only the signed plan in force can be revised; version {plan.version} is "
            f"{plan.get_status_display().lower()}.",
        )
    if TreatmentPlan.objects.filter(episode_id=plan.episode_id, status=PlanStatus.DRAFT).exists():
        _fail("__all__", "A revision of this plan is already in draft; finish that one.")
    top = TreatmentPlan.objects.filter(episode_id=plan.episode_id).aggregate(top=Max("version"))["top"]
    draft = TreatmentPlan.objects.create(
        patient_id=plan.patient_id,
        episode_id=plan.episode_id,
        version=top + 1,
        revised_from=plan,
        created_by=acting_user,
    )
    for problem in plan.problems.prefetch_related("diagnoses", "goals__objectives__interventions"):
        new_problem = Problem.objects.create(
            plan=draft,
            position=problem.position,
            statement=problem.statement,
            asam_dimensions=list(problem.asam_dimensions),
        )
        new_problem.diagnoses.set([d for d in problem.diagnoses.all() if d.status == DiagnosisStatus.ACTIVE])
        for goal in problem.goals.all():
            new_goal = Goal.objects.create(problem=new_problem, position=goal.position, statement=goal.statement)
            for objective in goal.objectives.all():
                new_objective = Objective.objects.create(
                    goal=new_goal,
                    position=objective.position,
                    description=objective.description,
                    target_on=objective.target_on,
                    measure_instrument=objective.measure_instrument,
                    measure_comparator=objective.measure_comparator,
                    measure_value=objective.measure_value,
                )
                Intervention.objects.bulk_create(
                    Intervention(
                        objective=new_objective,
                        position=i.position,
                        modality=i.modality,
                        description=i.description,
                        frequency=i.frequency,
                        responsible_staff_id=i.responsible_staff_id,
                    )
                    for i in objective.interventions.all()
                )
    _audit(acting_user, draft, "create", event="revise", revised_from_id=plan.pk)
    return draft


# ---- problems, goals, objectives, interventions -------------------------------------------------------


def _check_problem(plan, statement, asam_dimensions, diagnoses):
    statement = _text("statement", statement, "the problem statement")
    dimensions = sorted(set(asam_dimensions or []))
    wrong = [d for d in dimensions if d not in ASAM_DIMENSIONS]
    if wrong:
        _fail("asam_dimensions", f"ASAM dimensions are numbered 1 to 6; {', '.join(map(str, wrong))} is not one.")
    diagnoses = list(diagnoses or [])
    for diagnosis in diagnoses:
        if diagnosis.episode_id != plan.episode_id or diagnosis.status != DiagnosisStatus.ACTIVE:
            _fail("diagnoses", f"{diagnosis.code} is not an active diagnosis of this episode.")
    return statement, dimensions, diagnoses


@transaction.atomic
def problem_add(*, acting_user, plan, statement: str, asam_dimensions=(), diagnoses=()) -> Problem:
    plan = _editable(plan)
    statement, dimensions, diagnoses = _check_problem(plan, statement, asam_dimensions, diagnoses)
    problem = Problem.objects.create(
        plan=plan, position=_next_position(plan.problems), statement=statement, asam_dimensions=dimensions
    )
    problem.diagnoses.set(diagnoses)
    _audit(acting_user, plan, "update", event="problem_add", problem_id=problem.pk)
    return problem


@transaction.atomic
def problem_update(*, acting_user, problem: Problem, statement: str, asam_dimensions=(), diagnoses=()) -> Problem:
    plan = _editable(problem.plan)
    statement, dimensions, diagnoses = _check_problem(plan, statement, asam_dimensions, diagnoses)
    problem.statement, problem.asam_dimensions = statement, dimensions
    problem.save()
    problem.diagnoses.set(diagnoses)
    _audit(acting_user, plan, "update", event="problem_update", problem_id=problem.pk)
    return problem


@transaction.atomic
def goal_add(*, acting_user, problem: Problem, statement: str) -> Goal:
    plan = _editable(problem.plan)
    statement = _text("statement", statement, "the goal in the patient's own words")
    goal = Goal.objects.create(problem=problem, position=_next_position(problem.goals), statement=statement)
    _audit(acting_user, plan, "update", event="goal_add", goal_id=goal.pk)
    return goal


@transaction.atomic
def goal_update(*, acting_user, goal: Goal, statement: str) -> Goal:
    plan = _editable(goal.problem.plan)
    goal.statement = _text("statement", statement, "the goal in the patient's own words")
    goal.save()
    _audit(acting_user, plan, "update", event="goal_update", goal_id=goal.pk)
    return goal


def _check_objective(plan, description, target_on, measure_instrument, measure_comparator, measure_value):
    description = _text("description", description, "the measurable objective")
    if target_on is None:
        _fail("target_on", "Enter the target date (YYYY-MM-DD).")
    today = local_today(plan.episode.program.time_zone)
    if target_on < today:
        _fail("target_on", f"The target date cannot be in the past (today is {today}).")
    measure_instrument = (measure_instrument or "").strip()
    if not measure_instrument:
        if measure_comparator or measure_value is not None:
            _fail("measure_instrument", "Choose the measure the target applies to, or clear the comparison and value.")
        return description, target_on, "", "", None
    scored = sorted(name for name, i in INSTRUMENTS.items() if i.total_range)
    instrument = INSTRUMENTS.get(measure_instrument)
    if instrument is None or not instrument.total_range:
        _fail("measure_instrument", f"Choose a measure with a total score: {', '.join(scored)}.")
    if measure_comparator not in COMPARATORS:
        allowed = ", ".join(f"{k} ({c.words})" for k, c in COMPARATORS.items())
        _fail("measure_comparator", f"Choose how the total compares with the value: {allowed}.")
    low, high = instrument.total_range
    if measure_value is None or not low <= measure_value <= high:
        _fail("measure_value", f"Enter a {instrument.name} total from {low} to {high}.")
    return description, target_on, measure_instrument, measure_comparator, measure_value


@transaction.atomic
def objective_add(
    *,
    acting_user,
    goal: Goal,
    description: str,
    target_on: date,
    measure_instrument: str = "",
    measure_comparator: str = "",
    measure_value: int | None = None,
) -> Objective:
    plan = _editable(goal.problem.plan)
    description, target_on, instrument, comparator, value = _check_objective(
        plan, description, target_on, measure_instrument, measure_comparator, measure_value
    )
    objective = Objective.objects.create(
        goal=goal,
        position=_next_position(goal.objectives),
        description=description,
        target_on=target_on,
        measure_instrument=instrument,
        measure_comparator=comparator,
        measure_value=value,
    )
    _audit(acting_user, plan, "update", event="objective_add", objective_id=objective.pk)
    return objective


@transaction.atomic
def objective_update(
    *,
    acting_user,
    objective: Objective,
    description: str,
    target_on: date,
    measure_instrument: str = "",
    measure_comparator: str = "",
    measure_value: int | None = None,
) -> Objective:
    plan = _editable(objective.goal.problem.plan)
    (
        objective.description,
        objective.target_on,
        objective.measure_instrument,
        objective.measure_comparator,
        objective.measure_value,
    ) = _check_objective(plan, description, target_on, measure_instrument, measure_comparator, measure_value)
    objective.save()
    _audit(acting_user, plan, "update", event="objective_update", objective_id=objective.pk)
    return objective


def _check_intervention(plan, modality, description, frequency, responsible_staff):
    if modality not in Modality.values:
        _fail("modality", f"Choose a modality: {', '.join(Modality.labels)}.")
    description = _text("description", description, "the intervention", required=False)
    frequency = _text("frequency", frequency, "how often (e.g. 3 groups/week)")
    if len(frequency) > 100:
        _fail("frequency", "Keep the frequency under 100 characters.")
    program = plan.episode.program
    if responsible_staff is None:
        _fail("responsible_staff", "Choose the staff member responsible.")
    if (
        not responsible_staff.is_active
        or responsible_staff.role not in CLINICAL_ROLES
        or program.pk not in responsible_staff.program_ids
    ):
        _fail("responsible_staff", f"{responsible_staff.display_name} is not active clinical staff of {program.name}.")
    return modality, description, frequency, responsible_staff


@transaction.atomic
def intervention_add(
    *, acting_user, objective: Objective, modality: str, frequency: str, responsible_staff, description: str = ""
) -> Intervention:
    plan = _editable(objective.goal.problem.plan)
    modality, description, frequency, staff = _check_intervention(
        plan, modality, description, frequency, responsible_staff
    )
    intervention = Intervention.objects.create(
        objective=objective,
        position=_next_position(objective.interventions),
        modality=modality,
        description=description,
        frequency=frequency,
        responsible_staff=staff,
    )
    _audit(acting_user, plan, "update", event="intervention_add", intervention_id=intervention.pk)
    return intervention


@transaction.atomic
def intervention_update(
    *, acting_user, intervention: Intervention, modality: str, frequency: str, responsible_staff, description: str = ""
) -> Intervention:
    plan = _editable(intervention.objective.goal.problem.plan)
    (
        intervention.modality,
        intervention.description,
        intervention.frequency,
        intervention.responsible_staff,
    ) = _check_intervention(plan, modality, description, frequency, responsible_staff)
    intervention.save()
    _audit(acting_user, plan, "update", event="intervention_update", intervention_id=intervention.pk)
    return intervention


def _plan_of(item) -> TreatmentPlan:
    if isinstance(item, Problem):
        return item.plan
    if isinstance(item, Goal):
        return item.problem.plan
    if isinstance(item, Objective):
        return item.goal.problem.plan
    return item.objective.goal.problem.plan


@transaction.atomic
def plan_item_remove(*, acting_user, item: Problem | Goal | Objective | Intervention) -> None:
    """Remove a problem, goal, objective or intervention (and what hangs below it) from a draft."""
    plan = _editable(_plan_of(item))
    kind, item_id = type(item).__name__.lower(), item.pk
    item.delete()
    _audit(acting_user, plan, "update", event=f"{kind}_remove", **{f"{kind}_id": item_id})


# ---- signatures -------------------------------------------------------------------------------------


def _same_name(typed: str, *names: str) -> bool:
    def normal(text: str) -> str:
        return " ".join((text or "").split()).casefold()

    return normal(typed) in {normal(n) for n in names if n}


def _check_complete(plan: TreatmentPlan) -> None:
    problems = list(plan.problems.prefetch_related("goals__objectives__interventions"))
    if not problems:
        _fail("__all__", "The plan has no problems yet; add at least one before it is signed.")
    for number, problem in enumerate(problems, start=1):
        goals = list(problem.goals.all())
        if not goals:
            _fail("__all__", f"Problem {number} has no goal; every problem needs a goal in the patient's words.")
        for goal in goals:
            objectives = list(goal.objectives.all())
            if not objectives:
                _fail("__all__", f"A goal of problem {number} has no measurable objective.")
            if any(not list(o.interventions.all()) for o in objectives):
                _fail("__all__", f"An objective of problem {number} has no intervention.")


@transaction.atomic
def plan_sign(
    *,
    acting_user,
    plan: TreatmentPlan,
    role: str,
    typed_name: str,
    signature: Signature | None = None,
    ip_address: str = "",
) -> PlanSignature:
    """Record one typed signature; the third locks the plan and supersedes the version it revised. A staff
    signature needs ``signature``, the signer's re-authentication (accounts.signing); the patient's signature
    is witnessed by ``acting_user`` on their screen and needs none."""
    plan = TreatmentPlan.objects.select_for_update().select_related("episode__program", "patient").get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        _fail("__all__", f"Version {plan.version} is already {plan.get_status_display().lower()}.")
    if role not in SignerRole.values:
        _fail("role", f"Sign as one of: {', '.join(SignerRole.values)}.")
    if plan.signatures.filter(role=role).exists():
        _fail("typed_name", f"The {SignerRole(role).label.lower()} has already signed this version.")
    _check_complete(plan)
    typed_name = " ".join((typed_name or "").split())
    if not typed_name:
        _fail("typed_name", "Type the full name to sign.")
    program = plan.episode.program
    if program.pk not in acting_user.program_ids or not acting_user.has_perm("plans.sign"):
        _fail("__all__", f"{acting_user.display_name} may not sign plans in {program.name}.")
    signature_record = PlanSignature(
        plan=plan, role=role, typed_name=typed_name, signed_at=timezone.now(), ip_address=ip_address[:45]
    )
    if role == SignerRole.PATIENT:
        patient = plan.patient
        names = (
            patient.legal_name,
            f"{patient.preferred_name} {patient.legal_last_name}" if patient.preferred_name else "",
        )
        if not _same_name(typed_name, *names):
            _fail("typed_name", "The patient types their own full name as it is on the record (first and last name).")
        signature_record.witnessed_by = acting_user
    else:
        if not _same_name(typed_name, acting_user.get_full_name()):
            _fail("typed_name", f"Type your own full name as it is on your account ({acting_user.get_full_name()}).")
        if role == SignerRole.CLINICIAN and acting_user.role not in CLINICAL_ROLES:
            _fail("__all__", "The clinician signature must come from clinical staff.")
        if role == SignerRole.SUPERVISOR:
            if not acting_user.has_perm("plans.supervise"):
                _fail("__all__", "The supervisor signature must come from a program director or a clinical supervisor.")
            if plan.signatures.filter(role=SignerRole.CLINICIAN, signed_by=acting_user).exists():
                _fail("__all__", "The supervisor must be someone other than the clinician who signed.")
        if (
            role == SignerRole.CLINICIAN
            and plan.signatures.filter(role=SignerRole.SUPERVISOR, signed_by=acting_user).exists()
        ):
            _fail("__all__", "The clinician must be someone other than the supervisor who signed.")
        signature_record.method = signature_method(user=acting_user, signature=signature)
        signature_record.signed_by = acting_user
    signature_record.save()
    _audit(
        acting_user,
        plan,
        "update",
        event="sign",
        role=role,
        signature_id=signature_record.pk,
        method=signature_record.method,
    )
    if plan.signatures.count() == len(SignerRole.values):
        _lock(acting_user, plan)
    return signature_record


def _lock(acting_user, plan: TreatmentPlan) -> None:
    now = timezone.now()
    previous = TreatmentPlan.objects.filter(episode_id=plan.episode_id, status=PlanStatus.SIGNED).first()
    if previous is not None:
        previous.status, previous.superseded_at = PlanStatus.SUPERSEDED, now
        previous.save(update_fields=["status", "superseded_at", "updated_at"])
        _audit(acting_user, previous, "update", event="superseded", by_plan_id=plan.pk)
    plan.status, plan.locked_at = PlanStatus.SIGNED, now
    # One signing date: the local day of the last signature (shown on the PDF, starting the review clock).
    last_signed_at = max(s.signed_at for s in plan.signatures.all())
    plan.signed_on = local_date(last_signed_at, plan.episode.program.time_zone)
    plan.save(update_fields=["status", "locked_at", "signed_on", "updated_at"])
    _audit(acting_user, plan, "update", event="locked")


# ---- reviews ----------------------------------------------------------------------------------------


@transaction.atomic
def plan_review_record(
    *, acting_user, plan: TreatmentPlan, reviewed_on: date, summary: str, outcome: str
) -> PlanReview:
    """Record a review of the plan in force; it resets the due date. "Revise" also opens the next version."""
    plan = TreatmentPlan.objects.select_for_update().select_related("episode__program").get(pk=plan.pk)
    if plan.status != PlanStatus.SIGNED:
        _fail("__all__", "Only the signed plan in force is reviewed.")
    if reviewed_on is None:
        _fail("reviewed_on", "Enter the date of the review (YYYY-MM-DD).")
    today = local_today(plan.episode.program.time_zone)
    if reviewed_on > today:
        _fail("reviewed_on", f"The review date cannot be in the future (today is {today}).")
    if reviewed_on < plan.signed_on:
        _fail("reviewed_on", f"The review cannot be before the plan was signed ({plan.signed_on}).")
    summary = _text("summary", summary, "a summary of the review")
    if outcome not in ReviewOutcome.values:
        _fail("outcome", f"Choose the outcome: {', '.join(ReviewOutcome.values)}.")
    review = PlanReview.objects.create(
        plan=plan, reviewed_on=reviewed_on, reviewer=acting_user, summary=summary, outcome=outcome
    )
    _audit(acting_user, plan, "update", event="review", review_id=review.pk, outcome=outcome)
    if (
        outcome == ReviewOutcome.REVISE
        and not TreatmentPlan.objects.filter(episode_id=plan.episode_id, status=PlanStatus.DRAFT).exists()
    ):
        plan_revise(acting_user=acting_user, plan=plan)
    return review
