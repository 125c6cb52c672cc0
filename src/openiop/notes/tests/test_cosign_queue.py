import pytest
from django.core.exceptions import ValidationError

from openiop.accounts.testing import signature_of
from openiop.notes.models import NoteAddendum, NoteSupervision
from openiop.notes.selectors import cosign_queue
from openiop.notes.services import (
    note_supervision_set,
    progress_note_cosign,
    progress_note_request_addendum,
    progress_note_sign,
    progress_note_start,
    progress_note_update,
)
from openiop.tasks.models import Task, TaskKind

WRITTEN = {"data": "d", "assessment": "a", "plan": "p"}


@pytest.fixture
def supervised_note(make_appointment, clinician_a, director_a, program_a):
    note_supervision_set(acting_user=director_a, program=program_a, supervisee=clinician_a, supervisor=director_a)
    session, episode = make_appointment()
    note = progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    progress_note_update(acting_user=clinician_a, note=note, sections=WRITTEN)
    return progress_note_sign(
        acting_user=clinician_a, note=note, typed_name=clinician_a.get_full_name(), signature=signature_of(clinician_a)
    )


def test_a_supervised_writers_signed_note_goes_to_the_supervisors_queue(supervised_note, director_a):
    assert cosign_queue(user=director_a) == [supervised_note]


def test_an_unsupervised_writers_note_needs_no_cosignature(make_appointment, clinician_a, director_a):
    session, episode = make_appointment()
    note = progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    progress_note_update(acting_user=clinician_a, note=note, sections=WRITTEN)
    progress_note_sign(
        acting_user=clinician_a, note=note, typed_name=clinician_a.get_full_name(), signature=signature_of(clinician_a)
    )
    assert cosign_queue(user=director_a) == []


def test_the_supervisor_cosigns_and_the_note_leaves_the_queue(supervised_note, director_a):
    note = progress_note_cosign(
        acting_user=director_a,
        note=supervised_note,
        typed_name=director_a.get_full_name(),
        signature=signature_of(director_a),
    )
    assert note.cosigned_at is not None and not note.awaiting_cosign
    assert cosign_queue(user=director_a) == []


def test_someone_else_cannot_cosign(supervised_note, make_user, program_a):
    other = make_user("director", [program_a])
    with pytest.raises(ValidationError) as refused:
        progress_note_cosign(
            acting_user=other, note=supervised_note, typed_name=other.get_full_name(), signature=signature_of(other)
        )
    assert "supervisor" in refused.value.message_dict["__all__"][0]


def test_requesting_an_addendum_gives_the_author_a_task_and_keeps_the_note_locked(
    supervised_note, director_a, clinician_a
):
    with pytest.raises(ValidationError) as refused:
        progress_note_request_addendum(acting_user=director_a, note=supervised_note, comment=" ")
    assert "comment" in refused.value.message_dict and Task.objects.count() == 0
    progress_note_request_addendum(acting_user=director_a, note=supervised_note, comment="Add the safety plan review.")
    task = Task.objects.get(kind=TaskKind.NOTE_ADDENDUM_REQUEST)
    assert task.assigned_to == clinician_a and "safety" not in task.title
    assert NoteAddendum.objects.get().text.endswith("Add the safety plan review.")
    supervised_note.refresh_from_db()
    assert supervised_note.is_signed and supervised_note.sections == WRITTEN


def test_a_supervisor_must_be_able_to_cosign(clinician_a, director_a, program_a, make_user):
    nurse = make_user("nurse", [program_a])
    with pytest.raises(ValidationError) as refused:
        note_supervision_set(acting_user=director_a, program=program_a, supervisee=clinician_a, supervisor=nurse)
    assert "co-sign" in refused.value.message_dict["supervisor"][0]
    assert NoteSupervision.objects.count() == 0
