import pytest
from django.core.exceptions import ValidationError

from openiop.accounts.testing import signature_of
from openiop.notes.models import NoteAddendum, ProgressNote
from openiop.notes.services import note_addendum_add, progress_note_sign, progress_note_start, progress_note_update

WRITTEN = {"data": "Reported three sober days.", "assessment": "Engaged; low risk.", "plan": "Review in a week."}


@pytest.fixture
def draft(make_appointment, clinician_a):
    session, episode = make_appointment()
    return progress_note_start(acting_user=clinician_a, session=session, episode=episode)


def test_signing_needs_every_section_and_names_the_empty_one(draft, clinician_a):
    progress_note_update(acting_user=clinician_a, note=draft, sections={**WRITTEN, "assessment": ""})
    with pytest.raises(ValidationError) as refused:
        progress_note_sign(
            acting_user=clinician_a,
            note=draft,
            typed_name=clinician_a.get_full_name(),
            signature=signature_of(clinician_a),
        )
    assert "Assessment" in refused.value.message_dict["section_assessment"][0]
    assert ProgressNote.objects.get().status == "draft"


def test_signing_needs_the_signers_typed_full_name(draft, clinician_a):
    progress_note_update(acting_user=clinician_a, note=draft, sections=WRITTEN)
    with pytest.raises(ValidationError) as refused:
        progress_note_sign(
            acting_user=clinician_a, note=draft, typed_name="Someone Else", signature=signature_of(clinician_a)
        )
    assert "full name" in refused.value.message_dict["typed_name"][0]
    assert ProgressNote.objects.get().signed_at is None


def test_a_signed_note_refuses_edits_and_keeps_its_text(draft, clinician_a):
    progress_note_update(acting_user=clinician_a, note=draft, sections=WRITTEN)
    signed = progress_note_sign(
        acting_user=clinician_a,
        note=draft,
        typed_name=clinician_a.get_full_name().upper(),
        signature=signature_of(clinician_a),
    )
    assert signed.is_signed and signed.signed_at is not None
    with pytest.raises(ValidationError) as refused:
        progress_note_update(acting_user=clinician_a, note=signed, sections={"data": "changed"})
    assert "locked" in refused.value.message_dict["__all__"][0]
    assert ProgressNote.objects.get().sections == WRITTEN


def test_addenda_are_added_after_signing_without_changing_the_original(draft, clinician_a, director_a):
    progress_note_update(acting_user=clinician_a, note=draft, sections=WRITTEN)
    signed = progress_note_sign(
        acting_user=clinician_a, note=draft, typed_name=clinician_a.get_full_name(), signature=signature_of(clinician_a)
    )
    addendum = note_addendum_add(acting_user=director_a, note=signed, text="Phoned the patient the next day.")
    assert addendum.author == director_a and addendum.created_at is not None
    assert ProgressNote.objects.get().sections == WRITTEN


def test_a_draft_takes_no_addendum_and_an_empty_addendum_is_refused(draft, clinician_a):
    with pytest.raises(ValidationError):
        note_addendum_add(acting_user=clinician_a, note=draft, text="x")
    progress_note_update(acting_user=clinician_a, note=draft, sections=WRITTEN)
    signed = progress_note_sign(
        acting_user=clinician_a, note=draft, typed_name=clinician_a.get_full_name(), signature=signature_of(clinician_a)
    )
    with pytest.raises(ValidationError) as refused:
        note_addendum_add(acting_user=clinician_a, note=signed, text="  ")
    assert "text" in refused.value.message_dict
    assert NoteAddendum.objects.count() == 0


def test_goals_must_come_from_the_plan_in_force(draft, clinician_a, plan_in_force, make_patient, program_a):
    goals = plan_in_force(draft.episode)
    _, other_episode = make_patient(program_a, acting_user=clinician_a)
    other_goals = plan_in_force(other_episode)
    with pytest.raises(ValidationError) as refused:
        progress_note_update(acting_user=clinician_a, note=draft, sections=WRITTEN, goal_ids=[other_goals[0].pk])
    assert "plan in force" in refused.value.message_dict["goals"][0]
    assert ProgressNote.objects.get().sections["data"] == ""
    progress_note_update(acting_user=clinician_a, note=draft, sections=WRITTEN, goal_ids=[goals[0].pk])
    assert list(ProgressNote.objects.get().goals.all()) == goals[:1]


def test_only_the_author_edits_a_draft(draft, director_a):
    with pytest.raises(ValidationError) as refused:
        progress_note_update(acting_user=director_a, note=draft, sections=WRITTEN)
    assert "author" in refused.value.message_dict["__all__"][0]
