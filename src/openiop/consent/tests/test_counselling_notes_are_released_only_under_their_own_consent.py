"""SUD counselling notes leave the program only under a counselling-notes consent, released by the note's
author (or the author's supervisor), and never as part of any other category: a TPO or specific consent does
not carry them, another clinician cannot release them, and the packet holds only the releaser's notes."""

import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.accounts.testing import signature_of
from openiop.consent.models import Disclosure
from openiop.consent.services import consent_record, disclosure_make
from openiop.core.timezones import local_today
from openiop.notes.services import counselling_note_sign, counselling_note_write
from openiop.notes.tests.conftest import make_appointment  # noqa: F401  (fixture)

TODAY = local_today("America/New_York")
SECRET = "Explored grief after the funeral and how it fed the relapse."


def _consent(patient, user, *, kind="counselling_notes", information=("counselling_notes",)):
    return consent_record(
        acting_user=user,
        patient=patient,
        kind=kind,
        disclosing_party="Test program",
        information=list(information),
        information_detail="My counsellor's notes from our individual sessions",
        recipient_name="Dr. Lena Ortiz, psychiatrist",
        recipient_is_covered_entity=False,
        purpose="Continuity of my therapy",
        expiry_kind="date",
        expires_on=TODAY + timedelta(days=90),
        expiry_event="",
        signed_by_name="Alma Quinlan",
        signer_relationship="patient",
        signed_on=TODAY,
        signature_method="on_screen",
    )


@pytest.fixture
def signed_note(make_appointment, clinician_a):  # noqa: F811
    session, episode = make_appointment()
    note = counselling_note_write(acting_user=clinician_a, session=session, episode=episode, text=SECRET)
    return counselling_note_sign(
        acting_user=clinician_a,
        note=note,
        text=SECRET,
        typed_name=clinician_a.get_full_name(),
        signature=signature_of(clinician_a),
    )


def test_the_author_releases_them_under_a_counselling_notes_consent(client_for, clinician_a, signed_note):
    patient = signed_note.patient
    consent = _consent(patient, clinician_a)
    response = client_for(clinician_a).post(
        reverse("consent:release", args=[patient.pk, consent.pk]),
        {"information": ["counselling_notes"], "method": "pdf"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    assert "SUD counselling notes" in text.decode() and "funeral" in text.decode()
    assert Disclosure.objects.get().information == ["counselling_notes"]


def test_another_clinician_cannot_release_them_even_with_the_consent(make_user, program_a, clinician_a, signed_note):
    colleague = make_user(Role.CLINICIAN, [program_a])
    consent = _consent(signed_note.patient, clinician_a)
    with pytest.raises(ValidationError) as refused:
        disclosure_make(
            acting_user=colleague,
            patient=signed_note.patient,
            consent=consent,
            information=["counselling_notes"],
            method="pdf",
        )
    assert "author" in refused.value.message_dict["information"][0]
    assert not Disclosure.objects.exists()


def test_a_tpo_consent_does_not_carry_them(clinician_a, signed_note):
    consent = _consent(signed_note.patient, clinician_a, kind="tpo", information=["attendance", "diagnoses"])
    with pytest.raises(ValidationError) as refused:
        disclosure_make(
            acting_user=clinician_a,
            patient=signed_note.patient,
            consent=consent,
            information=["counselling_notes"],
            method="pdf",
        )
    assert "does not cover: SUD counselling notes" in refused.value.message_dict["information"][0]


def test_a_draft_is_never_released(make_appointment, clinician_a):  # noqa: F811
    session, episode = make_appointment()
    counselling_note_write(acting_user=clinician_a, session=session, episode=episode, text=SECRET)
    consent = _consent(episode.patient, clinician_a)
    with pytest.raises(ValidationError):
        disclosure_make(
            acting_user=clinician_a,
            patient=episode.patient,
            consent=consent,
            information=["counselling_notes"],
            method="pdf",
        )


def test_other_categories_never_include_counselling_notes(client_for, clinician_a, signed_note):
    patient = signed_note.patient
    consent = _consent(patient, clinician_a, kind="specific", information=["attendance", "treatment_plan"])
    response = client_for(clinician_a).post(
        reverse("consent:release", args=[patient.pk, consent.pk]),
        {"information": ["attendance", "treatment_plan"], "method": "pdf"},
    )
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    assert "funeral" not in text.decode() and "counselling" not in text.decode().lower()
