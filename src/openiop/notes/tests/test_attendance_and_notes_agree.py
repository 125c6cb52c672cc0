"""Attendance and notes agree (issue #12.7). Every attended patient has, or can get, a note; changing the roll
call after a note was signed never leaves a silent contradiction:

- a patient changed to absent under a signed note: the note gets an addendum flagging it documented in error,
  shows it, and its author gets a task;
- a patient changed to present after the group note was signed: their note can be written (the group's shared
  part prefilled, marked late entry), it shows on Notes to write, and the group note's author gets a task;
- under a draft group note, the attendees' sections follow the roll call.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.accounts.testing import signature_of
from openiop.notes.models import GroupNoteEntry, ProgressNote
from openiop.notes.selectors import notes_to_write
from openiop.notes.services import (
    group_note_sign,
    group_note_start,
    group_note_update,
    progress_note_sign,
    progress_note_start,
    progress_note_update,
)
from openiop.schedule.services import attendance_record
from openiop.tasks.models import Task, TaskKind, TaskStatus


def _signed_group(clinician, session, episodes):
    group_note = group_note_start(acting_user=clinician, session=session)
    group_note_update(
        acting_user=clinician,
        group_note=group_note,
        topic="Coping with cravings",
        curriculum="Matrix",
        interventions="Urge surfing practice",
        entries={e.pk: {"participation": "active", "response": "Practised"} for e in episodes},
    )
    group_note_sign(
        acting_user=clinician,
        group_note=group_note,
        typed_name=clinician.get_full_name(),
        signature=signature_of(clinician),
    )
    return group_note


def _roll(session, clinician, present, absent):
    entries = {e.pk: ("present", None) for e in present} | {e.pk: ("absent_excused", None) for e in absent}
    attendance_record(acting_user=clinician, session=session, entries=entries)


def test_an_attendee_changed_to_absent_after_signing_gets_a_documented_in_error_addendum_and_a_task(
    make_group_session, clinician_a, director_a, client_for
):
    session, episodes = make_group_session(2, absent=1)
    _signed_group(clinician_a, session, episodes[:2])
    _roll(session, director_a, present=episodes[:1], absent=episodes[1:])
    note = ProgressNote.objects.get(episode=episodes[1])
    assert note.is_signed and note.attendance_flag == "documented_in_error"
    addendum = note.addenda.get()
    assert "Documented in error" in addendum.text and "Absent, excused" in addendum.text
    task = Task.objects.get(kind=TaskKind.NOTE_ATTENDANCE_CHANGED, patient=note.patient)
    assert (task.assigned_to, task.status) == (clinician_a, TaskStatus.OPEN)
    assert ProgressNote.objects.get(episode=episodes[0]).attendance_flag == ""
    page = client_for(clinician_a).get(reverse("notes:detail", args=[note.patient_id, note.pk])).content.decode()
    assert "Documented in error" in page


def test_correcting_the_absence_back_clears_the_flag_with_an_addendum_and_withdraws_the_task(
    make_group_session, clinician_a, director_a
):
    session, episodes = make_group_session(2)
    _signed_group(clinician_a, session, episodes)
    _roll(session, director_a, present=episodes[:1], absent=episodes[1:])
    _roll(session, director_a, present=episodes, absent=[])
    note = ProgressNote.objects.get(episode=episodes[1])
    assert note.attendance_flag == "" and note.addenda.count() == 2
    assert "attended" in note.addenda.last().text
    assert Task.objects.get(kind=TaskKind.NOTE_ATTENDANCE_CHANGED).status == TaskStatus.WITHDRAWN


def test_an_attendee_changed_to_present_after_signing_can_get_a_late_entry_note_and_the_author_a_task(
    make_group_session, clinician_a, director_a
):
    session, episodes = make_group_session(1, absent=1)
    _signed_group(clinician_a, session, episodes[:1])
    _roll(session, director_a, present=episodes, absent=[])
    task = Task.objects.get(kind=TaskKind.NOTE_ATTENDANCE_CHANGED, patient=episodes[1].patient)
    assert task.assigned_to == clinician_a and task.status == TaskStatus.OPEN
    rows = notes_to_write(user=clinician_a)
    assert [(r.kind, r.attendee_count) for r in rows] == [("group_missing", 1)]
    note = progress_note_start(acting_user=clinician_a, session=session, episode=episodes[1])
    assert note.note_format == "GROUP" and note.group_note == session.group_note
    assert note.sections["interventions"] == "Urge surfing practice" and note.sections["participation"] == ""
    sections = note.sections | {"participation": "Moderate", "response": "Joined late, shared a trigger"}
    progress_note_update(
        acting_user=clinician_a, note=note, sections=sections, late_entry_reason=note.late_entry_reason
    )
    signed = progress_note_sign(
        acting_user=clinician_a, note=note, typed_name=clinician_a.get_full_name(), signature=signature_of(clinician_a)
    )
    assert signed.late_entry and "after the group note was signed" in signed.late_entry_reason
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE
    assert notes_to_write(user=clinician_a) == []


def test_under_a_draft_group_note_the_attendees_sections_follow_the_roll_call(make_group_session, clinician_a):
    session, episodes = make_group_session(2, absent=1)
    group_note = group_note_start(acting_user=clinician_a, session=session)
    _roll(session, clinician_a, present=episodes[1:], absent=episodes[:1])
    assert set(GroupNoteEntry.objects.filter(group_note=group_note).values_list("episode_id", flat=True)) == {
        episodes[1].pk,
        episodes[2].pk,
    }


def test_a_draft_cannot_be_signed_for_a_patient_now_recorded_absent(make_appointment, clinician_a):
    session, episode = make_appointment()
    note = progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    progress_note_update(acting_user=clinician_a, note=note, sections={"data": "d", "assessment": "a", "plan": "p"})
    attendance_record(acting_user=clinician_a, session=session, entries={episode.pk: ("absent_unexcused", None)})
    with pytest.raises(ValidationError) as error:
        progress_note_sign(
            acting_user=clinician_a,
            note=note,
            typed_name=clinician_a.get_full_name(),
            signature=signature_of(clinician_a),
        )
    assert "absent, unexcused" in error.value.message_dict["episode"][0]
    assert ProgressNote.objects.get(pk=note.pk).status == "draft"
