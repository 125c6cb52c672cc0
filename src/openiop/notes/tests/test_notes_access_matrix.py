"""Every persona against the notes pages. Notes: director, clinician, prescriber, nurse; intake, peer
support (alumni information only), billing, front desk, privacy officer and sysadmin are refused (403);
another program gets 404. Reading a patient's notes also needs the care team (issue 8): the program's nurse
and prescriber get 403 for the chart's notes until they are on the patient's care team; directors supervise."""

import pytest
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.notes.services import progress_note_start

WRITERS = {"clinician_a", "director_a", "nurse_a", "prescriber_a"}
REFUSED = {"intake_a", "peer_support_a", "front_desk_a", "billing_a", "privacy_officer", "sysadmin"}
PERSONAS = sorted(WRITERS | REFUSED | {"clinician_b"})
# Writers of the program who are not on this patient's care team (the fixture's primary is clinician_a).
NOT_ON_TEAM = {"nurse_a", "prescriber_a"}
CARE_TEAM_PAGES = {"chart tab", "note"}


@pytest.fixture
def note(make_appointment, clinician_a):
    session, episode = make_appointment()
    return progress_note_start(acting_user=clinician_a, session=session, episode=episode)


def _pages(note):
    return {
        "chart tab": reverse("notes:chart", args=[note.patient_id]),
        "note": reverse("notes:detail", args=[note.patient_id, note.pk]),
        "session notes": reverse("notes:session", args=[note.session_id]),
        "to write": reverse("notes:to_write"),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_role_table_allows(request, persona, note, client_for):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    for name, url in _pages(note).items():
        response = client.get(url)
        if persona in REFUSED:
            assert response.status_code == 403, (persona, name)
        elif persona == "clinician_b" and name != "to write":
            assert response.status_code == 404, (persona, name)
            assert note.patient.legal_last_name not in response.content.decode()
        elif persona in NOT_ON_TEAM and name in CARE_TEAM_PAGES:
            assert response.status_code == 403, (persona, name)
            assert note.patient.legal_last_name not in response.content.decode()
        else:
            assert response.status_code == 200, (persona, name)


def test_reading_a_note_is_audited_with_the_patient(note, clinician_a, client_for):
    client_for(clinician_a).get(reverse("notes:detail", args=[note.patient_id, note.pk]))
    assert AuditEvent.objects.filter(object_type="progress_note", action="read", patient_id=note.patient_id).exists()


def test_a_refusal_is_audited_as_denied(note, billing_a, client_for):
    client_for(billing_a).get(reverse("notes:chart", args=[note.patient_id]))
    assert AuditEvent.objects.filter(user_id=billing_a.pk, outcome=Outcome.DENIED).exists()


@pytest.mark.parametrize("persona", ["clinician_a", "nurse_a", "peer_support_a"])
def test_only_directors_reach_the_cosign_queue_and_settings(request, persona, director_a, client_for):
    denied = client_for(request.getfixturevalue(persona))
    allowed = client_for(director_a)
    for url in (reverse("notes:cosign_queue"), reverse("notes:settings")):
        assert denied.get(url).status_code == 403
        assert allowed.get(url).status_code == 200


def test_joining_the_care_team_opens_the_notes(note, nurse_a, clinician_a, client_for):
    from openiop.episodes.services import care_team_add

    client = client_for(nurse_a)
    url = reverse("notes:chart", args=[note.patient_id])
    assert client.get(url).status_code == 403
    denial = AuditEvent.objects.filter(user_id=nurse_a.pk, outcome=Outcome.DENIED).latest("sequence")
    assert denial.detail["reason"] == "care_team"
    care_team_add(acting_user=clinician_a, episode=note.episode, user=nurse_a, team_role="Nurse")
    assert client.get(url).status_code == 200
    assert client.get(reverse("notes:detail", args=[note.patient_id, note.pk])).status_code == 200
