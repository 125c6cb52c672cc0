from openiop.accounts.testing import signature_of
from openiop.notes.models import NoteSettings
from openiop.notes.services import progress_note_sign, progress_note_start, progress_note_update

WRITTEN = {"data": "d", "assessment": "a", "plan": "p"}


def _sign(clinician, session, episode, reason=""):
    note = progress_note_start(acting_user=clinician, session=session, episode=episode)
    progress_note_update(acting_user=clinician, note=note, sections=WRITTEN, late_entry_reason=reason)
    return progress_note_sign(
        acting_user=clinician, note=note, typed_name=clinician.get_full_name(), signature=signature_of(clinician)
    )


def test_a_note_signed_more_than_72_hours_after_the_session_is_a_late_entry(make_appointment, clinician_a):
    note = _sign(clinician_a, *make_appointment(hours_ago=73))
    assert note.late_entry and note.hours_after_session >= 73


def test_a_note_signed_within_72_hours_is_not_late(make_appointment, clinician_a):
    note = _sign(clinician_a, *make_appointment(hours_ago=70))
    assert not note.late_entry


def test_the_writer_can_mark_a_late_entry_with_a_reason(make_appointment, clinician_a):
    note = _sign(clinician_a, *make_appointment(hours_ago=2), reason="Recorded from paper after a power cut")
    assert note.late_entry and note.late_entry_reason == "Recorded from paper after a power cut"


def test_the_program_can_change_the_policy_hours(make_appointment, clinician_a, program_a):
    NoteSettings.objects.create(program=program_a, late_entry_hours=24)
    note = _sign(clinician_a, *make_appointment(hours_ago=30))
    assert note.late_entry
