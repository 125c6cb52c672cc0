"""A discharged episode owes its discharge and follow-up measures only: never its admission measure or a
recurring one; a cancelled episode owes nothing. The rule is in the shared due computation, so the census
counts, the due list and the chart tab agree."""

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse

from openiop.core.timezones import local_today
from openiop.episodes.models import EpisodeStatus
from openiop.episodes.services import episode_admit, episode_discharge
from openiop.measures.models import MeasureScheduleRule, ScheduleTrigger
from openiop.measures.schedule import due_for_episode
from openiop.programs.levels import level_of_care

ADMITTED = date(2025, 3, 3)
DISCHARGED = date(2025, 5, 2)


def _rule(trigger, interval_days=None):
    return MeasureScheduleRule(instrument="PHQ-9", trigger=trigger, interval_days=interval_days, window_days=3)


def _owed(episode, today):
    rules = [
        _rule(ScheduleTrigger.ADMISSION),
        _rule(ScheduleTrigger.RECURRING, 14),
        _rule(ScheduleTrigger.DISCHARGE),
        _rule(ScheduleTrigger.AFTER_DISCHARGE, 30),
    ]
    return [item.trigger for item in due_for_episode(episode=episode, rules=rules, last_given={}, today=today)]


def test_a_discharged_episode_owes_its_discharge_and_follow_up_measures_but_not_its_admission_measure():
    discharged = SimpleNamespace(admitted_on=ADMITTED, discharged_on=DISCHARGED, status=EpisodeStatus.FINISHED)

    assert _owed(discharged, DISCHARGED + timedelta(days=90)) == ["discharge", "after_discharge"]


def test_a_cancelled_episode_owes_nothing_even_with_dates():
    cancelled = SimpleNamespace(admitted_on=ADMITTED, discharged_on=DISCHARGED, status=EpisodeStatus.CANCELLED)

    assert _owed(cancelled, DISCHARGED + timedelta(days=90)) == []


def test_an_episode_in_treatment_still_owes_its_admission_measure():
    active = SimpleNamespace(admitted_on=ADMITTED, discharged_on=None, status=EpisodeStatus.ACTIVE)

    assert _owed(active, ADMITTED + timedelta(days=20)) == ["admission", "recurring"]


@pytest.fixture
def discharged_months_ago(program_a, make_patient, clinician_a):
    """A patient of clinician_a admitted 150 days ago and discharged 90 days ago, with PHQ-9 at admission,
    every 14 days, at discharge and 30 days after discharge in the program's schedule."""
    for trigger, days in (("admission", None), ("recurring", 14), ("discharge", None), ("after_discharge", 30)):
        MeasureScheduleRule.objects.create(
            program=program_a, instrument="PHQ-9", trigger=trigger, interval_days=days, window_days=3
        )
    patient, episode = make_patient(
        program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED, legal_first_name="Dora"
    )
    today = local_today(program_a.time_zone)
    episode = episode_admit(
        acting_user=clinician_a,
        episode=episode,
        track=program_a.tracks.first(),
        admitted_on=today - timedelta(days=150),
        level_of_care=level_of_care("asam3", "2.1"),
        primary_clinician=clinician_a,
    )
    episode_discharge(acting_user=clinician_a, episode=episode, discharged_on=today - timedelta(days=90), reason=1)
    return patient


def _list_rows(page: str) -> list[str]:
    return re.findall(r"<td>PHQ-9</td><td>([^<]*)</td>", page)


def test_the_due_list_and_the_census_count_only_the_post_discharge_measures(
    discharged_months_ago, clinician_a, client_for
):
    browser = client_for(clinician_a)

    rows = _list_rows(browser.get(reverse("measures:due")).content.decode())
    census = browser.get(reverse("episodes:dashboard"))

    assert sorted(rows) == ["30 days after discharge", "at discharge"]
    assert (census.context["due_count"], census.context["overdue_count"]) == (2, 2)
    chart = browser.get(reverse("measures:chart", args=[discharged_months_ago.pk])).content.decode()
    assert "admission" not in chart.lower().split("due now", 1)[-1].split("</section>", 1)[0]
