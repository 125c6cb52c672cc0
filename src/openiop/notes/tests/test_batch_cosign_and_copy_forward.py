"""Supervisors co-sign several notes at once from the queue (select, sign once with re-authentication; all or
nothing), and a clinician copies the plan section of the patient's last signed note forward into a new draft,
with a visible marker in the editor and on the signed note."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.accounts.testing import signature_of
from openiop.conftest import TEST_PASSWORD
from openiop.notes.models import ProgressNote
from openiop.notes.selectors import cosign_queue
from openiop.notes.services import (
    note_supervision_set,
    progress_note_copy_forward,
    progress_note_cosign_batch,
    progress_note_sign,
    progress_note_start,
    progress_note_update,
)

WRITTEN = {"data": "d", "assessment": "a", "plan": "Practise urge surfing daily; next session Thursday."}


def _signed(make_appointment, clinician, episode=None, hours_ago=2):
    session, episode = make_appointment(episode=episode, hours_ago=hours_ago)
    note = progress_note_start(acting_user=clinician, session=session, episode=episode)
    progress_note_update(acting_user=clinician, note=note, sections=WRITTEN)
    return progress_note_sign(
        acting_user=clinician, note=note, typed_name=clinician.get_full_name(), signature=signature_of(clinician)
    )


@pytest.fixture
def queue(make_appointment, clinician_a, director_a, program_a):
    note_supervision_set(acting_user=director_a, program=program_a, supervisee=clinician_a, supervisor=director_a)
    return [_signed(make_appointment, clinician_a, hours_ago=hours) for hours in (6, 4, 2)]


def test_several_notes_are_cosigned_with_one_signature(queue, director_a):
    done = progress_note_cosign_batch(
        acting_user=director_a,
        notes=queue[:2],
        typed_name=director_a.get_full_name(),
        signature=signature_of(director_a),
    )
    assert len(done) == 2 and {n.cosigned_method for n in done} == {"password"}
    assert cosign_queue(user=director_a) == [queue[2]]


def test_a_batch_without_re_authentication_cosigns_nothing(queue, director_a):
    with pytest.raises(ValidationError):
        progress_note_cosign_batch(
            acting_user=director_a, notes=queue, typed_name=director_a.get_full_name(), signature=None
        )
    assert len(cosign_queue(user=director_a)) == 3


def test_the_queue_page_cosigns_the_selected_notes(queue, director_a, client_for):
    client = client_for(director_a)
    url = reverse("notes:cosign_queue")
    page = client.get(url).content.decode()
    assert 'name="note"' in page and 'name="signing_secret"' in page
    data = {"note": [queue[0].pk, queue[2].pk], "typed_name": director_a.get_full_name()}
    wrong = client.post(url, data | {"signing_secret": "not-it"})
    assert wrong.status_code == 400 and "not your password" in wrong.content.decode()
    assert len(cosign_queue(user=director_a)) == 3
    assert client.post(url, data | {"signing_secret": TEST_PASSWORD}).status_code == 302
    assert cosign_queue(user=director_a) == [queue[1]]


def test_the_plan_of_the_last_signed_note_is_copied_forward_with_a_marker(make_appointment, clinician_a, client_for):
    earlier = _signed(make_appointment, clinician_a, hours_ago=30)
    session, episode = make_appointment(episode=earlier.episode)
    draft = progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    copied = progress_note_copy_forward(acting_user=clinician_a, note=draft)
    assert copied.sections["plan"] == WRITTEN["plan"] and copied.copied_forward_from == earlier
    client = client_for(clinician_a)
    editor = client.get(reverse("notes:edit", args=[episode.patient_id, draft.pk])).content.decode()
    assert "Copied forward from the note of" in editor
    progress_note_update(acting_user=clinician_a, note=copied, sections={**WRITTEN, "data": "today"})
    progress_note_sign(
        acting_user=clinician_a,
        note=copied,
        typed_name=clinician_a.get_full_name(),
        signature=signature_of(clinician_a),
    )
    detail = client.get(reverse("notes:detail", args=[episode.patient_id, draft.pk])).content.decode()
    assert "Copied forward from the note of" in detail
    assert ProgressNote.objects.get(pk=draft.pk).copied_forward_from_id == earlier.pk


def test_copy_forward_needs_an_earlier_signed_note(make_appointment, clinician_a):
    session, episode = make_appointment()
    draft = progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    with pytest.raises(ValidationError) as error:
        progress_note_copy_forward(acting_user=clinician_a, note=draft)
    assert "no earlier signed note" in error.value.message_dict["__all__"][0]
