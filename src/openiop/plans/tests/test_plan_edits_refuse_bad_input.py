"""A refused change to a draft names the field and the allowed values, saves nothing and keeps what was typed."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.core.timezones import local_today
from openiop.plans import services
from openiop.plans.models import Intervention, Objective

from .builders import complete_plan


@pytest.fixture
def plan(patient_a, clinician_a):
    return complete_plan(patient_a.episodes.get(), acting_user=clinician_a)


def _post(client, patient, plan, data):
    return client.post(reverse("plans:edit", args=[patient.pk, plan.pk]), data)


def test_an_objective_with_a_value_outside_the_measures_range_is_refused_and_kept(
    plan, patient_a, clinician_a, client_for
):
    goal = plan.problems.get().goals.get()
    prefix = f"objective-add-{goal.pk}"
    target = (local_today("America/New_York") + timedelta(days=30)).isoformat()
    response = _post(
        client_for(clinician_a),
        patient_a,
        plan,
        {
            "op": "objective-add",
            "target": goal.pk,
            f"{prefix}-description": "Anxiety in the mild range",
            f"{prefix}-target_on": target,
            f"{prefix}-measure_instrument": "GAD-7",
            f"{prefix}-measure_comparator": "lt",
            f"{prefix}-measure_value": "40",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a GAD-7 total from 0 to 21." in body
    assert "Nothing was saved" in body
    assert "Anxiety in the mild range</textarea>" in body
    assert 'value="40"' in body
    assert Objective.objects.filter(goal=goal).count() == 1


def test_an_objective_in_the_past_names_the_target_date(plan, clinician_a):
    goal = plan.problems.get().goals.get()
    with pytest.raises(ValidationError) as error:
        services.objective_add(
            acting_user=clinician_a, goal=goal, description="x", target_on=local_today("UTC") - timedelta(days=3)
        )
    assert "target_on" in error.value.message_dict


def test_a_measure_without_a_total_cannot_be_a_target(plan, clinician_a):
    goal = plan.problems.get().goals.get()
    with pytest.raises(ValidationError) as error:
        services.objective_add(
            acting_user=clinician_a,
            goal=goal,
            description="x",
            target_on=local_today("UTC") + timedelta(days=3),
            measure_instrument="BAM",
            measure_comparator="lt",
            measure_value=3,
        )
    assert "PHQ-9" in error.value.message_dict["measure_instrument"][0]


def test_an_intervention_by_staff_of_another_program_is_refused(plan, patient_a, clinician_a, clinician_b, client_for):
    objective = Objective.objects.get(goal__problem__plan=plan)
    with pytest.raises(ValidationError) as error:
        services.intervention_add(
            acting_user=clinician_a,
            objective=objective,
            modality="cbt",
            frequency="weekly",
            responsible_staff=clinician_b,
        )
    assert "responsible_staff" in error.value.message_dict
    prefix = f"intervention-add-{objective.pk}"
    response = _post(
        client_for(clinician_a),
        patient_a,
        plan,
        {
            "op": "intervention-add",
            "target": objective.pk,
            f"{prefix}-modality": "yoga",
            f"{prefix}-frequency": "2/week",
        },
    )
    body = response.content.decode()
    assert "Select a valid choice" in body and "Responsible staff" in body
    assert 'value="2/week"' in body
    assert Intervention.objects.filter(objective=objective).count() == 1


def test_an_asam_dimension_outside_1_to_6_is_refused(plan, clinician_a):
    with pytest.raises(ValidationError) as error:
        services.problem_add(acting_user=clinician_a, plan=plan, statement="x", asam_dimensions=[7])
    assert "1 to 6" in error.value.message_dict["asam_dimensions"][0]


def test_a_problem_can_be_edited_and_removed_with_plain_posts(plan, patient_a, clinician_a, client_for):
    problem = plan.problems.get()
    browser = client_for(clinician_a)
    prefix = f"problem-{problem.pk}"
    response = _post(
        browser,
        patient_a,
        plan,
        {
            "op": "problem-edit",
            "target": problem.pk,
            f"{prefix}-statement": "Reworded",
            f"{prefix}-asam_dimensions": ["3"],
        },
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.statement, problem.asam_dimensions) == ("Reworded", [3])
    response = _post(browser, patient_a, plan, {"op": "problem-remove", "target": problem.pk})
    assert response.status_code == 302
    assert not plan.problems.exists()
