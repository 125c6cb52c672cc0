"""SUD counselling notes (42 CFR 2.11) are kept apart from the record: the author and the author's supervisor
read them; the rest of the care team, a director who is not the supervisor, emergency access and the privacy
officer are refused (403, audited as counselling_notes, no text in the response). The Notes tab shows that a
note exists, never its text. A counselling note needs an attended counselling session; signing locks it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.accounts.testing import signature_of
from openiop.audit.models import AuditEvent, Outcome
from openiop.episodes.services import care_team_add
from openiop.notes.models import CounsellingNote
from openiop.notes.services import (
    counselling_note_sign,
    counselling_note_update,
    counselling_note_write,
    note_supervision_set,
)
from openiop.privacy.testing import client_under_grant, open_emergency_access

SECRET = "Talked about the shame around the relapse after the funeral; ambivalent about telling her sister."


@pytest.fixture
def counselling(make_appointment, clinician_a):
    session, episode = make_appointment()
    note = counselling_note_write(acting_user=clinician_a, session=session, episode=episode, text=SECRET)
    counselling_note_sign(
        acting_user=clinician_a,
        note=note,
        text=SECRET,
        typed_name=clinician_a.get_full_name(),
        signature=signature_of(clinician_a),
    )
    note.refresh_from_db()
    return note


def _page(note):
    return reverse("notes:counselling", args=[note.patient_id, note.pk])


def _refused(response, user):
    assert response.status_code == 403
    assert "funeral" not in response.content.decode()
    assert AuditEvent.objects.filter(
        user_id=user.pk, outcome=Outcome.DENIED, detail__reason="counselling_notes"
    ).exists()


def test_the_author_reads_the_note(client_for, clinician_a, counselling):
    response = client_for(clinician_a).get(_page(counselling))
    assert response.status_code == 200 and "funeral" in response.content.decode()
    assert AuditEvent.objects.filter(object_type="counselling_note", object_id=str(counselling.pk), action="read")


def test_another_clinician_on_the_care_team_sees_it_exists_but_cannot_open_it(
    client_for, make_user, program_a, director_a, counselling
):
    colleague = make_user(Role.CLINICIAN, [program_a])
    care_team_add(acting_user=director_a, episode=counselling.episode, user=colleague, team_role="Family therapist")
    client = client_for(colleague)
    tab = client.get(reverse("notes:chart", args=[counselling.patient_id])).content.decode()
    assert "author and supervisor only" in tab and "funeral" not in tab
    assert _page(counselling) not in tab
    _refused(client.get(_page(counselling)), colleague)


def test_the_authors_supervisor_reads_it_and_another_director_does_not(
    client_for, make_user, program_a, director_a, clinician_a, counselling
):
    other_director = make_user(Role.DIRECTOR, [program_a])
    _refused(client_for(director_a).get(_page(counselling)), director_a)
    note_supervision_set(acting_user=director_a, program=program_a, supervisee=clinician_a, supervisor=director_a)
    assert client_for(director_a).get(_page(counselling)).status_code == 200
    _refused(client_for(other_director).get(_page(counselling)), other_director)


def test_emergency_access_does_not_open_counselling_notes(client_for, make_user, program_b, counselling):
    outsider = make_user(Role.CLINICIAN, [program_b])
    patient = counselling.patient
    client = client_under_grant(client_for, outsider, open_emergency_access(outsider, patient))
    assert client.get(reverse("notes:chart", args=[patient.pk])).status_code == 200
    _refused(client.get(_page(counselling)), outsider)


@pytest.mark.parametrize("persona", ["nurse_a", "intake_a", "peer_support_a", "billing_a", "privacy_officer"])
def test_roles_without_counselling_notes_are_refused_by_role(request, client_for, counselling, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(_page(counselling))
    assert response.status_code in {403, 404}
    assert "funeral" not in response.content.decode()
    assert AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED).exists()


def test_a_counselling_note_needs_an_attended_counselling_session(make_appointment, clinician_a):
    session, episode = make_appointment("absent_unexcused")
    with pytest.raises(ValidationError) as refused:
        counselling_note_write(acting_user=clinician_a, session=session, episode=episode, text=SECRET)
    assert "episode" in refused.value.message_dict
    assert not CounsellingNote.objects.exists()


def test_a_signed_counselling_note_is_locked(clinician_a, counselling):
    with pytest.raises(ValidationError) as refused:
        counselling_note_update(acting_user=clinician_a, note=counselling, text="Rewritten")
    assert "locked" in refused.value.messages[0]
    counselling.refresh_from_db()
    assert counselling.text == SECRET


def test_only_the_author_edits_a_draft(make_appointment, clinician_a, director_a):
    session, episode = make_appointment()
    note = counselling_note_write(acting_user=clinician_a, session=session, episode=episode, text="Draft")
    with pytest.raises(ValidationError):
        counselling_note_update(acting_user=director_a, note=note, text="Changed by someone else")
    note.refresh_from_db()
    assert note.text == "Draft"


def test_signing_needs_the_authors_own_name_and_keeps_the_draft_on_failure(client_for, make_appointment, clinician_a):
    session, episode = make_appointment()
    note = counselling_note_write(acting_user=clinician_a, session=session, episode=episode, text="")
    client = client_for(clinician_a)
    response = client.post(_page(note), {"action": "sign", "text": SECRET, "typed_name": "Somebody Else"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Type your full name" in html and "funeral" in html  # the text typed is still in the form
    note.refresh_from_db()
    assert note.status == "draft"


def test_the_new_note_page_lists_attended_counselling_sessions_and_saves_a_draft(
    client_for, make_appointment, clinician_a
):
    session, episode = make_appointment()
    client = client_for(clinician_a)
    url = reverse("notes:counselling_new", args=[episode.patient_id])
    page = client.get(url)
    attendance = page.context["form"].fields["attendance"].choices[1][0]
    refused = client.post(url, {"attendance": "", "text": SECRET})
    assert refused.status_code == 400 and "Choose the counselling session" in refused.content.decode()
    assert "funeral" in refused.content.decode()
    response = client.post(url, {"attendance": attendance, "text": SECRET})
    note = CounsellingNote.objects.get()
    assert response.status_code == 302 and response["Location"] == _page(note)
    assert note.session == session and note.author == clinician_a and note.status == "draft"
