"""A review comes due plan_review_days after signing or the last review, or on a level-of-care change after
them, whichever is first; the dashboard selector answers for many episodes in one query."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openiop.core.timezones import local_today
from openiop.episodes.models import LevelOfCareChangeKind
from openiop.episodes.services import episode_transfer
from openiop.plans import services
from openiop.plans.models import TreatmentPlan
from openiop.plans.reviews import review_due
from openiop.plans.selectors import plan_review_dates
from openiop.programs.levels import level_of_care

from .builders import complete_plan, sign_all

SIGNED = date(2026, 3, 1)


def test_a_review_is_due_the_cadence_after_signing():
    assert review_due(
        signed_on=SIGNED, last_reviewed_on=None, review_days=30, next_level_change_on=None
    ).due_on == date(2026, 3, 31)


def test_a_review_resets_the_cadence():
    due = review_due(signed_on=SIGNED, last_reviewed_on=date(2026, 3, 20), review_days=30, next_level_change_on=None)
    assert due.due_on == date(2026, 4, 19)


def test_a_level_of_care_change_brings_the_review_forward():
    due = review_due(signed_on=SIGNED, last_reviewed_on=None, review_days=30, next_level_change_on=date(2026, 3, 10))
    assert (due.due_on, due.reason) == (date(2026, 3, 10), "level_of_care_change")


def test_status_is_overdue_due_soon_or_scheduled():
    due = review_due(signed_on=SIGNED, last_reviewed_on=None, review_days=30, next_level_change_on=None)
    assert due.status(date(2026, 4, 1)) == "overdue"
    assert due.status(date(2026, 3, 25)) == "due soon"
    assert due.status(date(2026, 3, 2)) == "scheduled"


@pytest.fixture
def signed_episode(patient_a, clinician_a, director_a):
    episode = patient_a.episodes.get()
    plan = sign_all(complete_plan(episode, acting_user=clinician_a), clinician=clinician_a, supervisor=director_a)
    # Signed ten days ago, so a level change in between is "after signing".
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        signed_on=local_today(episode.program.time_zone) - timedelta(days=10)
    )
    plan.refresh_from_db()
    return episode, plan


def test_the_selector_uses_the_programs_cadence(signed_episode, program_a):
    episode, plan = signed_episode
    program_a.plan_review_days = 45
    program_a.save()
    assert plan_review_dates(episode_ids=[episode.pk])[episode.pk].due_on == plan.signed_on + timedelta(days=45)


def test_a_step_down_after_signing_makes_the_review_due_that_day(signed_episode, clinician_a):
    episode, plan = signed_episode
    stepped_on = plan.signed_on + timedelta(days=4)
    episode_transfer(
        acting_user=clinician_a,
        episode=episode,
        effective_on=stepped_on,
        kind=LevelOfCareChangeKind.STEP_DOWN,
        level_of_care=level_of_care("asam3", "1"),
        reason="Met phase 1 goals",
    )
    due = plan_review_dates(episode_ids=[episode.pk])[episode.pk]
    assert (due.due_on, due.reason) == (stepped_on, "level_of_care_change")


def test_a_review_after_the_change_resets_the_date(signed_episode, clinician_a, program_a):
    episode, plan = signed_episode
    episode_transfer(
        acting_user=clinician_a,
        episode=episode,
        effective_on=plan.signed_on + timedelta(days=2),
        kind=LevelOfCareChangeKind.STEP_DOWN,
        level_of_care=level_of_care("asam3", "1"),
        reason="Met phase 1 goals",
    )
    reviewed_on = plan.signed_on + timedelta(days=5)
    services.plan_review_record(
        acting_user=clinician_a,
        plan=plan,
        reviewed_on=reviewed_on,
        summary="Reviewed after step-down",
        outcome="continue",
    )
    due = plan_review_dates(episode_ids=[episode.pk])[episode.pk]
    assert (due.due_on, due.reason) == (reviewed_on + timedelta(days=program_a.plan_review_days), "cadence")


def test_review_dates_for_many_episodes_take_one_query(make_patient, program_a, clinician_a, director_a):
    episodes = []
    for _ in range(5):
        _patient, episode = make_patient(program_a, acting_user=clinician_a)
        sign_all(complete_plan(episode, acting_user=clinician_a), clinician=clinician_a, supervisor=director_a)
        episodes.append(episode)
    with CaptureQueriesContext(connection) as queries:
        dates = plan_review_dates(episode_ids=[e.pk for e in episodes])
    assert len(queries) == 1
    assert set(dates) == {e.pk for e in episodes}


def test_a_review_before_the_signing_date_is_refused(signed_episode, clinician_a):
    from django.core.exceptions import ValidationError

    _episode, plan = signed_episode
    with pytest.raises(ValidationError) as error:
        services.plan_review_record(
            acting_user=clinician_a,
            plan=plan,
            reviewed_on=plan.signed_on - timedelta(days=1),
            summary="x",
            outcome="continue",
        )
    assert "reviewed_on" in error.value.message_dict
    assert not plan.reviews.exists()


def test_a_review_with_outcome_revise_opens_the_next_version(signed_episode, clinician_a):
    _episode, plan = signed_episode
    services.plan_review_record(
        acting_user=clinician_a, plan=plan, reviewed_on=plan.signed_on, summary="New goals", outcome="revise"
    )
    assert TreatmentPlan.objects.filter(revised_from=plan, version=2, status="draft").exists()
