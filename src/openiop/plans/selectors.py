from django.db.models import DateField, F, Max, OuterRef, Prefetch, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from openiop.core.timezones import local_today
from openiop.episodes.models import IN_TREATMENT_STATUSES, LevelOfCareChange
from openiop.measures.models import MeasureResponse

from .models import Goal, Objective, PlanReview, PlanSignature, PlanStatus, Problem, TreatmentPlan
from .reviews import LEVEL_CHANGE_KINDS, review_due
from .rules import target_met


def plans_for_episode(*, episode) -> list[TreatmentPlan]:
    """Every version of the episode's plan, newest first, with signatures and signers. Two queries."""
    return list(
        TreatmentPlan.objects.filter(episode=episode)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("signatures", queryset=PlanSignature.objects.select_related("signed_by", "witnessed_by"))
        )
        .order_by("-version")
    )


def plan_tree(*, plan_id: int) -> TreatmentPlan:
    """One plan with everything its page and PDF show, in a fixed number of queries."""
    objectives = Objective.objects.prefetch_related("interventions__responsible_staff")
    goals = Goal.objects.prefetch_related(Prefetch("objectives", queryset=objectives))
    problems = Problem.objects.prefetch_related("diagnoses", Prefetch("goals", queryset=goals))
    return (
        TreatmentPlan.objects.select_related("episode__program", "patient", "created_by", "revised_from")
        .prefetch_related(
            Prefetch("problems", queryset=problems),
            Prefetch("signatures", queryset=PlanSignature.objects.select_related("signed_by", "witnessed_by")),
            Prefetch("reviews", queryset=PlanReview.objects.select_related("reviewer")),
        )
        .get(pk=plan_id)
    )


def objectives_of(plan: TreatmentPlan) -> list[Objective]:
    return [o for p in plan.problems.all() for g in p.goals.all() for o in g.objectives.all()]


def objective_progress(*, plan: TreatmentPlan) -> dict[int, dict]:
    """Each measure-targeted objective's current value (the patient's latest total) and whether it is met.

    One query: the newest original (not re-scored) result per instrument the objectives target.
    """
    objectives = [o for o in objectives_of(plan) if o.measure_instrument]
    if not objectives:
        return {}
    newest_first = Window(
        RowNumber(), partition_by=[F("instrument")], order_by=[F("administered_at").desc(), F("id").desc()]
    )
    latest = {
        instrument: (total, at)
        for instrument, total, at in MeasureResponse.objects.filter(
            patient_id=plan.patient_id,
            instrument__in={o.measure_instrument for o in objectives},
            rescored_from__isnull=True,
        )
        .annotate(rank=newest_first)
        .filter(rank=1)
        .values_list("instrument", "total", "administered_at")
    }
    progress = {}
    for objective in objectives:
        total, at = latest.get(objective.measure_instrument, (None, None))
        progress[objective.pk] = {
            "current": total,
            "measured_at": at,
            "met": target_met(objective.measure_comparator, total, objective.measure_value),
        }
    return progress


def _plans_in_force_with_review_data(queryset):
    """Signed plans annotated with what the review-due rule needs; stays one query."""
    last_review = (
        PlanReview.objects.filter(plan_id=OuterRef("pk"))
        .values("plan_id")
        .annotate(last=Max("reviewed_on"))
        .values("last")
    )
    next_change = (
        LevelOfCareChange.objects.filter(
            episode_id=OuterRef("episode_id"), kind__in=LEVEL_CHANGE_KINDS, effective_on__gt=OuterRef("anchor")
        )
        .order_by("effective_on")
        .values("effective_on")[:1]
    )
    return (
        queryset.filter(status=PlanStatus.SIGNED)
        .annotate(last_reviewed_on=Subquery(last_review, output_field=DateField()))
        .annotate(anchor=Coalesce("last_reviewed_on", "signed_on", output_field=DateField()))
        .annotate(next_level_change_on=Subquery(next_change, output_field=DateField()))
    )


def _due(plan, review_days: int):
    return review_due(
        signed_on=plan.signed_on,
        last_reviewed_on=plan.last_reviewed_on,
        review_days=review_days,
        next_level_change_on=plan.next_level_change_on,
    )


def plan_review_dates(*, episode_ids) -> dict:
    """Next plan-review date (a ReviewDue) per episode with a plan in force, in ONE query."""
    plans = _plans_in_force_with_review_data(TreatmentPlan.objects.filter(episode_id__in=list(episode_ids))).annotate(
        review_days=F("episode__program__plan_review_days")
    )
    return {plan.episode_id: _due(plan, plan.review_days) for plan in plans}


def plan_review_due(*, plan: TreatmentPlan):
    """The ReviewDue of one plan in force (None for a draft or superseded version)."""
    found = (
        _plans_in_force_with_review_data(TreatmentPlan.objects.filter(pk=plan.pk))
        .annotate(review_days=F("episode__program__plan_review_days"))
        .first()
    )
    return _due(found, found.review_days) if found else None


def plan_reviews_due(*, user, primary_clinician=None, horizon_days: int | None = None) -> list[dict]:
    """Plans in force in the user's programs (optionally one clinician's) of patients the access policy shows
    the user, soonest review first. One query."""
    from openiop.privacy.policy import visible_through

    plans = _plans_in_force_with_review_data(
        TreatmentPlan.objects.filter(
            visible_through(user), episode__program_id__in=user.program_ids, episode__status__in=IN_TREATMENT_STATUSES
        ).select_related("patient", "episode__program", "episode__primary_clinician")
    )
    if primary_clinician is not None:
        plans = plans.filter(episode__primary_clinician=primary_clinician)
    rows = []
    for plan in plans:
        due = _due(plan, plan.episode.program.plan_review_days)
        today = local_today(plan.episode.program.time_zone)
        status = due.status(today)
        if horizon_days is not None and (due.due_on - today).days > horizon_days:
            continue
        rows.append({"plan": plan, "due": due, "status": status, "days": (due.due_on - today).days})
    return sorted(rows, key=lambda row: (row["due"].due_on, row["plan"].patient.legal_last_name))
