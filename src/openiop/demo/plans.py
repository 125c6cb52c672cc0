"""Demo diagnoses and treatment plans for admitted patients: most signed, some with reviews due soon or
overdue, one revised (two versions). Built through the same services the pages use."""

from datetime import timedelta

from openiop.core.timezones import local_today
from openiop.demo.staff import demo_signature
from openiop.diagnoses.services import diagnosis_add
from openiop.episodes.models import Episode, EpisodeStatus
from openiop.plans import services as plan_services
from openiop.plans.models import PlanSignature, SignerRole, TreatmentPlan

# program short name -> (primary code, secondary code or None, problem, goal in the patient's words, measure target)
CONTENT = {
    "Adult SUD IOP": [
        (
            "F10.20",
            "F41.1",
            "Daily drinking with morning shakes; lost two jobs",
            "I want to stop drinking and keep a job",
            ("PHQ-9", "lt", 10),
        ),
        (
            "F11.20",
            "F43.10",
            "Opioid use since a back injury; overdose last year",
            "I never want my kids to find me like that again",
            ("PHQ-9", "lt", 10),
        ),
        (
            "F14.20",
            None,
            "Cocaine use on weekends leading to missed work",
            "I want my weekends back with my family",
            ("DAST-10", "lte", 2),
        ),
    ],
    "Teen IOP": [
        (
            "F12.20",
            "F32.1",
            "Daily cannabis use and falling grades",
            "I want to graduate and get my license",
            ("PHQ-9", "lt", 10),
        ),
    ],
    "MH IOP": [
        (
            "F33.1",
            "F41.1",
            "Recurrent depression with isolation",
            "I want to get out of bed and see my friends",
            ("PHQ-9", "lt", 10),
        ),
        (
            "F43.12",
            None,
            "Nightmares and avoidance after an assault",
            "I want to sleep through the night",
            ("PCL-5", "lt", 33),
        ),
    ],
}
INTERVENTIONS = [("cbt", "3 groups/week"), ("mi", "1 individual session/week"), ("psychoeducation", "1 group/week")]


def _backdate_signing(plan, *, days: int) -> None:
    """Move the whole signing back ``days`` days: the signatures, the lock and the plan's date together, so the
    PDF's "signed" date is the day on its signatures."""
    shift = timedelta(days=days)
    for signature in plan.signatures.all():
        PlanSignature.objects.filter(pk=signature.pk).update(signed_at=signature.signed_at - shift)
    plan.refresh_from_db(fields=["signed_on", "locked_at"])
    TreatmentPlan.objects.filter(pk=plan.pk).update(signed_on=plan.signed_on - shift, locked_at=plan.locked_at - shift)


def add_plans(director) -> dict:
    episodes = list(
        Episode.objects.filter(status__in=[EpisodeStatus.ACTIVE, EpisodeStatus.ON_HOLD])
        .select_related("program", "patient", "primary_clinician")
        .order_by("pk")
    )
    counts = {"diagnoses": 0, "plans_signed": 0, "plans_draft": 0, "plan_versions": 0}
    revised = False
    for number, episode in enumerate(episodes):
        clinician = episode.primary_clinician
        options = CONTENT.get(episode.program.short_name)
        if clinician is None or not options:
            continue
        primary, secondary, problem_text, goal_text, (instrument, comparator, value) = options[number % len(options)]
        today = local_today(episode.program.time_zone)
        diagnosis = diagnosis_add(
            acting_user=clinician, episode=episode, code=primary, rank="primary", diagnosed_on=episode.admitted_on
        )
        diagnoses = [diagnosis]
        if secondary:
            diagnoses.append(
                diagnosis_add(
                    acting_user=clinician,
                    episode=episode,
                    code=secondary,
                    rank="secondary",
                    diagnosed_on=episode.admitted_on,
                )
            )
        counts["diagnoses"] += len(diagnoses)
        plan = plan_services.plan_create(acting_user=clinician, episode=episode)
        problem = plan_services.problem_add(
            acting_user=clinician, plan=plan, statement=problem_text, asam_dimensions=[3, 5], diagnoses=diagnoses
        )
        goal = plan_services.goal_add(acting_user=clinician, problem=problem, statement=goal_text)
        objective = plan_services.objective_add(
            acting_user=clinician,
            goal=goal,
            description=f"{instrument} total {'below' if comparator == 'lt' else 'at or below'} {value}",
            target_on=today + timedelta(days=45),
            measure_instrument=instrument,
            measure_comparator=comparator,
            measure_value=value,
        )
        attendance = plan_services.objective_add(
            acting_user=clinician,
            goal=goal,
            description="Attend at least 90 % of scheduled groups",
            target_on=today + timedelta(days=30),
        )
        for target, (modality, frequency) in zip((objective, attendance, objective), INTERVENTIONS, strict=True):
            plan_services.intervention_add(
                acting_user=clinician,
                objective=target,
                modality=modality,
                frequency=frequency,
                responsible_staff=clinician,
            )
        if number % 5 == 4:
            counts["plans_draft"] += 1
            continue  # left as a draft awaiting signatures
        _sign(plan, clinician, director)
        # Back-date the signing so reviews fall due at different times: overdue, due soon, later.
        signed_days_ago = min((today - episode.admitted_on).days, (5, 26, 33, 12)[number % 4])
        _backdate_signing(plan, days=signed_days_ago)
        counts["plans_signed"] += 1
        if not revised and episode.program.short_name == "Adult SUD IOP":
            plan.refresh_from_db()
            draft = plan_services.plan_revise(acting_user=clinician, plan=plan)
            new_goal = draft.problems.first().goals.first()
            plan_services.goal_update(
                acting_user=clinician, goal=new_goal, statement=goal_text + ", and coach my son's team"
            )
            _sign(draft, clinician, director)
            counts["plan_versions"] += 1
            revised = True
    return counts


def _sign(plan, clinician, director) -> None:
    patient = plan.patient
    plan_services.plan_sign(acting_user=clinician, plan=plan, role=SignerRole.PATIENT, typed_name=patient.legal_name)
    plan_services.plan_sign(
        acting_user=clinician,
        plan=plan,
        role=SignerRole.CLINICIAN,
        typed_name=clinician.get_full_name(),
        signature=demo_signature(clinician),
    )
    plan_services.plan_sign(
        acting_user=director,
        plan=plan,
        role=SignerRole.SUPERVISOR,
        typed_name=director.get_full_name(),
        signature=demo_signature(director),
    )
