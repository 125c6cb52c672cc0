"""Every note signature re-asks the password or signing PIN through the one shared check, and records how the
signer proved who they are: progress notes, group notes, counselling notes and the supervisor's co-signature.
A wrong PIN signs nothing and the page keeps the draft as typed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.accounts.signing import signature_verify, signing_pin_set
from openiop.accounts.testing import signature_of
from openiop.conftest import TEST_PASSWORD
from openiop.notes.models import CounsellingNote, GroupNote, ProgressNote
from openiop.notes.services import (
    counselling_note_sign,
    counselling_note_write,
    group_note_sign,
    group_note_start,
    group_note_update,
    note_supervision_set,
    progress_note_cosign,
    progress_note_sign,
    progress_note_start,
    progress_note_update,
)

PIN = "480917"
WRITTEN = {"data": "Three sober days", "assessment": "Engaged", "plan": "Weekly"}


@pytest.fixture
def draft(make_appointment, clinician_a):
    session, episode = make_appointment()
    note = progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    return progress_note_update(acting_user=clinician_a, note=note, sections=WRITTEN)


def _name(user):
    return user.get_full_name()


def test_a_progress_note_is_not_signed_without_the_signers_password_or_pin(draft, clinician_a, clinician_b):
    for proof in (None, signature_of(clinician_b)):
        with pytest.raises(ValidationError) as error:
            progress_note_sign(acting_user=clinician_a, note=draft, typed_name=_name(clinician_a), signature=proof)
        assert "signing_secret" in error.value.message_dict
    assert ProgressNote.objects.get(pk=draft.pk).status == "draft"


def test_a_note_signed_with_the_pin_records_the_pin(draft, clinician_a):
    signing_pin_set(acting_user=clinician_a, current_password=TEST_PASSWORD, pin=PIN, pin_again=PIN)
    signed = progress_note_sign(
        acting_user=clinician_a,
        note=draft,
        typed_name=_name(clinician_a),
        signature=signature_verify(user=clinician_a, secret=PIN),
    )
    assert (signed.status, signed.signed_method) == ("signed", "pin")


def test_the_cosignature_re_asks_the_supervisor_and_records_the_method(draft, clinician_a, director_a, program_a):
    note_supervision_set(acting_user=director_a, program=program_a, supervisee=clinician_a, supervisor=director_a)
    note = progress_note_sign(
        acting_user=clinician_a, note=draft, typed_name=_name(clinician_a), signature=signature_of(clinician_a)
    )
    with pytest.raises(ValidationError):
        progress_note_cosign(acting_user=director_a, note=note, typed_name=_name(director_a), signature=None)
    with pytest.raises(ValidationError):  # the author's proof is not the supervisor's
        progress_note_cosign(
            acting_user=director_a, note=note, typed_name=_name(director_a), signature=signature_of(clinician_a)
        )
    assert ProgressNote.objects.get(pk=note.pk).cosigned_at is None
    cosigned = progress_note_cosign(
        acting_user=director_a, note=note, typed_name=_name(director_a), signature=signature_of(director_a)
    )
    assert cosigned.cosigned_method == "password"


def test_a_group_note_is_signed_once_with_re_authentication(make_group_session, clinician_a):
    session, episodes = make_group_session(attended=2)
    group_note = group_note_start(acting_user=clinician_a, session=session)
    group_note_update(
        acting_user=clinician_a,
        group_note=group_note,
        topic="Cravings",
        curriculum="",
        interventions="Urge surfing",
        entries={e.pk: {"participation": "active"} for e in episodes},
    )
    with pytest.raises(ValidationError) as error:
        group_note_sign(acting_user=clinician_a, group_note=group_note, typed_name=_name(clinician_a), signature=None)
    assert "signing_secret" in error.value.message_dict
    assert not ProgressNote.objects.exists()
    notes = group_note_sign(
        acting_user=clinician_a,
        group_note=group_note,
        typed_name=_name(clinician_a),
        signature=signature_of(clinician_a),
    )
    assert {n.signed_method for n in notes} == {"password"}
    assert GroupNote.objects.get().signed_method == "password"


def test_a_counselling_note_is_signed_with_re_authentication(make_appointment, clinician_a):
    session, episode = make_appointment()
    note = counselling_note_write(acting_user=clinician_a, session=session, episode=episode, text="")
    text = "Grief under the relapse keeps coming up; shame about the date."
    with pytest.raises(ValidationError):
        counselling_note_sign(
            acting_user=clinician_a, note=note, text=text, typed_name=_name(clinician_a), signature=None
        )
    assert not CounsellingNote.objects.get().is_signed
    signed = counselling_note_sign(
        acting_user=clinician_a,
        note=note,
        text=text,
        typed_name=_name(clinician_a),
        signature=signature_of(clinician_a),
    )
    assert signed.signed_method == "password"


def test_a_wrong_pin_on_the_editor_signs_nothing_and_keeps_the_draft_as_typed(draft, clinician_a, client_for):
    signing_pin_set(acting_user=clinician_a, current_password=TEST_PASSWORD, pin=PIN, pin_again=PIN)
    client = client_for(clinician_a)
    url = reverse("notes:edit", args=[draft.patient_id, draft.pk])
    typed = {f"section_{k}": v for k, v in WRITTEN.items()} | {"section_plan": "Twice weekly, typed just now"}
    base = {**typed, "action": "sign", "typed_name": _name(clinician_a)}
    response = client.post(url, {**base, "signing_secret": "111119"})
    body = response.content.decode()
    assert response.status_code == 200 and "not your signing PIN or password" in body
    assert "Twice weekly, typed just now" in body and "111119" not in body
    assert ProgressNote.objects.get(pk=draft.pk).status == "draft"
    assert client.post(url, {**base, "signing_secret": PIN}).status_code == 302
    signed = ProgressNote.objects.get(pk=draft.pk)
    assert (signed.status, signed.signed_method, signed.sections["plan"]) == (
        "signed",
        "pin",
        "Twice weekly, typed just now",
    )
    assert (
        "identity confirmed by signing pin"
        in client.get(reverse("notes:detail", args=[draft.patient_id, draft.pk])).content.decode()
    )
