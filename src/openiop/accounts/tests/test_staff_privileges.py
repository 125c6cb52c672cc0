"""A sysadmin changes who may do what: the change is audited with before and after, takes effect on the
very next request of the changed user, and cannot be turned on the sysadmin's own account."""

from django.urls import reverse

from openiop.accounts.models import User
from openiop.accounts.roles import Role
from openiop.audit.models import AuditEvent, Outcome
from openiop.core.tests.html_forms import field_error, form_values


def _change(client, member, *, role, programs, is_active=True):
    data = {"role": role, "programs": [p.pk for p in programs]}
    if is_active:
        data["is_active"] = "on"
    return client.post(reverse("accounts:staff_edit", args=[member.pk]), data)


def test_a_sysadmin_changing_a_role_and_programs_writes_a_privilege_change_event_with_before_and_after(
    sysadmin, clinician_a, program_a, program_b, client_for
):
    response = _change(client_for(sysadmin), clinician_a, role=Role.DIRECTOR, programs=[program_a, program_b])

    assert (response.status_code, response["Location"]) == (302, reverse("accounts:staff"))
    member = User.objects.get(pk=clinician_a.pk)
    assert (member.role, sorted(member.program_ids)) == (Role.DIRECTOR, sorted([program_a.pk, program_b.pk]))
    event = AuditEvent.objects.get(action="privilege_change")
    assert (event.user_id, event.username, event.role) == (sysadmin.pk, sysadmin.username, Role.SYSADMIN)
    assert (event.object_type, event.object_id, event.outcome) == ("user", str(clinician_a.pk), Outcome.ALLOWED)
    assert event.detail == {
        "before": {"role": Role.CLINICIAN, "program_ids": [program_a.pk], "is_active": True},
        "after": {"role": Role.DIRECTOR, "program_ids": sorted([program_a.pk, program_b.pk]), "is_active": True},
    }


def test_a_sysadmin_deactivating_someone_records_it_as_a_privilege_change(
    sysadmin, front_desk_a, program_a, client_for
):
    _change(client_for(sysadmin), front_desk_a, role=Role.FRONT_DESK, programs=[program_a], is_active=False)

    event = AuditEvent.objects.get(action="privilege_change")
    assert (event.detail["before"]["is_active"], event.detail["after"]["is_active"]) == (True, False)
    assert User.objects.get(pk=front_desk_a.pk).is_active is False


def test_a_sysadmin_cannot_change_their_own_role(sysadmin, client_for):
    response = _change(client_for(sysadmin), sysadmin, role=Role.CLINICIAN, programs=[])

    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot change your own role" in field_error(page, "role")
    assert form_values(page)["role"] == [Role.CLINICIAN]  # the draft is shown back, not silently reset
    assert User.objects.get(pk=sysadmin.pk).role == Role.SYSADMIN
    assert not AuditEvent.objects.filter(action="privilege_change").exists()


def test_a_sysadmin_cannot_deactivate_themselves(sysadmin, client_for):
    response = _change(client_for(sysadmin), sysadmin, role=Role.SYSADMIN, programs=[], is_active=False)

    assert response.status_code == 200
    assert "deactivate yourself" in field_error(response.content.decode(), "role")
    assert User.objects.get(pk=sysadmin.pk).is_active is True
    assert not AuditEvent.objects.filter(action="privilege_change").exists()


def test_adding_a_program_opens_its_charts_on_the_users_next_request(
    sysadmin, clinician_b, patient_a, program_a, program_b, client_for
):
    chart = reverse("patients:chart", args=[patient_a.pk])
    clinician = client_for(clinician_b)
    assert clinician.get(chart).status_code == 404

    _change(client_for(sysadmin), clinician_b, role=Role.CLINICIAN, programs=[program_a, program_b])

    response = clinician.get(chart)
    assert response.status_code == 200
    assert patient_a.mrn in response.content.decode()


def test_removing_a_program_closes_its_charts_on_the_users_next_request(
    sysadmin, clinician_a, patient_a, program_b, client_for
):
    chart = reverse("patients:chart", args=[patient_a.pk])
    clinician = client_for(clinician_a)
    assert clinician.get(chart).status_code == 200

    _change(client_for(sysadmin), clinician_a, role=Role.CLINICIAN, programs=[program_b])

    assert clinician.get(chart).status_code == 404
    assert patient_a.mrn not in clinician.get(reverse("patients:list")).content.decode()


def test_a_role_taken_away_is_refused_on_the_users_next_request(
    sysadmin, clinician_a, patient_a, program_a, client_for
):
    chart = reverse("patients:chart", args=[patient_a.pk])
    clinician = client_for(clinician_a)
    assert clinician.get(chart).status_code == 200

    _change(client_for(sysadmin), clinician_a, role=Role.FRONT_DESK, programs=[program_a])

    assert clinician.get(chart).status_code == 403


def test_a_deactivated_user_is_signed_out_on_their_next_request(
    sysadmin, clinician_a, patient_a, program_a, client_for
):
    chart = reverse("patients:chart", args=[patient_a.pk])
    clinician = client_for(clinician_a)
    assert clinician.get(chart).status_code == 200

    _change(client_for(sysadmin), clinician_a, role=Role.CLINICIAN, programs=[program_a], is_active=False)

    response = clinician.get(chart)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
