import pytest
from django.core.exceptions import ValidationError

from openiop.notes.models import NoteSettings, ProgressNote
from openiop.notes.services import progress_note_start


def test_the_note_is_prefilled_from_the_session_and_attendance(make_appointment, clinician_a):
    session, episode = make_appointment("late", family_members="Mother")
    note = progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    assert note.duration_minutes == 30
    assert note.starts_at == session.starts_at and note.ends_at == session.ends_at
    assert note.participants == f"{episode.patient.display_name}; family: Mother"
    assert note.service_type == "family_therapy"
    assert note.note_format == "DAP" and set(note.sections) == {"data", "assessment", "plan"}


def test_the_program_format_setting_decides_the_sections(make_appointment, clinician_a, program_a):
    NoteSettings.objects.create(program=program_a, note_format="BIRP")
    session, episode = make_appointment()
    note = progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    assert list(note.sections) == ["behavior", "intervention", "response", "plan"]


@pytest.mark.parametrize("status", ["absent_excused", "absent_unexcused"])
def test_it_refuses_a_patient_recorded_absent_and_saves_nothing(make_appointment, clinician_a, status):
    session, episode = make_appointment(status)
    with pytest.raises(ValidationError) as refused:
        progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    assert "attended" in refused.value.message_dict["episode"][0]
    assert ProgressNote.objects.count() == 0


def test_it_refuses_a_group_session_and_points_to_the_group_note(make_group_session, clinician_a):
    session, episodes = make_group_session(2)
    with pytest.raises(ValidationError) as refused:
        progress_note_start(acting_user=clinician_a, session=session, episode=episodes[0])
    assert "group note" in refused.value.message_dict["session"][0]
    assert ProgressNote.objects.count() == 0


def test_it_refuses_a_second_note_for_the_same_session(make_appointment, clinician_a):
    session, episode = make_appointment()
    progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    with pytest.raises(ValidationError) as refused:
        progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    assert "already" in refused.value.message_dict["session"][0]
    assert ProgressNote.objects.count() == 1
