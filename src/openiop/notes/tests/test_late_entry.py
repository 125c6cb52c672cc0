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


def _sign_group(clinician, session, episodes):
    from openiop.notes.services import group_note_sign, group_note_start, group_note_update

    group_note = group_note_start(acting_user=clinician, session=session)
    entries = {e.pk: {"participation": "active", "response": "Engaged", "individual_note": ""} for e in episodes}
    group_note_update(
        acting_user=clinician,
        group_note=group_note,
        entries=entries,
        topic="Coping with cravings",
        curriculum="Matrix",
        interventions="CBT skills practice",
    )
    return group_note_sign(
        acting_user=clinician,
        group_note=group_note,
        typed_name=clinician.get_full_name(),
        signature=signature_of(clinician),
    )


def test_a_group_note_is_judged_by_the_group_deadline_not_the_individual_one(
    make_group_session, clinician_a, program_a
):
    # Last week's group: about a week old, well past an individual deadline of 24 h, within a group one of 30 days.
    NoteSettings.objects.create(program=program_a, late_entry_hours=24, group_late_entry_hours=720)
    session, episodes = make_group_session(2)
    notes = _sign_group(clinician_a, session, episodes)
    assert notes and not any(note.late_entry for note in notes)
