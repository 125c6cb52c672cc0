"""Shared helpers: a complete plan (problem → goal → objective → intervention) and its three signatures."""

from datetime import timedelta

from openiop.accounts.testing import signature_of
from openiop.core.timezones import local_today
from openiop.diagnoses.services import diagnosis_add
from openiop.plans import services
from openiop.plans.models import SignerRole

GOAL_WORDS = "I want to wake up without needing a drink and be there for my kids"


def add_primary_diagnosis(episode, *, acting_user, code: str = "F10.20"):
    return diagnosis_add(
        acting_user=acting_user,
        episode=episode,
        code=code,
        rank="primary",
        diagnosed_on=local_today(episode.program.time_zone),
    )


def complete_plan(episode, *, acting_user, instrument: str = "PHQ-9", comparator: str = "lt", value: int = 10):
    """A draft with one problem, goal, objective (targeting a measure) and intervention."""
    plan = services.plan_create(acting_user=acting_user, episode=episode)
    diagnosis = add_primary_diagnosis(episode, acting_user=acting_user)
    problem = services.problem_add(
        acting_user=acting_user,
        plan=plan,
        statement="Daily alcohol use with morning withdrawal symptoms",
        asam_dimensions=[1, 5],
        diagnoses=[diagnosis],
    )
    goal = services.goal_add(acting_user=acting_user, problem=problem, statement=GOAL_WORDS)
    objective = services.objective_add(
        acting_user=acting_user,
        goal=goal,
        description="Depressive symptoms fall below the moderate range",
        target_on=local_today(episode.program.time_zone) + timedelta(days=60),
        measure_instrument=instrument,
        measure_comparator=comparator,
        measure_value=value,
    )
    services.intervention_add(
        acting_user=acting_user,
        objective=objective,
        modality="cbt",
        frequency="3 groups/week",
        responsible_staff=acting_user,
        description="Relapse-prevention group",
    )
    plan.refresh_from_db()
    return plan


def sign_all(plan, *, clinician, supervisor, ip_address: str = "10.0.0.7"):
    patient = plan.patient
    services.plan_sign(
        acting_user=clinician, plan=plan, role=SignerRole.PATIENT, typed_name=patient.legal_name, ip_address=ip_address
    )
    services.plan_sign(
        acting_user=clinician,
        plan=plan,
        role=SignerRole.CLINICIAN,
        typed_name=clinician.get_full_name(),
        ip_address=ip_address,
        signature=signature_of(clinician),
    )
    services.plan_sign(
        acting_user=supervisor,
        plan=plan,
        role=SignerRole.SUPERVISOR,
        typed_name=supervisor.get_full_name(),
        ip_address=ip_address,
        signature=signature_of(supervisor),
    )
    plan.refresh_from_db()
    return plan
