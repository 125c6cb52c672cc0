"""An objective that targets a measure shows the patient's latest total and whether the target is met."""

from datetime import timedelta
from html import unescape

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from openiop.measures.models import AdministrationMode
from openiop.measures.services import measure_record
from openiop.plans.rules import target_met
from openiop.plans.selectors import objective_progress, plan_tree

from .builders import complete_plan


def _phq9(patient, episode, user, total: int, days_ago: int):
    answers = [0] * 9
    for index in range(total):
        answers[index % 8] += 1  # item 9 stays 0: no safety alert
    measure_record(
        acting_user=user,
        patient=patient,
        episode=episode,
        instrument="PHQ-9",
        answers=answers,
        administered_at=timezone.now() - timedelta(days=days_ago),
        mode=AdministrationMode.CLINICIAN,
    )


def test_target_met_compares_with_the_comparator():
    assert target_met("lt", 9, 10) is True
    assert target_met("lt", 10, 10) is False
    assert target_met("lte", 10, 10) is True
    assert target_met("gte", 3, 4) is False
    assert target_met("lt", None, 10) is None


def test_with_no_result_yet_the_objective_is_neither_met_nor_unmet(patient_a, clinician_a):
    plan = complete_plan(patient_a.episodes.get(), acting_user=clinician_a)
    progress = objective_progress(plan=plan_tree(plan_id=plan.pk))
    assert list(progress.values()) == [{"current": None, "measured_at": None, "met": None}]


def test_the_latest_total_decides_whether_the_phq9_target_is_met(patient_a, clinician_a):
    episode = patient_a.episodes.get()
    plan = complete_plan(episode, acting_user=clinician_a)  # PHQ-9 < 10
    _phq9(patient_a, episode, clinician_a, total=16, days_ago=10)
    [progress] = objective_progress(plan=plan_tree(plan_id=plan.pk)).values()
    assert (progress["current"], progress["met"]) == (16, False)

    _phq9(patient_a, episode, clinician_a, total=7, days_ago=1)
    [progress] = objective_progress(plan=plan_tree(plan_id=plan.pk)).values()
    assert (progress["current"], progress["met"]) == (7, True)

    page = " ".join(unescape(strip_tags(_page(patient_a, clinician_a))).split())
    assert "PHQ-9 < 10 · current: 7" in page
    assert "PHQ-9 < 10 · current: 7 (" in page and " met " in f" {page} "


def _page(patient, user):
    from openiop.conftest import signed_in

    return signed_in(user).get(reverse("plans:chart", args=[patient.pk])).content.decode()
