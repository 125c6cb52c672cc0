"""A concerning check-in answer (any use, no stable housing, asking for contact: checkin_rules.CONCERNS)
opens exactly one follow-up task for the program's alumni coordinator, else the primary clinician; a
reassuring check-in opens none."""

import pytest

from openiop.continuity import services
from openiop.continuity.checkin_rules import CONCERNS, concerns_in
from openiop.tasks.models import Task, TaskKind

from .builders import GOOD_ANSWERS, alumni_episode


@pytest.mark.parametrize(
    ("change", "concerns"),
    [
        ({}, []),
        ({"days_alcohol_use": 1}, ["any_use"]),
        ({"days_drug_use": 3}, ["any_use"]),
        ({"abstinent": False}, ["any_use"]),
        ({"stable_housing": False}, ["no_stable_housing"]),
        ({"wants_contact": True}, ["wants_contact"]),
        ({"days_support_meetings": 0, "employment": "unemployed"}, []),
        (
            {"days_drug_use": 2, "stable_housing": False, "wants_contact": True},
            ["any_use", "no_stable_housing", "wants_contact"],
        ),
    ],
)
def test_the_concern_table(change, concerns):
    assert concerns_in({**GOOD_ANSWERS, **change}) == concerns


def test_every_concern_documents_its_rationale_and_source():
    for concern, _test in CONCERNS:
        assert concern.rationale and concern.source and concern.title


def _answer(episode, user, answers):
    _checkin, token = services.checkin_link_issue(acting_user=user, episode=episode, day_number=30)
    return services.checkin_submit(token=token, answers=answers)


def test_several_concerns_raise_exactly_one_task_for_the_peer_coordinator(
    make_patient, program_a, clinician_a, peer_support_a
):
    episode = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=31)
    checkin = _answer(
        episode, clinician_a, {**GOOD_ANSWERS, "days_drug_use": 4, "stable_housing": False, "wants_contact": True}
    )
    task = Task.objects.get()
    assert (task.kind, task.assigned_to, task.episode, task.source_id) == (
        TaskKind.ALUMNI_FOLLOW_UP,
        peer_support_a,
        episode,
        checkin.pk,
    )
    assert "drug" not in task.title.lower()  # no clinical detail in lists


def test_without_a_peer_coordinator_the_primary_clinician_gets_the_task(make_patient, program_a, clinician_a):
    episode = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=31)
    _answer(episode, clinician_a, {**GOOD_ANSWERS, "wants_contact": True})
    assert Task.objects.get().assigned_to == clinician_a


def test_a_reassuring_check_in_raises_no_task(make_patient, program_a, clinician_a, peer_support_a):
    episode = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=31)
    checkin = _answer(episode, clinician_a, GOOD_ANSWERS)
    assert checkin.concerns == [] and Task.objects.count() == 0
