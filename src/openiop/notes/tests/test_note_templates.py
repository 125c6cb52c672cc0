"""A program's note templates: a director creates, edits and retires them; a note started from one takes its
format and prefilled sections and records where it came from. Every write is validated and audited."""

import pytest
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.notes.models import NoteTemplate, ProgressNote
from openiop.notes.selectors import note_templates, templates_for_session
from openiop.notes.services import (
    note_template_create,
    note_template_retire,
    note_template_update,
    progress_note_start,
)

SOAP_TEXT = {"subjective": "Patient reports: ", "objective": "Affect: ", "assessment": "", "plan": "Next session: "}
# Kept trimmed, empty sections left out.
SAVED = {"subjective": "Patient reports:", "objective": "Affect:", "plan": "Next session:"}


def _soap(director, program, **changes):
    values = {
        "name": "Individual session (SOAP)",
        "session_types": ["individual_therapy"],
        "note_format": "SOAP",
        "sections": SOAP_TEXT,
    } | changes
    return note_template_create(acting_user=director, program=program, **values)


def test_a_director_creates_a_template_and_the_write_is_audited(director_a, program_a):
    template = _soap(director_a, program_a)
    assert template.program == program_a and template.note_format == "SOAP"
    assert template.session_types == ["individual_therapy"]
    assert template.sections == SAVED
    event = AuditEvent.objects.get(object_type="note_template", action="create")
    assert event.object_id == str(template.pk) and event.user_id == director_a.pk
    assert event.detail["note_format"] == "SOAP" and event.detail["session_types"] == ["individual_therapy"]


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"name": "  "}, "name", "Name the template"),
        ({"name": "x" * 121}, "name", "120"),
        ({"note_format": "XYZ"}, "note_format", "DAP, SOAP, BIRP"),
        ({"session_types": []}, "session_types", "individual_therapy"),
        ({"session_types": ["group_therapy"]}, "session_types", "individual_therapy, family_therapy"),
        ({"sections": {"data": "DAP text in a SOAP template"}}, "section_data", "Subjective, Objective"),
        ({"sections": {"plan": "x" * 4001}}, "section_plan", "4000"),
    ],
)
def test_a_bad_template_is_refused_by_field_and_nothing_is_saved(director_a, program_a, changes, field, words):
    with pytest.raises(ValidationError) as refused:
        _soap(director_a, program_a, **changes)
    assert words in refused.value.message_dict[field][0]
    assert NoteTemplate.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="note_template").exists()


def test_two_templates_of_a_program_cannot_share_a_name(director_a, director_b, program_a, program_b):
    _soap(director_a, program_a)
    with pytest.raises(ValidationError) as refused:
        _soap(director_a, program_a, name="individual session (soap) ")
    assert "already" in refused.value.message_dict["name"][0]
    assert _soap(director_b, program_b).program == program_b


def test_a_director_edits_and_retires_a_template_and_both_are_audited(director_a, program_a):
    template = _soap(director_a, program_a)
    note_template_update(
        acting_user=director_a,
        template=template,
        name="Family session (DAP)",
        session_types=["family_therapy", "individual_therapy"],
        note_format="DAP",
        sections={"data": "Who attended: ", "assessment": "", "plan": ""},
    )
    template.refresh_from_db()
    assert template.name == "Family session (DAP)" and template.note_format == "DAP"
    assert template.sections == {"data": "Who attended:"}
    note_template_retire(acting_user=director_a, template=template)
    template.refresh_from_db()
    assert template.retired_at is not None
    updates = AuditEvent.objects.filter(object_type="note_template", action="update", object_id=str(template.pk))
    assert [e.detail.get("retired", False) for e in updates] == [False, True]
    with pytest.raises(ValidationError) as refused:
        note_template_update(
            acting_user=director_a,
            template=template,
            name="Again",
            session_types=["family_therapy"],
            note_format="DAP",
            sections={},
        )
    assert "retired" in refused.value.message_dict["__all__"][0]


def test_the_list_offered_for_a_session_is_the_programs_live_templates_for_its_type(
    make_appointment, director_a, director_b, program_a, program_b
):
    individual = _soap(director_a, program_a)
    _soap(director_a, program_a, name="Family (SOAP)", session_types=["family_therapy"])
    retired = _soap(director_a, program_a, name="Old individual")
    note_template_retire(acting_user=director_a, template=retired)
    _soap(director_b, program_b, name="Program B individual")
    session, _ = make_appointment()
    assert templates_for_session(session=session) == [individual]
    assert [t.name for t in note_templates(program=program_a)] == [
        "Family (SOAP)",
        "Individual session (SOAP)",
        "Old individual",
    ]


def test_a_note_started_from_a_template_takes_its_format_and_text_and_records_it(
    make_appointment, clinician_a, director_a, program_a
):
    template = _soap(director_a, program_a)
    session, episode = make_appointment()
    note = progress_note_start(acting_user=clinician_a, session=session, episode=episode, template=template)
    assert note.template == template and note.note_format == "SOAP"
    assert note.sections == SAVED | {"assessment": ""}
    event = AuditEvent.objects.get(object_type="progress_note", action="create")
    assert event.detail["template_id"] == template.pk
    # Editing the template later never changes a note written from it.
    note_template_update(
        acting_user=director_a,
        template=template,
        name=template.name,
        session_types=template.session_types,
        note_format="SOAP",
        sections={"subjective": "Changed"},
    )
    note.refresh_from_db()
    assert note.sections == SAVED | {"assessment": ""}


def test_a_note_without_a_template_records_none(make_appointment, clinician_a):
    session, episode = make_appointment()
    note = progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    assert note.template is None
    assert AuditEvent.objects.get(object_type="progress_note", action="create").detail["template_id"] is None


def test_a_note_cannot_start_from_a_template_of_another_type_program_or_a_retired_one(
    make_appointment, clinician_a, director_a, director_b, program_a, program_b
):
    session, episode = make_appointment()
    family = _soap(director_a, program_a, name="Family", session_types=["family_therapy"])
    retired = _soap(director_a, program_a, name="Retired")
    note_template_retire(acting_user=director_a, template=retired)
    elsewhere = _soap(director_b, program_b)
    for template, words in ((family, "Individual therapy"), (retired, "retired"), (elsewhere, "this program")):
        with pytest.raises(ValidationError) as refused:
            progress_note_start(acting_user=clinician_a, session=session, episode=episode, template=template)
        assert words in refused.value.message_dict["template"][0]
    assert ProgressNote.objects.count() == 0


def test_a_group_session_takes_no_template(make_group_session, clinician_a, director_a, program_a):
    session, episodes = make_group_session(1)
    template = _soap(director_a, program_a)
    with pytest.raises(ValidationError) as refused:
        progress_note_start(acting_user=clinician_a, session=session, episode=episodes[0], template=template)
    assert "group note" in refused.value.message_dict["template"][0]
