from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openiop.accounts.access import require_capability
from openiop.accounts.models import User
from openiop.accounts.roles import CLINICAL_ROLES
from openiop.accounts.signing import signature_verify
from openiop.audit.client_ip import client_ip
from openiop.audit.services import audit_record
from openiop.consent.labels import label_line, labels_for_patient
from openiop.core.forms import add_service_errors
from openiop.core.pdf import pdf_download
from openiop.core.timezones import local_today
from openiop.diagnoses.models import Diagnosis, DiagnosisStatus
from openiop.episodes.selectors import work_lists_open_on_program
from openiop.patients.access import patient_or_404
from openiop.patients.selectors import chart_frame, current_episode, patient_chart_queryset
from openiop.privacy.lookups import refuse_missing

from . import services
from .forms import GoalForm, InterventionForm, ObjectiveForm, ProblemForm, ReviewForm, SignatureForm
from .models import PlanStatus, SignerRole, TreatmentPlan
from .reviews import DUE_SOON_DAYS
from .rules import ASAM_DIMENSIONS_EDITION
from .selectors import (
    objective_progress,
    objectives_of,
    plan_review_due,
    plan_reviews_due,
    plan_tree,
    plans_for_episode,
)


def _chart_patient(request, patient_id: int, capability: str):
    patient = patient_or_404(request, patient_id, capability, queryset=patient_chart_queryset(user=request.user))
    return patient, current_episode(patient)


def _plan_or_404(request, patient, plan_id: int) -> TreatmentPlan:
    """A version of a plan of this patient the user may read (privacy.policy.records_q: made in one of the
    user's programs, or moved or consented to one); changed only in the program that made it."""
    from openiop.privacy.models import RecordCategory
    from openiop.privacy.policy import records_q

    readable = records_q(request.user, RecordCategory.TREATMENT_PLAN)
    if request.method not in ("GET", "HEAD"):
        readable = Q(episode__program_id__in=request.user.program_ids)
    if not TreatmentPlan.objects.filter(readable, pk=plan_id, patient=patient).exists():
        refuse_missing(request, TreatmentPlan, plan_id, object_type="treatment_plan", patient_id=patient.pk)
    return plan_tree(plan_id=plan_id)


def _other_plans(request, patient, episode_id) -> list[TreatmentPlan]:
    """The newest version of each plan of another episode the user may read (privacy.policy.records_q)."""
    from openiop.privacy.models import RecordCategory
    from openiop.privacy.policy import records_q

    plans = (
        TreatmentPlan.objects.filter(records_q(request.user, RecordCategory.TREATMENT_PLAN), patient=patient)
        .exclude(episode_id=episode_id)
        .select_related("episode__program")
        .order_by("-episode__admitted_on", "episode_id", "-version")
    )
    seen, newest = set(), []
    for plan in plans:
        if plan.episode_id not in seen:
            seen.add(plan.episode_id)
            newest.append(plan)
    return newest


def _client_ip(request) -> str:
    return client_ip(request)[:45]  # the same address as the audit trail's (behind a trusted proxy too)


# ---- the plan page ------------------------------------------------------------------------------------


def _choices(plan):
    diagnoses = Diagnosis.objects.filter(episode_id=plan.episode_id, status=DiagnosisStatus.ACTIVE).order_by(
        "rank", "id"
    )
    staff = (
        User.objects.filter(is_active=True, role__in=CLINICAL_ROLES, memberships__program_id=plan.episode.program_id)
        .distinct()
        .order_by("last_name", "first_name")
    )
    return (
        [(d.pk, f"{d.code} {d.description}") for d in diagnoses],
        [(u.pk, u.display_name) for u in staff],
    )


def _attach_forms(plan, bound: tuple[str, object] | None, diagnosis_choices, staff_choices) -> dict:
    """Give every item of a draft its edit form and 'add below' form; the one that failed stays bound."""
    failed_prefix, failed_form = bound or (None, None)

    def form(form_class, prefix, initial=None, **kwargs):
        if prefix == failed_prefix:
            return failed_form
        return form_class(prefix=prefix, initial=initial, **kwargs)

    for problem in plan.problems.all():
        problem.edit_form = form(
            ProblemForm,
            f"problem-{problem.pk}",
            {
                "statement": problem.statement,
                "asam_dimensions": problem.asam_dimensions,
                "diagnoses": [d.pk for d in problem.diagnoses.all()],
            },
            diagnosis_choices=diagnosis_choices,
        )
        problem.add_form = form(GoalForm, f"goal-add-{problem.pk}")
        for goal in problem.goals.all():
            goal.edit_form = form(GoalForm, f"goal-{goal.pk}", {"statement": goal.statement})
            goal.add_form = form(ObjectiveForm, f"objective-add-{goal.pk}")
            for objective in goal.objectives.all():
                objective.edit_form = form(
                    ObjectiveForm,
                    f"objective-{objective.pk}",
                    {
                        "description": objective.description,
                        "target_on": objective.target_on,
                        "measure_instrument": objective.measure_instrument,
                        "measure_comparator": objective.measure_comparator,
                        "measure_value": objective.measure_value,
                    },
                )
                objective.add_form = form(
                    InterventionForm, f"intervention-add-{objective.pk}", staff_choices=staff_choices
                )
                for intervention in objective.interventions.all():
                    intervention.edit_form = form(
                        InterventionForm,
                        f"intervention-{intervention.pk}",
                        {
                            "modality": intervention.modality,
                            "description": intervention.description,
                            "frequency": intervention.frequency,
                            "responsible_staff": intervention.responsible_staff_id,
                        },
                        staff_choices=staff_choices,
                    )
    return {"add_problem_form": form(ProblemForm, "problem-add", diagnosis_choices=diagnosis_choices)}


def _render_plan(request, patient, plan, *, bound=None, sign_bound=None, review_bound=None, status=200):
    from openiop.measures.selectors import open_alerts_for_patient

    versions = plans_for_episode(episode=plan.episode)
    signatures = {s.role: s for s in plan.signatures.all()}
    editable = plan.is_draft and not signatures and request.user.has_perm("plans.edit")
    context = {}
    if editable:
        diagnosis_choices, staff_choices = _choices(plan)
        context.update(_attach_forms(plan, bound, diagnosis_choices, staff_choices))
    sign_slots = []
    for role in SignerRole:
        allowed = plan.is_draft and request.user.has_perm(
            "plans.supervise" if role == SignerRole.SUPERVISOR else "plans.sign"
        )
        form = None
        if allowed and role not in signatures:
            form = sign_bound[1] if sign_bound and sign_bound[0] == role else SignatureForm(prefix=f"sign-{role}")
        sign_slots.append({"role": role, "signature": signatures.get(role), "form": form})
    progress = objective_progress(plan=plan)
    for objective in objectives_of(plan):
        objective.progress = progress.get(objective.pk)
    review_form = None
    if plan.status == PlanStatus.SIGNED and request.user.has_perm("plans.review"):
        review_form = review_bound or ReviewForm(initial={"reviewed_on": local_today(plan.episode.program.time_zone)})
    audit_record(
        user=request.user,
        action="read",
        object_type="treatment_plan",
        object_id=plan.pk,
        patient_id=patient.pk,
        detail={"version": plan.version, "status": plan.status},
    )
    return render(
        request,
        "plans/chart_tab.html",
        {
            **chart_frame(
                patient=patient,
                user=request.user,
                tab="plan",
                open_alerts=open_alerts_for_patient(patient=patient, user=request.user),
            ),
            **context,
            "plan": plan,
            "plan_episode": plan.episode,
            "other_plans": _other_plans(request, patient, plan.episode_id),
            "editable": editable,
            "versions": versions,
            "is_current": versions and versions[0].pk == plan.pk,
            "has_draft": any(v.is_draft for v in versions),
            "sign_slots": sign_slots,
            "review_form": review_form,
            "review_due": plan_review_due(plan=plan) if plan.status == PlanStatus.SIGNED else None,
            "today": timezone.localdate(),
            "asam_edition": ASAM_DIMENSIONS_EDITION,
        },
        status=status,
    )


@login_required
def chart_tab(request, patient_id: int):
    """The Plan tab: the current version of the current episode's plan, or a button to start one."""
    from openiop.measures.selectors import open_alerts_for_patient

    patient, episode = _chart_patient(request, patient_id, "plans.view")
    plan = TreatmentPlan.objects.filter(episode=episode).order_by("-version").first() if episode else None
    if plan is not None:
        return _render_plan(request, patient, plan_tree(plan_id=plan.pk))
    audit_record(user=request.user, action="read", object_type="chart", object_id="plan", patient_id=patient.pk)
    return render(
        request,
        "plans/no_plan.html",
        {
            "other_plans": _other_plans(request, patient, episode.pk if episode else None),
            **chart_frame(
                patient=patient,
                user=request.user,
                tab="plan",
                open_alerts=open_alerts_for_patient(patient=patient, user=request.user),
            ),
        },
    )


@login_required
def plan_version(request, patient_id: int, plan_id: int):
    patient, _episode = _chart_patient(request, patient_id, "plans.view")
    return _render_plan(request, patient, _plan_or_404(request, patient, plan_id))


@login_required
@require_POST
def plan_start(request, patient_id: int):
    patient, episode = _chart_patient(request, patient_id, "plans.edit")
    if episode is None:
        raise Http404
    try:
        services.plan_create(acting_user=request.user, episode=episode)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Plan started: add the problems, goals, objectives and interventions.")
    return redirect("plans:chart", patient_id=patient.pk)


# ---- editing a draft ----------------------------------------------------------------------------------


def _index(plan) -> dict[str, dict]:
    index = {"problem": {}, "goal": {}, "objective": {}, "intervention": {}}
    for problem in plan.problems.all():
        index["problem"][problem.pk] = problem
        for goal in problem.goals.all():
            index["goal"][goal.pk] = goal
            for objective in goal.objectives.all():
                index["objective"][objective.pk] = objective
                for intervention in objective.interventions.all():
                    index["intervention"][intervention.pk] = intervention
    return index


def _problem_call(user, plan, target, data, diagnoses_by_id, staff_by_id):
    fields = {
        "statement": data["statement"],
        "asam_dimensions": data["asam_dimensions"],
        "diagnoses": [diagnoses_by_id[i] for i in data["diagnoses"]],
    }
    if target is None:
        return services.problem_add(acting_user=user, plan=plan, **fields)
    return services.problem_update(acting_user=user, problem=target, **fields)


def _objective_fields(data):
    return {
        "description": data["description"],
        "target_on": data["target_on"],
        "measure_instrument": data["measure_instrument"],
        "measure_comparator": data["measure_comparator"],
        "measure_value": data["measure_value"],
    }


def _intervention_fields(data, staff_by_id):
    return {
        "modality": data["modality"],
        "description": data["description"],
        "frequency": data["frequency"],
        "responsible_staff": staff_by_id.get(data["responsible_staff"]),
    }


# op -> (kind of the target item or None, form class, call(user, plan, target, cleaned data, diagnoses, staff))
EDIT_OPS = {
    "problem-add": (None, ProblemForm, _problem_call),
    "problem-edit": ("problem", ProblemForm, _problem_call),
    "goal-add": (
        "problem",
        GoalForm,
        lambda u, p, t, d, *_: services.goal_add(acting_user=u, problem=t, statement=d["statement"]),
    ),
    "goal-edit": (
        "goal",
        GoalForm,
        lambda u, p, t, d, *_: services.goal_update(acting_user=u, goal=t, statement=d["statement"]),
    ),
    "objective-add": (
        "goal",
        ObjectiveForm,
        lambda u, p, t, d, *_: services.objective_add(acting_user=u, goal=t, **_objective_fields(d)),
    ),
    "objective-edit": (
        "objective",
        ObjectiveForm,
        lambda u, p, t, d, *_: services.objective_update(acting_user=u, objective=t, **_objective_fields(d)),
    ),
    "intervention-add": (
        "objective",
        InterventionForm,
        lambda u, p, t, d, _dx, staff: services.intervention_add(
            acting_user=u, objective=t, **_intervention_fields(d, staff)
        ),
    ),
    "intervention-edit": (
        "intervention",
        InterventionForm,
        lambda u, p, t, d, _dx, staff: services.intervention_update(
            acting_user=u, intervention=t, **_intervention_fields(d, staff)
        ),
    ),
}
REMOVE_KINDS = ("problem", "goal", "objective", "intervention")


def _prefix(op: str, target) -> str:
    kind, action = op.rsplit("-", 1)
    if action == "add":
        return f"{kind}-add" if target is None else f"{kind}-add-{target.pk}"
    return f"{kind}-{target.pk}"


@login_required
@require_POST
def plan_edit(request, patient_id: int, plan_id: int):
    """Every change to a draft posts here with ``op`` and ``target``; a refused change re-renders the page
    with that form bound (the user's input kept) and the errors beside the fields."""
    patient, _episode = _chart_patient(request, patient_id, "plans.edit")
    plan = _plan_or_404(request, patient, plan_id)
    op, target_id = request.POST.get("op", ""), request.POST.get("target", "")
    index = _index(plan)
    if op.endswith("-remove") and op[: -len("-remove")] in REMOVE_KINDS:
        item = index[op[: -len("-remove")]].get(int(target_id) if target_id.isdigit() else None)
        if item is None:
            raise Http404
        try:
            services.plan_item_remove(acting_user=request.user, item=item)
        except ValidationError as error:
            messages.error(request, "Nothing was changed. " + " ".join(error.messages))
        else:
            messages.success(request, f"{op.split('-')[0].capitalize()} removed.")
        return redirect("plans:version", patient_id=patient.pk, plan_id=plan.pk)
    if op not in EDIT_OPS:
        raise Http404
    kind, form_class, call = EDIT_OPS[op]
    target = None
    if kind is not None:
        target = index[kind].get(int(target_id) if target_id.isdigit() else None)
        if target is None:
            raise Http404
    diagnosis_choices, staff_choices = _choices(plan)
    kwargs = {}
    if form_class is ProblemForm:
        kwargs["diagnosis_choices"] = diagnosis_choices
    if form_class is InterventionForm:
        kwargs["staff_choices"] = staff_choices
    prefix = _prefix(op, target)
    form = form_class(request.POST, prefix=prefix, **kwargs)
    if form.is_valid():
        diagnoses_by_id = {d.pk: d for d in Diagnosis.objects.filter(pk__in=form.cleaned_data.get("diagnoses") or [])}
        staff_by_id = {u.pk: u for u in User.objects.filter(pk=form.cleaned_data.get("responsible_staff") or 0)}
        try:
            call(request.user, plan, target, form.cleaned_data, diagnoses_by_id, staff_by_id)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect(f"{plan_url(patient.pk, plan.pk)}#{prefix}")
    return _render_plan(request, patient, plan_tree(plan_id=plan.pk), bound=(prefix, form))


def plan_url(patient_id: int, plan_id: int) -> str:
    from django.urls import reverse

    return reverse("plans:version", args=[patient_id, plan_id])


# ---- signing, revising, reviewing ---------------------------------------------------------------------


@login_required
@require_POST
def plan_sign(request, patient_id: int, plan_id: int, role: str):
    if role not in SignerRole.values:
        raise Http404
    capability = "plans.supervise" if role == SignerRole.SUPERVISOR else "plans.sign"
    patient, _episode = _chart_patient(request, patient_id, capability)
    plan = _plan_or_404(request, patient, plan_id)
    form = SignatureForm(request.POST, prefix=f"sign-{role}")
    if form.is_valid():
        try:
            staff = role != SignerRole.PATIENT
            services.plan_sign(
                acting_user=request.user,
                plan=plan,
                role=role,
                typed_name=form.cleaned_data["typed_name"],
                signature=signature_verify(user=request.user, secret=form.cleaned_data["signing_secret"])
                if staff
                else None,
                ip_address=_client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            plan.refresh_from_db()
            locked = plan.status == PlanStatus.SIGNED
            messages.success(
                request,
                f"Signed as {SignerRole(role).label.lower()}."
                + (" All three signatures: the plan is locked." if locked else ""),
            )
            return redirect("plans:version", patient_id=patient.pk, plan_id=plan.pk)
    return _render_plan(request, patient, plan_tree(plan_id=plan.pk), sign_bound=(role, form))


@login_required
@require_POST
def plan_revise(request, patient_id: int, plan_id: int):
    patient, _episode = _chart_patient(request, patient_id, "plans.edit")
    plan = _plan_or_404(request, patient, plan_id)
    try:
        draft = services.plan_revise(acting_user=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:version", patient_id=patient.pk, plan_id=plan.pk)
    messages.success(request, f"Version {draft.version} started as a copy of version {plan.version}.")
    return redirect("plans:version", patient_id=patient.pk, plan_id=draft.pk)


@login_required
@require_POST
def plan_review(request, patient_id: int, plan_id: int):
    patient, _episode = _chart_patient(request, patient_id, "plans.review")
    plan = _plan_or_404(request, patient, plan_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.plan_review_record(acting_user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Review recorded; the next review date is reset.")
            return redirect("plans:chart", patient_id=patient.pk)
    return _render_plan(request, patient, plan_tree(plan_id=plan.pk), review_bound=form)


@login_required
@require_GET
def plan_pdf(request, patient_id: int, plan_id: int):
    """The plan as a PDF for the patient: their goals in their words, objectives, interventions, signatures."""
    patient, _episode = _chart_patient(request, patient_id, "plans.view")
    plan = _plan_or_404(request, patient, plan_id)
    html = render_to_string(
        "plans/pdf.html",
        {
            "plan": plan,
            "patient": patient,
            "signature_rows": [(role, {s.role: s for s in plan.signatures.all()}.get(role)) for role in SignerRole],
            "printed_at": timezone.localtime(),
            "security_line": label_line(labels_for_patient(patient)),
        },
    )
    response = pdf_download(html, f"treatment-plan-{patient.mrn}-v{plan.version}.pdf")
    audit_record(
        user=request.user,
        action="export",
        object_type="treatment_plan",
        object_id=plan.pk,
        patient_id=patient.pk,
        detail={"format": "pdf", "version": plan.version},
    )
    return response


# ---- the review list ----------------------------------------------------------------------------------


@login_required
def reviews_due(request):
    require_capability(request, "plans.view", object_type="plan_reviews")
    default = "all" if work_lists_open_on_program(request.user) else "mine"
    scope = request.GET.get("scope", default)
    scope = scope if scope in ("all", "mine") else default
    rows = plan_reviews_due(
        user=request.user,
        primary_clinician=request.user if scope == "mine" else None,
        horizon_days=DUE_SOON_DAYS,
    )
    audit_record(
        user=request.user,
        action="read",
        object_type="plan_reviews",
        object_id=scope,
        detail={"plan_ids": [row["plan"].pk for row in rows]},
    )
    return render(request, "plans/reviews_due.html", {"rows": rows, "scope": scope, "due_soon_days": DUE_SOON_DAYS})
