"""The plan-review list, the census with its plan-review column and a plan page cost the same number of
queries for 40 signed plans (or a plan four times the size) as for 10."""

import re

import pytest
from django.urls import reverse

from openiop.conftest import count_queries
from openiop.core.timezones import local_today
from openiop.plans import services
from openiop.plans.models import TreatmentPlan

from .builders import complete_plan, sign_all

BUDGET = {
    "review list": 12,
    "dashboard": 18,
    "plan page": 36,
}  # observed on SQLite, upper bounds (+ MAT, allergies, consent header, plans of other episodes: decision 0009)


@pytest.fixture
def signed_plans(make_patient, program_a, clinician_a, director_a):
    def make(count: int) -> None:
        for _ in range(count):
            _patient, episode = make_patient(program_a, acting_user=clinician_a)
            plan = sign_all(
                complete_plan(episode, acting_user=clinician_a), clinician=clinician_a, supervisor=director_a
            )
            # Signed long enough ago to be overdue, so every plan is on the list.
            TreatmentPlan.objects.filter(pk=plan.pk).update(
                signed_on=plan.signed_on.replace(year=plan.signed_on.year - 1)
            )

    return make


@pytest.mark.parametrize("scope", ["mine", "all"])
def test_the_review_list_takes_as_many_queries_for_40_plans_as_for_10(
    signed_plans, clinician_a, client_for, django_assert_num_queries, scope
):
    browser = client_for(clinician_a)
    url = reverse("plans:reviews") + f"?scope={scope}"
    signed_plans(10)
    small = count_queries(browser, url)
    signed_plans(30)
    with django_assert_num_queries(small):
        response = browser.get(url)
    assert response.content.decode().count('data-testid="review-row"') == 40
    assert small <= BUDGET["review list"]


def test_the_census_shows_plan_review_dates_in_constant_queries(
    signed_plans, clinician_a, client_for, django_assert_num_queries
):
    browser = client_for(clinician_a)
    url = reverse("episodes:dashboard")
    signed_plans(10)
    small = count_queries(browser, url)
    signed_plans(30)
    with django_assert_num_queries(small):
        response = browser.get(url)
    body = response.content.decode()
    assert "Plan review" in body
    assert len(re.findall(r'data-testid="plan-review">\d{4}-\d\d-\d\d <span class="overdue">overdue', body)) == 25
    assert small <= BUDGET["dashboard"]


def test_a_plan_page_takes_as_many_queries_for_four_problems_as_for_one(
    patient_a, clinician_a, client_for, django_assert_num_queries
):
    episode = patient_a.episodes.get()
    plan = complete_plan(episode, acting_user=clinician_a)
    browser = client_for(clinician_a)
    url = reverse("plans:chart", args=[patient_a.pk])
    small = count_queries(browser, url)
    target = local_today(episode.program.time_zone)
    for number in range(3):
        problem = services.problem_add(acting_user=clinician_a, plan=plan, statement=f"Problem {number}")
        goal = services.goal_add(acting_user=clinician_a, problem=problem, statement="My words")
        for _ in range(2):
            objective = services.objective_add(
                acting_user=clinician_a,
                goal=goal,
                description="Attend",
                target_on=target,
                measure_instrument="GAD-7",
                measure_comparator="lt",
                measure_value=5,
            )
            services.intervention_add(
                acting_user=clinician_a,
                objective=objective,
                modality="dbt",
                frequency="weekly",
                responsible_staff=clinician_a,
            )
    with django_assert_num_queries(small):
        response = browser.get(url)
    assert response.content.decode().count('data-testid="intervention"') == 7
    assert small <= BUDGET["plan page"]
