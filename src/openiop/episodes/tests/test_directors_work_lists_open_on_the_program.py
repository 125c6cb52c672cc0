"""A director carries no caseload of their own: "Measures due", "Plan reviews" and the census's measures card
open on the whole program for them (their own caseload stays one click away); a clinician's still open on
their own patients. The census count is the count of the list it links to."""

from datetime import timedelta

import pytest
from django.urls import reverse

from openiop.measures.models import MeasureScheduleRule
from openiop.plans.models import TreatmentPlan
from openiop.plans.tests.builders import complete_plan, sign_all


@pytest.fixture
def overdue_work(program_a, patient_a, clinician_a, director_a):
    """clinician_a's patient (admitted 14 days ago) owes the admission PHQ-9 and has an overdue plan review."""
    MeasureScheduleRule.objects.create(program=program_a, instrument="PHQ-9", trigger="admission", window_days=3)
    plan = sign_all(
        complete_plan(patient_a.episodes.get(), acting_user=clinician_a), clinician=clinician_a, supervisor=director_a
    )
    TreatmentPlan.objects.filter(pk=plan.pk).update(signed_on=plan.signed_on - timedelta(days=60))


def test_a_directors_measures_due_list_opens_on_the_program(overdue_work, director_a, client_for):
    browser = client_for(director_a)

    page = browser.get(reverse("measures:due")).content.decode()

    assert "Quinlan" in page
    assert "Quinlan" not in browser.get(reverse("measures:due") + "?scope=mine").content.decode()


def test_a_directors_plan_reviews_open_on_the_program(overdue_work, director_a, client_for):
    browser = client_for(director_a)

    response = browser.get(reverse("plans:reviews"))

    assert response.context["scope"] == "all"
    assert "Quinlan" in response.content.decode()
    assert "Quinlan" not in browser.get(reverse("plans:reviews") + "?scope=mine").content.decode()


def test_a_directors_census_counts_the_programs_measures_due_like_the_list_it_links_to(
    overdue_work, director_a, client_for
):
    census = client_for(director_a).get(reverse("episodes:dashboard"))

    assert (census.context["due_count"], census.context["overdue_count"]) == (1, 1)
    assert "Measures due in my programs" in census.content.decode()


def test_a_clinicians_lists_still_open_on_their_own_patients(overdue_work, clinician_a, client_for, make_patient):
    browser = client_for(clinician_a)

    assert browser.get(reverse("plans:reviews")).context["scope"] == "mine"
    assert browser.get(reverse("measures:due")).context["mine"] is True
    assert "Measures due on my caseload" in browser.get(reverse("episodes:dashboard")).content.decode()
