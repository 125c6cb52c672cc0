"""The notes work lists go through the access policy: notes to write and the co-sign queue leave out a
restricted record (e.g. a staff member who is also a patient) for staff the privacy officer did not name.

A session's attendees and its group note are a roster: the session's facilitators see everyone in the room
(they must document the whole group); other staff see only whom the policy shows them, and an individual
appointment with a restricted patient is "not found" for them."""

import pytest
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.accounts.testing import signature_of
from openiop.notes.services import (
    group_note_start,
    note_supervision_set,
    progress_note_sign,
    progress_note_start,
    progress_note_update,
)
from openiop.privacy.services import patient_restrict


@pytest.fixture
def restrict(privacy_officer):
    def restrict(patient, *, named):
        return patient_restrict(acting_user=privacy_officer, patient=patient, allowed_users=named, reason="Staff")

    return restrict


@pytest.fixture
def colleague(make_user, program_a):
    """A clinician of program A who facilitates none of these sessions and is named on no record."""
    return make_user(Role.CLINICIAN, [program_a], username="colleague-a")


@pytest.fixture
def appointment(make_patient, make_appointment, program_a, clinician_a):
    """A past individual appointment of Alma Quinlan that clinician_a led and has no note yet."""
    _, episode = make_patient(program_a, acting_user=clinician_a, legal_first_name="Alma", legal_last_name="Quinlan")
    return make_appointment(episode=episode)


def _page(client_for, user, url) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_notes_to_write_leave_out_a_restricted_patient_for_staff_not_named(
    client_for, clinician_a, director_a, appointment, restrict
):
    _, episode = appointment
    restrict(episode.patient, named=[director_a])
    assert "Quinlan" not in _page(client_for, clinician_a, reverse("notes:to_write"))
    assert "Quinlan" in _page(client_for, director_a, reverse("notes:to_write") + "?scope=everyone")


def test_the_cosign_queue_leaves_out_a_restricted_patient_for_a_supervisor_not_named(
    client_for, clinician_a, director_a, program_a, appointment, restrict
):
    note_supervision_set(acting_user=director_a, program=program_a, supervisee=clinician_a, supervisor=director_a)
    session, episode = appointment
    note = progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    progress_note_update(acting_user=clinician_a, note=note, sections={"data": "d", "assessment": "a", "plan": "p"})
    progress_note_sign(
        acting_user=clinician_a, note=note, typed_name=clinician_a.get_full_name(), signature=signature_of(clinician_a)
    )
    restrict(episode.patient, named=[clinician_a])
    assert "Quinlan" not in _page(client_for, director_a, reverse("notes:cosign_queue"))
    restrict(episode.patient, named=[clinician_a, director_a])
    assert "Quinlan" in _page(client_for, director_a, reverse("notes:cosign_queue"))


def test_an_appointment_with_a_restricted_patient_is_not_found_for_staff_who_neither_led_it_nor_are_named(
    client_for, clinician_a, director_a, colleague, appointment, restrict
):
    session, episode = appointment
    restrict(episode.patient, named=[director_a])
    url = reverse("notes:session", args=[session.pk])
    refused = client_for(colleague).get(url)
    assert refused.status_code == 404 and "Quinlan" not in refused.content.decode()
    assert "Quinlan" in _page(client_for, clinician_a, url)  # led the appointment: was in the room
    assert "Quinlan" in _page(client_for, director_a, url)


def test_a_groups_attendees_show_a_restricted_patient_to_its_facilitators_and_named_staff_only(
    client_for, clinician_a, director_a, colleague, make_group_session, restrict
):
    session, episodes = make_group_session(attended=3)
    restrict(episodes[0].patient, named=[director_a])  # Alma Quist
    url = reverse("notes:session", args=[session.pk])
    others = _page(client_for, colleague, url)
    assert "Quist" not in others and "Vesper" in others
    assert "Quist" in _page(client_for, clinician_a, url)
    assert "Quist" in _page(client_for, director_a, url)


def test_the_group_note_shows_a_restricted_attendee_to_facilitators_and_never_names_them_to_others(
    client_for, clinician_a, colleague, director_a, make_group_session, restrict
):
    session, episodes = make_group_session(attended=3)
    group_note = group_note_start(acting_user=clinician_a, session=session)
    restrict(episodes[0].patient, named=[director_a])
    url = reverse("notes:group_edit", args=[group_note.pk])
    assert "Quist" in _page(client_for, clinician_a, url)
    others = _page(client_for, colleague, url)
    assert "Quist" not in others and "Vesper" in others

    shown = [e for e in episodes if e != episodes[0]]
    form = {"topic": "Coping with cravings", "interventions": "Motivational interviewing", "action": "sign"}
    form |= {f"entry_{e.pk}_participation": "active" for e in shown} | {"typed_name": colleague.get_full_name()}
    refused = client_for(colleague).post(url, form)
    body = refused.content.decode()
    assert refused.status_code == 400 and "Quist" not in body
    assert "a facilitator of this session must complete and sign it" in body
