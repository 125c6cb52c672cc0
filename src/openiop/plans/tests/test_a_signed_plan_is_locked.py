"""When the patient, the clinician and a supervisor have signed, the plan is locked: every edit is refused."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from openiop.accounts.testing import signature_of
from openiop.plans import services
from openiop.plans.models import Goal, PlanStatus, SignerRole

from .builders import complete_plan, sign_all


@pytest.fixture
def plan(patient_a, clinician_a):
    return complete_plan(patient_a.episodes.get(), acting_user=clinician_a)


def test_the_third_signature_locks_the_plan(plan, clinician_a, director_a):
    assert plan.status == PlanStatus.DRAFT
    signed = sign_all(plan, clinician=clinician_a, supervisor=director_a)
    assert signed.status == PlanStatus.SIGNED
    assert signed.locked_at is not None and signed.signed_on is not None
    assert {s.role for s in signed.signatures.all()} == set(SignerRole.values)


def test_every_edit_of_a_locked_plan_is_refused_and_changes_nothing(plan, clinician_a, director_a):
    sign_all(plan, clinician=clinician_a, supervisor=director_a)
    problem = plan.problems.get()
    goal = problem.goals.get()
    objective = goal.objectives.get()
    intervention = objective.interventions.get()
    attempts = [
        lambda: services.problem_add(acting_user=clinician_a, plan=plan, statement="New problem"),
        lambda: services.problem_update(acting_user=clinician_a, problem=problem, statement="Changed"),
        lambda: services.goal_add(acting_user=clinician_a, problem=problem, statement="Another goal"),
        lambda: services.goal_update(acting_user=clinician_a, goal=goal, statement="Changed words"),
        lambda: services.objective_update(
            acting_user=clinician_a,
            objective=objective,
            description="Changed",
            target_on=objective.target_on + timedelta(days=1),
        ),
        lambda: services.intervention_update(
            acting_user=clinician_a,
            intervention=intervention,
            modality="dbt",
            frequency="daily",
            responsible_staff=clinician_a,
        ),
        lambda: services.plan_item_remove(acting_user=clinician_a, item=goal),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="locked"):
            attempt()
    goal.refresh_from_db()
    assert Goal.objects.filter(problem__plan=plan).count() == 1
    assert goal.statement.startswith("I want to wake up")


def test_a_draft_cannot_change_once_anyone_has_signed_it(plan, clinician_a):
    services.plan_sign(acting_user=clinician_a, plan=plan, role=SignerRole.PATIENT, typed_name=plan.patient.legal_name)
    with pytest.raises(ValidationError, match="signed"):
        services.problem_add(acting_user=clinician_a, plan=plan, statement="Added after the patient signed")


def test_a_plan_without_an_intervention_cannot_be_signed(patient_a, clinician_a):
    plan = services.plan_create(acting_user=clinician_a, episode=patient_a.episodes.get())
    problem = services.problem_add(acting_user=clinician_a, plan=plan, statement="Opioid use")
    services.goal_add(acting_user=clinician_a, problem=problem, statement="Stay clean for my job")
    with pytest.raises(ValidationError, match="measurable objective"):
        services.plan_sign(
            acting_user=clinician_a,
            plan=plan,
            role=SignerRole.CLINICIAN,
            typed_name=clinician_a.get_full_name(),
            signature=signature_of(clinician_a),
        )
    assert not plan.signatures.exists()
