"""An unexpected positive (or an invalid specimen) opens one task for the primary clinician per result set,
routine, due the next day; expected positives and negatives open none."""

from datetime import timedelta

import pytest

from openiop.core.timezones import local_today
from openiop.screens import panels
from openiop.screens.services import TASK_SOURCE, screen_result_mark_expected
from openiop.tasks.models import Task, TaskStatus
from openiop.tasks.services import task_raise


def test_an_unexpected_fentanyl_positive_raises_a_routine_task_due_tomorrow_for_the_primary_clinician(
    record_screen, clinician_a, program_a
):
    collection = record_screen({"fentanyl": "positive", "cocaine": "positive", "thc": "negative"})
    task = Task.objects.get()
    assert (task.kind, task.priority, task.assigned_to, task.source_type, task.source_id) == (
        "screen_unexpected_result",
        "routine",
        clinician_a,
        TASK_SOURCE,
        collection.pk,
    )
    assert task.due_on == local_today(program_a.time_zone) + timedelta(days=1)
    assert "fentanyl" not in task.title.lower()  # task titles show in lists: no clinical detail


def test_raising_again_for_the_same_result_set_opens_nothing_new(record_screen, nurse_a, episode_a):
    collection = record_screen({"fentanyl": "positive"})
    task_raise(
        acting_user=nurse_a,
        episode=episode_a,
        kind="screen_unexpected_result",
        title="Again",
        due_on=local_today("UTC"),
        source_type=TASK_SOURCE,
        source_id=collection.pk,
    )
    assert Task.objects.count() == 1


@pytest.mark.parametrize(
    "results", [{"fentanyl": "negative"}, {"cocaine": "dilute"}, {"thc": "not_tested", "etg": "negative"}]
)
def test_negative_and_dilute_results_raise_no_task(record_screen, results):
    record_screen(results)
    assert Task.objects.count() == 0


def test_an_invalid_specimen_raises_a_task_by_default_and_the_rule_is_data(record_screen, monkeypatch):
    record_screen({"cocaine": "invalid"})
    assert Task.objects.count() == 1
    monkeypatch.setitem(panels.RAISES_TASK, panels.Result.INVALID, False)
    record_screen({"cocaine": "invalid"})
    assert Task.objects.count() == 1


def test_marking_the_only_unexpected_positive_expected_withdraws_the_task(record_screen, clinician_a):
    result = record_screen({"oxycodone": "positive"}).results.get()
    screen_result_mark_expected(acting_user=clinician_a, result=result, reason="Dental surgery prescription")
    assert Task.objects.get().status == TaskStatus.WITHDRAWN
