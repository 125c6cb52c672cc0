"""The busy pages cost the same number of queries whatever the size of the data behind them (no N+1).

Each test measures the page once on a small data set, then asserts that a much larger one takes exactly as
many queries. A budget per page keeps the constant itself from creeping up unnoticed.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.audit.services import audit_record
from openiop.conftest import count_queries
from openiop.core.timezones import local_today
from openiop.episodes.codes import DischargeReason, ReferralSource
from openiop.episodes.models import EpisodeStatus, LevelOfCareChangeKind
from openiop.episodes.services import (
    care_team_add,
    episode_admit,
    episode_create,
    episode_discharge,
    episode_transfer,
)
from openiop.episodes.testing import sign_consent_packet
from openiop.programs.levels import level_of_care

# Observed on SQLite (upper bounds). A page that needs more has grown a query: make that a decision,
# not an accident.
BUDGET = {
    "patient list": 12,
    "chart": 20,  # + the MAT status, the allergies and the Part 2 consent status in the header (one query each)
    "dashboard": 18,  # + my open tasks, + plan-review dates
    "audit report": 11,  # 10, plus the privacy officer's menu count of emergency access to review
}  # dashboard and chart also read safety alerts and measures due


@pytest.fixture
def many_patients(make_patient, program_a, clinician_a):
    """``many_patients(n)`` admits n patients to program A with clinician_a as primary clinician."""

    def make(count: int) -> None:
        for _ in range(count):
            make_patient(program_a, acting_user=clinician_a)

    return make


def test_the_patient_list_takes_as_many_queries_for_40_patients_as_for_3(
    many_patients, clinician_a, client_for, django_assert_num_queries
):
    browser = client_for(clinician_a)
    url = reverse("patients:list")
    many_patients(3)
    small = count_queries(browser, url)

    many_patients(37)
    with django_assert_num_queries(small):
        response = browser.get(url)

    assert "40 patients in your programs" in response.content.decode()
    assert small <= BUDGET["patient list"]


def test_the_dashboard_takes_as_many_queries_for_40_patients_as_for_3(
    many_patients, clinician_a, client_for, django_assert_num_queries
):
    browser = client_for(clinician_a)
    url = reverse("episodes:dashboard")
    many_patients(3)
    small = count_queries(browser, url)

    many_patients(37)
    with django_assert_num_queries(small):
        response = browser.get(url)

    assert len(re.findall(r'href="/patients/\d+/"', response.content.decode())) == 25  # the caseload's limit
    assert small <= BUDGET["dashboard"]


def _long_history(patient_episode, *, acting_user, program, team: list) -> None:
    """Five finished episodes with admission, step-down and discharge rows, then an active one with
    two transfers and a care team of five."""
    patient, episode = patient_episode
    today = local_today(program.time_zone)
    evening, morning = list(program.tracks.all())
    start = today - timedelta(days=400)
    for round_number in range(6):
        admitted = start + timedelta(days=60 * round_number)
        if round_number:
            episode = episode_create(
                acting_user=acting_user, patient=patient, program=program, referral_source=ReferralSource.INDIVIDUAL
            )
            sign_consent_packet(episode, acting_user=acting_user)
        episode = episode_admit(
            acting_user=acting_user,
            episode=episode,
            admitted_on=admitted,
            track=evening,
            level_of_care=level_of_care("asam3", "2.5"),
            primary_clinician=acting_user,
        )
        episode = episode_transfer(
            acting_user=acting_user,
            episode=episode,
            effective_on=admitted + timedelta(days=10),
            reason="Steady attendance",
            kind=LevelOfCareChangeKind.STEP_DOWN,
            track=morning,
            level_of_care=level_of_care("asam3", "2.1"),
        )
        if round_number < 5:
            episode_discharge(
                acting_user=acting_user,
                episode=episode,
                discharged_on=admitted + timedelta(days=30),
                reason=DischargeReason.COMPLETED,
            )
    episode_transfer(
        acting_user=acting_user,
        episode=episode,
        effective_on=today,
        reason="Evening group suits work",
        track=evening,
    )
    for member in team:
        care_team_add(acting_user=acting_user, episode=episode, user=member, team_role="Group facilitator")


@pytest.mark.parametrize("tab", ["overview", "history", "team"])
def test_the_chart_takes_as_many_queries_for_6_episodes_and_5_team_members_as_for_1_and_1(
    tab, make_patient, make_user, program_a, clinician_a, client_for, django_assert_num_queries
):
    small_patient, _ = make_patient(program_a, acting_user=clinician_a)
    team = [make_user(role, [program_a]) for role in (Role.NURSE, Role.PRESCRIBER, Role.PEER_SUPPORT, Role.DIRECTOR)]
    large = make_patient(program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED)
    _long_history(large, acting_user=clinician_a, program=program_a, team=team)
    large_patient = large[0]
    assert large_patient.episodes.count() == 6
    browser = client_for(clinician_a)

    small = count_queries(browser, reverse("patients:chart", args=[small_patient.pk]) + f"?tab={tab}")
    with django_assert_num_queries(small):
        response = browser.get(reverse("patients:chart", args=[large_patient.pk]) + f"?tab={tab}")

    body = response.content.decode()
    if tab == "history":
        assert body.count("Step down") == 6
    if tab == "team":
        assert all(member.get_full_name() in body for member in team)
    assert small <= BUDGET["chart"]


def test_the_audit_report_takes_as_many_queries_for_a_full_page_as_for_a_few_events(
    privacy_officer, clinician_a, client_for, django_assert_num_queries
):
    browser = client_for(privacy_officer)
    url = reverse("audit:report")
    for _ in range(3):
        audit_record(user=clinician_a, action="read", object_type="chart", patient_id=1)
    small = count_queries(browser, url)

    for number in range(250):
        audit_record(user=clinician_a, action="read", object_type="chart", patient_id=number)
    with django_assert_num_queries(small):
        response = browser.get(url)

    assert "Page 1 of 3" in response.content.decode()  # 250+ events, 100 a page
    assert small <= BUDGET["audit report"]
