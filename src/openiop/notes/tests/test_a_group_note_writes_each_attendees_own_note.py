import pytest
from django.core.exceptions import ValidationError

from openiop.accounts.testing import signature_of
from openiop.notes.models import GroupNote, ProgressNote
from openiop.notes.services import group_note_sign, group_note_start, group_note_update


def _fill(clinician, group_note, episodes, **overrides):
    entries = {
        e.pk: {
            "participation": "active",
            "response": f"Response of {e.patient.legal_first_name}",
            "individual_note": "",
        }
        for e in episodes
    }
    for episode_id, values in overrides.pop("entries", {}).items():
        entries[episode_id] |= values
    shared = {"topic": "Coping with cravings", "curriculum": "Matrix", "interventions": "CBT skills practice"}
    return group_note_update(acting_user=clinician, group_note=group_note, entries=entries, **(shared | overrides))


def test_signing_once_writes_a_note_for_each_attendee_with_only_their_own_section(make_group_session, clinician_a):
    session, episodes = make_group_session(4, absent=1)
    group_note = group_note_start(acting_user=clinician_a, session=session)
    assert group_note.topic == "Coping with cravings" and group_note.entries.count() == 4
    _fill(clinician_a, group_note, episodes[:4])
    notes = group_note_sign(
        acting_user=clinician_a,
        group_note=group_note,
        typed_name=clinician_a.get_full_name(),
        signature=signature_of(clinician_a),
    )
    assert len(notes) == 4 and ProgressNote.objects.count() == 4
    for note in ProgressNote.objects.select_related("patient"):
        own = note.patient.legal_first_name
        assert note.is_signed and note.sections["interventions"] == "CBT skills practice"
        assert note.sections["response"] == f"Response of {own}"
        for other in episodes:
            if other.patient_id != note.patient_id:
                assert other.patient.legal_first_name not in str(note.sections)
    assert not ProgressNote.objects.filter(episode=episodes[4]).exists()


@pytest.mark.parametrize("field", ["topic", "curriculum", "interventions"])
def test_it_refuses_an_attendee_name_in_the_shared_part_and_saves_no_notes(make_group_session, clinician_a, field):
    session, episodes = make_group_session(3)
    group_note = group_note_start(acting_user=clinician_a, session=session)
    _fill(clinician_a, group_note, episodes, **{field: f"Led by {episodes[1].patient.legal_last_name.lower()}"})
    with pytest.raises(ValidationError) as refused:
        group_note_sign(
            acting_user=clinician_a,
            group_note=group_note,
            typed_name=clinician_a.get_full_name(),
            signature=signature_of(clinician_a),
        )
    assert "shared part" in refused.value.message_dict[field][0]
    assert ProgressNote.objects.count() == 0 and GroupNote.objects.get().status == "draft"


def test_it_refuses_another_attendees_name_in_an_individual_section_and_says_which(make_group_session, clinician_a):
    session, episodes = make_group_session(3)
    group_note = group_note_start(acting_user=clinician_a, session=session)
    writer, named = episodes[0], episodes[2]
    _fill(
        clinician_a,
        group_note,
        episodes,
        entries={writer.pk: {"individual_note": f"Sat next to {named.patient.legal_first_name.upper()}."}},
    )
    with pytest.raises(ValidationError) as refused:
        group_note_sign(
            acting_user=clinician_a,
            group_note=group_note,
            typed_name=clinician_a.get_full_name(),
            signature=signature_of(clinician_a),
        )
    message = refused.value.message_dict[f"entry_{writer.pk}_individual_note"][0]
    assert writer.patient.display_name in message and "another attendee" in message
    assert ProgressNote.objects.count() == 0


def test_a_name_inside_another_word_is_not_a_mention(make_group_session, clinician_a):
    session, episodes = make_group_session(2)
    group_note = group_note_start(acting_user=clinician_a, session=session)
    # "Lund" is an attendee's surname; "Lundquist" is not that name.
    _fill(clinician_a, group_note, episodes, curriculum="Lundquist workbook")
    assert (
        len(
            group_note_sign(
                acting_user=clinician_a,
                group_note=group_note,
                typed_name=clinician_a.get_full_name(),
                signature=signature_of(clinician_a),
            )
        )
        == 2
    )


def test_every_attendee_needs_a_participation_level(make_group_session, clinician_a):
    session, episodes = make_group_session(2)
    group_note = group_note_start(acting_user=clinician_a, session=session)
    _fill(clinician_a, group_note, episodes, entries={episodes[1].pk: {"participation": ""}})
    with pytest.raises(ValidationError) as refused:
        group_note_sign(
            acting_user=clinician_a,
            group_note=group_note,
            typed_name=clinician_a.get_full_name(),
            signature=signature_of(clinician_a),
        )
    assert f"entry_{episodes[1].pk}_participation" in refused.value.message_dict
    assert ProgressNote.objects.count() == 0


def test_an_unknown_participation_value_names_the_field_and_the_allowed_values(make_group_session, clinician_a):
    session, episodes = make_group_session(2)
    group_note = group_note_start(acting_user=clinician_a, session=session)
    with pytest.raises(ValidationError) as refused:
        _fill(clinician_a, group_note, episodes, entries={episodes[0].pk: {"participation": "loud"}})
    assert "active" in refused.value.message_dict[f"entry_{episodes[0].pk}_participation"][0]
    assert GroupNote.objects.get().interventions == ""
