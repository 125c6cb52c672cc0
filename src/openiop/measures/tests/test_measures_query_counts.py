"""The measures pages cost the same number of queries whatever the data behind them (no N+1).

Each test measures a page on a small data set, then asserts that a much larger one takes exactly as many
queries. The budget keeps the constant itself from creeping up unnoticed (observed on SQLite).
"""

import itertools
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openiop.accounts.roles import Role
from openiop.conftest import count_queries
from openiop.episodes.models import Episode
from openiop.measures.models import AdministrationMode, MeasureScheduleRule, SafetyAlert
from openiop.measures.services import measure_record, measure_rescore

# Observed on SQLite, including 6 queries for the session, user, second factor and programs and 5 for the audit row.
BUDGET = {
    "chart tab": 24,  # + the MAT, allergies and Part 2 consent status in the chart header (one query each)
    "due list": 12,
    "program scores": 14,
    "dashboard": 19,  # + my open tasks, + plan-review dates
}  # program scores: page count, census page, one window query for the latest results

BAM_ANSWERS = {str(n): 1 for n in range(1, 18)} | {"7": {"7A": 2}}
# Instruments in turn, so a large chart has every kind of panel: totals, bands, subscores, flags, no total.
VARIETY = (
    ("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, 1], {}),  # item 9 above 0: raises an alert
    ("GAD-7", [2, 2, 2, 2, 2, 0, 0], {}),
    ("BAM", BAM_ANSWERS, {}),
    ("C-SSRS-Screener", {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "no", "q5": "no", "q6": "no"}, {}),
    ("CIWA-Ar", [3, 3, 3, 3, 3, 2, 0, 0, 0, 0], {}),
    ("AUDIT-C", [2, 2, 1], {"sex": "female"}),
    ("PCL-5", [2] * 20, {}),
)


def _give(patient, episode, *, acting_user, count: int, start: int = 0) -> None:
    """``count`` results, one a day going back from yesterday; every third by self-report; CIWA-Ar re-scored."""
    now = timezone.now()
    for number, (instrument, answers, context) in enumerate(
        itertools.islice(itertools.cycle(VARIETY), start, start + count)
    ):
        response = measure_record(
            acting_user=acting_user,
            patient=patient,
            episode=episode,
            instrument=instrument,
            answers=answers,
            context=context,
            administered_at=now - timedelta(days=number + 1, hours=1),
            mode=AdministrationMode.SELF_REPORT if number % 3 == 2 else AdministrationMode.CLINICIAN,
        )
        if instrument == "CIWA-Ar":
            measure_rescore(acting_user=acting_user, response=response, scheme="pmc_table")


@pytest.fixture
def rules(program_a):
    """Two measures due for every patient of ``admit``: AUDIT-C at admission (never given: overdue) and
    GAD-7 daily (last given two days ago: due); PCL-5 monthly is not due yet."""
    MeasureScheduleRule.objects.create(program=program_a, instrument="AUDIT-C", trigger="admission", window_days=3)
    MeasureScheduleRule.objects.create(program=program_a, instrument="GAD-7", trigger="recurring", interval_days=1)
    MeasureScheduleRule.objects.create(program=program_a, instrument="PCL-5", trigger="recurring", interval_days=30)


@pytest.fixture
def admit(make_patient, program_a, clinician_a, make_user):
    """``admit(n)`` admits n patients to program A, each with two results (one raising an alert). Every
    fourth has another clinician as primary clinician, so the caseload and the program differ."""
    colleague = make_user(Role.CLINICIAN, [program_a], username="colleague-a")

    def make(count: int) -> None:
        for number in range(count):
            clinician = colleague if number % 4 == 3 else clinician_a
            patient, episode = make_patient(program_a, acting_user=clinician_a, clinician=clinician)
            _give(patient, episode, acting_user=clinician, count=2)

    return make


def test_the_measures_chart_tab_takes_as_many_queries_for_40_results_as_for_2(
    rules, make_patient, program_a, clinician_a, client_for, django_assert_num_queries
):
    small_patient, small_episode = make_patient(program_a, acting_user=clinician_a)
    _give(small_patient, small_episode, acting_user=clinician_a, count=2)
    large_patient, large_episode = make_patient(program_a, acting_user=clinician_a)
    _give(large_patient, large_episode, acting_user=clinician_a, count=40)
    assert large_patient.measure_responses.filter(rescored_from__isnull=True).count() == 40
    assert SafetyAlert.objects.filter(patient=large_patient).count() > 5
    browser = client_for(clinician_a)

    small = count_queries(browser, reverse("measures:chart", args=[small_patient.pk]))
    with django_assert_num_queries(small):
        response = browser.get(reverse("measures:chart", args=[large_patient.pk]))

    body = response.content.decode()
    assert body.count("(re-scored)") == 6  # CIWA-Ar is every 7th of 40
    assert body.count("<svg") >= 5
    assert small <= BUDGET["chart tab"]


@pytest.mark.parametrize("scope", ["mine", "all"])
def test_the_due_list_takes_as_many_queries_for_30_patients_as_for_3(
    scope, rules, admit, clinician_a, client_for, django_assert_num_queries
):
    browser = client_for(clinician_a)
    url = reverse("measures:due") + f"?scope={scope}"
    admit(3)
    small = count_queries(browser, url)

    admit(27)
    with django_assert_num_queries(small):
        response = browser.get(url)

    body = response.content.decode()
    patients = Episode.objects.filter(**({} if scope == "all" else {"primary_clinician": clinician_a})).count()
    assert patients == (30 if scope == "all" else 24)  # every fourth patient of each batch is a colleague's
    assert (body.count("Overdue</span>"), body.count("<td>Due</td>")) == (patients, patients)
    assert small <= BUDGET["due list"]


def test_the_program_scores_page_takes_as_many_queries_for_30_patients_as_for_3(
    rules, admit, program_a, clinician_a, client_for, django_assert_num_queries
):
    browser = client_for(clinician_a)
    url = reverse("measures:program_scores", args=[program_a.pk])
    admit(3)
    small = count_queries(browser, url)

    admit(27)
    with django_assert_num_queries(small):
        response = browser.get(url)

    assert len(re.findall(r'href="/patients/\d+/measures/"', response.content.decode())) == 30
    assert small <= BUDGET["program scores"]


def test_the_dashboard_takes_as_many_queries_for_30_patients_with_alerts_as_for_3(
    rules, admit, clinician_a, client_for, django_assert_num_queries
):
    browser = client_for(clinician_a)
    url = reverse("episodes:dashboard")
    admit(3)
    small = count_queries(browser, url)

    admit(27)
    with django_assert_num_queries(small):
        response = browser.get(url)

    assert "Open safety alerts (30)" in response.content.decode()
    assert small <= BUDGET["dashboard"]
