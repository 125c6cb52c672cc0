"""An unexcused absence asks the patient's primary clinician to reach them by the next day; two in a row raise an
urgent alert too. Saving the roll call again raises nothing new, and correcting the absence withdraws its tasks."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from openiop.audit.models import AuditEvent
from openiop.schedule.services import attendance_record
from openiop.tasks.models import Task, TaskKind, TaskPriority, TaskStatus

FOLLOW_UP, ALERT = TaskKind.ATTENDANCE_FOLLOW_UP, TaskKind.ATTENDANCE_ALERT


@pytest.fixture(autouse=True)
def friday_23_october_2026():
    with time_machine.travel(datetime(2026, 10, 23, 16, tzinfo=UTC), tick=True):
        yield


@pytest.fixture
def episode(make_patient, program_a, clinician_a, director_a):
    """Admitted by the director; clinician A is the primary clinician."""
    return make_patient(program_a, acting_user=director_a, clinician=clinician_a)[1]


@pytest.fixture
def monday_tuesday_thursday(evening_group):
    return list(evening_group.sessions.all()[:3])


def _roll_call(session, episode, status, by):
    return attendance_record(acting_user=by, session=session, entries={episode.pk: (status, None)})[0]


def _open(kind=None):
    tasks = Task.objects.filter(status=TaskStatus.OPEN)
    return list(tasks.filter(kind=kind) if kind else tasks)


def test_an_unexcused_absence_asks_the_primary_clinician_to_reach_the_patient_by_the_next_day(
    monday_tuesday_thursday, episode, clinician_a, nurse_a
):
    monday = monday_tuesday_thursday[0]
    record = _roll_call(monday, episode, "absent_unexcused", by=nurse_a)
    [task] = Task.objects.all()
    assert (task.kind, task.priority, task.status) == (FOLLOW_UP, TaskPriority.ROUTINE, TaskStatus.OPEN)
    assert task.assigned_to == clinician_a
    assert task.due_on == date(2026, 10, 20)
    assert (task.source_type, task.source_id) == ("attendance", record.pk)
    assert (task.program_id, task.patient_id, task.episode_id) == (episode.program_id, episode.patient_id, episode.pk)
    assert "Evening process group" in task.title


def test_saving_the_roll_call_again_raises_no_second_task(monday_tuesday_thursday, episode, nurse_a):
    monday = monday_tuesday_thursday[0]
    _roll_call(monday, episode, "absent_unexcused", by=nurse_a)
    _roll_call(monday, episode, "absent_unexcused", by=nurse_a)
    assert Task.objects.count() == 1


def test_a_second_unexcused_absence_in_a_row_raises_an_urgent_alert_as_well(
    monday_tuesday_thursday, episode, clinician_a, nurse_a
):
    monday, tuesday, _ = monday_tuesday_thursday
    _roll_call(monday, episode, "absent_unexcused", by=nurse_a)
    record = _roll_call(tuesday, episode, "absent_unexcused", by=nurse_a)
    assert len(_open(FOLLOW_UP)) == 2
    [alert] = _open(ALERT)
    assert alert.priority == TaskPriority.URGENT
    assert alert.assigned_to == clinician_a
    assert (alert.source_type, alert.source_id) == ("attendance", record.pk)
    assert alert.due_on == date(2026, 10, 20)  # the day of the second absence: sooner than the routine follow-up


def test_an_absence_after_an_attended_session_is_not_in_a_row(monday_tuesday_thursday, episode, nurse_a):
    monday, tuesday, thursday = monday_tuesday_thursday
    _roll_call(monday, episode, "absent_unexcused", by=nurse_a)
    _roll_call(tuesday, episode, "present", by=nurse_a)
    _roll_call(thursday, episode, "absent_unexcused", by=nurse_a)
    assert len(_open(FOLLOW_UP)) == 2
    assert _open(ALERT) == []


def test_an_unexcused_absence_after_an_excused_one_is_not_in_a_row(monday_tuesday_thursday, episode, nurse_a):
    monday, tuesday, _ = monday_tuesday_thursday
    _roll_call(monday, episode, "absent_excused", by=nurse_a)
    _roll_call(tuesday, episode, "absent_unexcused", by=nurse_a)
    assert len(_open(FOLLOW_UP)) == 1
    assert _open(ALERT) == []


def test_two_in_a_row_are_caught_even_when_the_earlier_roll_call_is_entered_later(
    monday_tuesday_thursday, episode, nurse_a
):
    monday, tuesday, _ = monday_tuesday_thursday
    _roll_call(tuesday, episode, "absent_unexcused", by=nurse_a)
    _roll_call(monday, episode, "absent_unexcused", by=nurse_a)  # Monday's sheet typed in late
    assert len(_open(ALERT)) == 1


@pytest.mark.parametrize("status", ["absent_excused", "present", "telehealth"])
def test_an_excused_absence_or_attendance_raises_nothing(monday_tuesday_thursday, episode, nurse_a, status):
    _roll_call(monday_tuesday_thursday[0], episode, status, by=nurse_a)
    assert Task.objects.count() == 0


def test_correcting_the_absence_to_excused_withdraws_its_tasks(monday_tuesday_thursday, episode, nurse_a):
    monday, tuesday, _ = monday_tuesday_thursday
    _roll_call(monday, episode, "absent_unexcused", by=nurse_a)
    record = _roll_call(tuesday, episode, "absent_unexcused", by=nurse_a)
    _roll_call(tuesday, episode, "absent_excused", by=nurse_a)

    withdrawn = Task.objects.filter(source_id=record.pk)
    assert {t.kind for t in withdrawn} == {FOLLOW_UP, ALERT}
    assert {t.status for t in withdrawn} == {TaskStatus.WITHDRAWN}
    assert all("Absent, excused" in t.outcome and t.closed_by == nurse_a for t in withdrawn)
    # Monday's absence is still unexcused, so its follow-up stays open.
    assert [t.source_id for t in _open()] == [Task.objects.get(kind=FOLLOW_UP, status=TaskStatus.OPEN).source_id]
    assert len(_open()) == 1


def test_correcting_the_first_of_two_absences_withdraws_the_alert_it_caused(monday_tuesday_thursday, episode, nurse_a):
    monday, tuesday, _ = monday_tuesday_thursday
    _roll_call(monday, episode, "absent_unexcused", by=nurse_a)
    _roll_call(tuesday, episode, "absent_unexcused", by=nurse_a)
    _roll_call(monday, episode, "absent_excused", by=nurse_a)  # the patient had called in after all
    assert _open(ALERT) == []
    assert len(_open(FOLLOW_UP)) == 1


def test_marking_the_patient_present_after_all_withdraws_the_follow_up(monday_tuesday_thursday, episode, nurse_a):
    monday = monday_tuesday_thursday[0]
    _roll_call(monday, episode, "absent_unexcused", by=nurse_a)
    _roll_call(monday, episode, "present", by=nurse_a)
    assert Task.objects.get().status == TaskStatus.WITHDRAWN


def test_a_patient_without_a_primary_clinician_is_followed_up_by_whoever_took_the_roll_call(
    monday_tuesday_thursday, episode, nurse_a
):
    type(episode).objects.filter(pk=episode.pk).update(primary_clinician=None)
    _roll_call(monday_tuesday_thursday[0], episode, "absent_unexcused", by=nurse_a)
    assert Task.objects.get().assigned_to == nurse_a


def test_raising_and_withdrawing_tasks_are_audited_against_the_patient(
    monday_tuesday_thursday, episode, nurse_a, clinician_a
):
    monday, tuesday, _ = monday_tuesday_thursday
    _roll_call(monday, episode, "absent_unexcused", by=nurse_a)
    _roll_call(tuesday, episode, "absent_unexcused", by=nurse_a)
    tasks = {t.pk: t for t in Task.objects.all()}
    created = AuditEvent.objects.filter(object_type="task", action="create")
    assert sorted(int(e.object_id) for e in created) == sorted(tasks)
    assert {(e.patient_id, e.user_id) for e in created} == {(episode.patient_id, nurse_a.pk)}
    assert {e.detail["assigned_to"] for e in created} == {clinician_a.pk}

    _roll_call(tuesday, episode, "present", by=nurse_a)
    withdrawn = AuditEvent.objects.filter(object_type="task", action="update")
    assert withdrawn.count() == 2
    assert {e.detail["event"] for e in withdrawn} == {TaskStatus.WITHDRAWN}
