"""Who may see and complete tasks: clinical roles in the task's program. Billing and front desk get an audited 403;
a clinician of another program gets an audited 404 that names no patient; nothing changes on a refused POST."""

from datetime import date

import pytest
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.tasks.models import Task, TaskKind, TaskStatus
from openiop.tasks.services import task_raise

LIST = reverse("tasks:list")


@pytest.fixture
def task(make_patient, program_a, clinician_a):
    episode = make_patient(program_a, acting_user=clinician_a, legal_first_name="Alma", legal_last_name="Quinlan")[1]
    return task_raise(
        acting_user=clinician_a,
        episode=episode,
        kind=TaskKind.GENERAL,
        title="Call the patient",
        due_on=date(2026, 10, 20),
        assigned_to=clinician_a,
    )


def _denial(user, reason):
    return AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED, detail__reason=reason)


@pytest.mark.parametrize("persona", ["clinician_a", "director_a", "nurse_a", "prescriber_a"])
def test_clinical_staff_of_the_program_see_the_list_and_the_task(client_for, request, persona, task):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(LIST, {"scope": "all"}).status_code == 200
    response = client.get(reverse("tasks:detail", args=[task.pk]))
    assert response.status_code == 200 and "Alma" in response.content.decode()


def test_intake_sees_tasks_about_the_pipeline_only(client_for, intake_a, task):
    """The task's patient is admitted: intake works the pipeline (privacy.policy.visible_q, 12.12)."""
    client = client_for(intake_a)
    assert "Alma" not in client.get(LIST, {"scope": "all"}).content.decode()
    response = client.get(reverse("tasks:detail", args=[task.pk]))
    assert response.status_code == 404 and "Alma" not in response.content.decode()


@pytest.mark.parametrize("persona", ["billing_a", "front_desk_a"])
@pytest.mark.parametrize("page", ["list", "detail"])
def test_billing_and_front_desk_get_an_audited_403(client_for, request, persona, page, task):
    user = request.getfixturevalue(persona)
    url = LIST if page == "list" else reverse("tasks:detail", args=[task.pk])
    response = client_for(user).get(url)
    assert response.status_code == 403
    assert "Alma" not in response.content.decode()
    assert _denial(user, "role").exists()


@pytest.mark.parametrize("persona", ["billing_a", "front_desk_a"])
def test_billing_and_front_desk_cannot_complete_a_task(client_for, request, persona, task):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(reverse("tasks:detail", args=[task.pk]), {"outcome": "Done"})
    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_a_clinician_of_another_program_gets_an_audited_404_naming_no_patient(client_for, clinician_b, task):
    response = client_for(clinician_b).get(reverse("tasks:detail", args=[task.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Alma" not in html and "Quinlan" not in html and task.patient.mrn not in html
    denial = _denial(clinician_b, "scope").get()
    assert (denial.object_type, denial.object_id) == ("task", str(task.pk))


def test_a_clinician_of_another_program_cannot_complete_the_task(client_for, clinician_b, task):
    response = client_for(clinician_b).post(reverse("tasks:detail", args=[task.pk]), {"outcome": "Done"})
    assert response.status_code == 404
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN
    assert _denial(clinician_b, "scope").exists()


def test_a_clinician_of_another_program_does_not_see_the_task_in_everyone_s_list(client_for, clinician_b, task):
    response = client_for(clinician_b).get(LIST, {"scope": "all"})
    assert response.status_code == 200
    assert list(response.context["tasks"]) == [] and "Alma" not in response.content.decode()


@pytest.mark.parametrize("page", ["list", "detail"])
def test_signed_out_visitors_are_sent_to_sign_in(client, page, task):
    url = LIST if page == "list" else reverse("tasks:detail", args=[task.pk])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url
