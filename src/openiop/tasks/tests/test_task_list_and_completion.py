"""The task list (mine, or everyone's in my programs) and completing a task with what was done."""

from datetime import date

import pytest
from django.urls import reverse

from openiop.audit.models import AuditEvent
from openiop.conftest import count_queries
from openiop.tasks.models import Task, TaskKind, TaskPriority, TaskStatus
from openiop.tasks.services import task_raise

LIST = reverse("tasks:list")


@pytest.fixture
def episode(make_patient, program_a, clinician_a):
    return make_patient(program_a, acting_user=clinician_a, legal_first_name="Alma", legal_last_name="Quinlan")[1]


def _task(episode, by, *, assigned_to, title="Call about Monday's missed group", **extra):
    return task_raise(
        acting_user=by,
        episode=episode,
        kind=TaskKind.GENERAL,
        title=title,
        due_on=date(2026, 10, 20),
        assigned_to=assigned_to,
        **extra,
    )


def _titles(response) -> list[str]:
    return [t.title for t in response.context["tasks"]]


def test_mine_lists_my_open_tasks_and_not_a_colleague_s(client_for, clinician_a, nurse_a, episode):
    _task(episode, clinician_a, assigned_to=clinician_a, title="Mine")
    _task(episode, clinician_a, assigned_to=nurse_a, title="The nurse's")
    done = _task(episode, clinician_a, assigned_to=clinician_a, title="Already done")
    Task.objects.filter(pk=done.pk).update(status=TaskStatus.DONE)

    response = client_for(clinician_a).get(LIST)
    assert response.status_code == 200
    assert _titles(response) == ["Mine"]
    assert _titles(client_for(clinician_a).get(LIST, {"scope": "mine"})) == ["Mine"]


def test_an_unassigned_task_is_mine_when_i_am_the_primary_clinician(client_for, clinician_a, nurse_a, episode):
    _task(episode, clinician_a, assigned_to=None, title="Nobody's yet")
    assert _titles(client_for(clinician_a).get(LIST)) == ["Nobody's yet"]
    assert _titles(client_for(nurse_a).get(LIST)) == []


def test_all_lists_everyone_s_open_tasks_in_my_programs_urgent_first(
    client_for, clinician_a, nurse_a, episode, make_patient, program_b, clinician_b
):
    _task(episode, clinician_a, assigned_to=clinician_a, title="Mine")
    _task(episode, clinician_a, assigned_to=nurse_a, title="The nurse's", priority=TaskPriority.URGENT)
    other_episode = make_patient(program_b, acting_user=clinician_b)[1]
    _task(other_episode, clinician_b, assigned_to=clinician_b, title="Program B's")

    response = client_for(clinician_a).get(LIST, {"scope": "all"})
    assert _titles(response) == ["The nurse's", "Mine"]
    html = response.content.decode()
    assert "Urgent" in html and "Program B's" not in html


def test_reading_the_list_is_audited_with_the_patients_shown(client_for, clinician_a, episode):
    _task(episode, clinician_a, assigned_to=clinician_a)
    client_for(clinician_a).get(LIST)
    event = AuditEvent.objects.filter(object_type="tasks", action="read").latest("sequence")
    assert event.detail["patient_ids"] == [episode.patient_id]


def test_completing_a_task_records_the_outcome_and_who_closed_it(client_for, clinician_a, episode):
    task = _task(episode, clinician_a, assigned_to=clinician_a)
    response = client_for(clinician_a).post(
        reverse("tasks:detail", args=[task.pk]), {"outcome": "Called; rebooked for Thursday"}
    )
    assert response.status_code == 302 and response.url == LIST
    task.refresh_from_db()
    assert (task.status, task.outcome, task.closed_by) == (
        TaskStatus.DONE,
        "Called; rebooked for Thursday",
        clinician_a,
    )
    assert task.closed_at is not None
    event = AuditEvent.objects.filter(object_type="task", object_id=str(task.pk), action="update").get()
    assert (event.patient_id, event.detail["event"]) == (episode.patient_id, TaskStatus.DONE)
    assert _titles(client_for(clinician_a).get(LIST)) == []


@pytest.mark.parametrize("outcome", ["", "   "])
def test_completing_without_an_outcome_is_refused_and_changes_nothing(client_for, clinician_a, episode, outcome):
    task = _task(episode, clinician_a, assigned_to=clinician_a)
    response = client_for(clinician_a).post(reverse("tasks:detail", args=[task.pk]), {"outcome": outcome})
    assert response.status_code == 200
    assert "outcome" in response.context["form"].errors
    html = response.content.decode()
    assert "Nothing was saved" in html and "What was done" in html
    task.refresh_from_db()
    assert (task.status, task.outcome, task.closed_by, task.closed_at) == (TaskStatus.OPEN, "", None, None)


def test_a_completed_task_cannot_be_completed_again(client_for, clinician_a, nurse_a, episode):
    task = _task(episode, clinician_a, assigned_to=clinician_a)
    client_for(clinician_a).post(reverse("tasks:detail", args=[task.pk]), {"outcome": "Reached the patient"})

    response = client_for(nurse_a).post(reverse("tasks:detail", args=[task.pk]), {"outcome": "Called again"})
    assert response.status_code == 200
    assert "This task is already done." in response.content.decode()
    task.refresh_from_db()
    assert (task.outcome, task.closed_by) == ("Reached the patient", clinician_a)


def test_the_detail_page_of_a_closed_task_shows_what_was_done_without_a_form(client_for, clinician_a, episode):
    task = _task(episode, clinician_a, assigned_to=clinician_a)
    client_for(clinician_a).post(reverse("tasks:detail", args=[task.pk]), {"outcome": "Reached the patient"})
    html = client_for(clinician_a).get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Reached the patient" in html and "Mark done" not in html


def test_the_list_takes_the_same_number_of_queries_for_5_or_20_tasks(client_for, clinician_a, make_patient, program_a):
    def tasks(n):
        for _ in range(n):
            episode = make_patient(program_a, acting_user=clinician_a)[1]
            _task(episode, clinician_a, assigned_to=clinician_a)

    client = client_for(clinician_a)
    tasks(5)
    few = {scope: count_queries(client, f"{LIST}?scope={scope}") for scope in ("mine", "all")}
    tasks(15)
    many = {scope: count_queries(client, f"{LIST}?scope={scope}") for scope in ("mine", "all")}
    assert len(client.get(f"{LIST}?scope=all").context["tasks"]) == 20
    assert few == many
