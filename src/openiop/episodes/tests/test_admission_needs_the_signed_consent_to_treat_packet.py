"""Issue 12.17: before admission the patient (or guardian) signs the program's consent-to-treat packet —
consent to treatment, program rules, patient rights, telehealth consent, financial responsibility, the Part 2
notice by default; the list is data per program — on screen or as an uploaded scan. episode_admit refuses
without it, unless a program director overrides with a reason."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from openiop.audit.models import AuditEvent
from openiop.core.timezones import local_today
from openiop.episodes import services
from openiop.episodes.models import AdmissionOverride, ConsentPacket, Episode, EpisodeStatus
from openiop.programs.levels import level_of_care
from openiop.programs.models import PACKET_DOCUMENTS

ALL_DOCUMENTS = [
    "consent_to_treatment",
    "program_rules",
    "patient_rights",
    "telehealth_consent",
    "financial_responsibility",
    "part2_notice",
]


def _admit(episode, user, **extra):
    return services.episode_admit(
        acting_user=user,
        episode=episode,
        admitted_on=local_today(episode.program.time_zone),
        track=episode.program.tracks.first(),
        level_of_care=level_of_care("asam3", "2.1"),
        primary_clinician=extra.pop("clinician", user),
        **extra,
    )


@pytest.fixture
def unsigned(make_patient, program_a, clinician_a):
    return make_patient(program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED, consent_packet=False)[1]


def test_a_program_asks_for_the_six_documents_by_default(program_a):
    assert program_a.packet_documents == ALL_DOCUMENTS
    assert list(PACKET_DOCUMENTS) == ALL_DOCUMENTS


def test_admission_is_refused_until_the_packet_is_signed(unsigned, clinician_a):
    with pytest.raises(ValidationError) as refused:
        _admit(unsigned, clinician_a)
    message = " ".join(refused.value.message_dict["__all__"])
    assert "consent-to-treat packet is not signed" in message and "Telehealth consent" in message
    assert Episode.objects.get(pk=unsigned.pk).status == EpisodeStatus.PLANNED


def test_the_patient_signs_every_document_on_screen_and_is_admitted(unsigned, clinician_a):
    packet = services.consent_packet_sign(
        acting_user=clinician_a,
        episode=unsigned,
        agreed=ALL_DOCUMENTS,
        signed_by_name="  Robin   Castellano ",
        signer_relationship="patient",
        signature_method="typed",
    )
    assert packet.signed_by_name == "Robin Castellano"
    assert [d["key"] for d in packet.documents] == ALL_DOCUMENTS
    event = AuditEvent.objects.get(object_type="consent_packet", object_id=str(packet.pk))
    assert (event.action, event.patient_id) == ("create", unsigned.patient_id)
    assert _admit(unsigned, clinician_a).status == EpisodeStatus.ACTIVE


def test_a_packet_missing_a_document_is_refused_naming_it(unsigned, clinician_a):
    with pytest.raises(ValidationError) as refused:
        services.consent_packet_sign(
            acting_user=clinician_a,
            episode=unsigned,
            agreed=ALL_DOCUMENTS[:-1],
            signed_by_name="Robin Castellano",
            signer_relationship="patient",
            signature_method="typed",
        )
    assert "42 CFR Part 2" in refused.value.message_dict["agreed"][0]
    assert not ConsentPacket.objects.exists()


def test_a_typed_signature_is_required_and_an_upload_needs_its_file(unsigned, clinician_a):
    with pytest.raises(ValidationError) as refused:
        services.consent_packet_sign(
            acting_user=clinician_a,
            episode=unsigned,
            agreed=ALL_DOCUMENTS,
            signed_by_name=" ",
            signer_relationship="friend",
            signature_method="uploaded",
        )
    errors = refused.value.message_dict
    assert {"signed_by_name", "signer_relationship", "document"} <= set(errors)
    assert "parent_guardian" in errors["signer_relationship"][0]


def test_an_uploaded_signed_scan_counts_and_can_be_opened(unsigned, clinician_a, client_for):
    scan = SimpleUploadedFile("packet.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    packet = services.consent_packet_sign(
        acting_user=clinician_a,
        episode=unsigned,
        agreed=ALL_DOCUMENTS,
        signed_by_name="Robin Castellano",
        signer_relationship="patient",
        signature_method="uploaded",
        document=scan,
    )
    response = client_for(clinician_a).get(f"/episodes/{unsigned.pk}/consent-packet/{packet.pk}/document/")
    assert response.status_code == 200 and response.content == b"%PDF-1.4 signed"
    assert services.missing_packet_documents(unsigned) == []


def test_the_documents_asked_for_are_the_programs_own_list(unsigned, clinician_a, program_a):
    program_a.packet_documents = ["consent_to_treatment", "part2_notice"]
    program_a.save()
    unsigned.refresh_from_db()
    packet = services.consent_packet_sign(
        acting_user=clinician_a,
        episode=unsigned,
        agreed=["consent_to_treatment", "part2_notice"],
        signed_by_name="Robin Castellano",
        signer_relationship="patient",
        signature_method="typed",
    )
    assert packet.document_keys == ["consent_to_treatment", "part2_notice"]
    assert _admit(unsigned, clinician_a).status == EpisodeStatus.ACTIVE


def test_a_director_may_admit_without_the_packet_with_a_recorded_reason(
    make_patient, program_a, director_a, clinician_a
):
    _, episode = make_patient(program_a, acting_user=director_a, status=EpisodeStatus.PLANNED, consent_packet=False)
    with pytest.raises(ValidationError) as refused:
        _admit(episode, clinician_a, override_reason="Patient in crisis")
    assert "Only a program director" in refused.value.message_dict["override_reason"][0]
    _admit(episode, director_a, clinician=clinician_a, override_reason="Signs tomorrow; in crisis today")
    override = AdmissionOverride.objects.get(episode=episode)
    assert (override.admission_check, override.approved_by) == ("consent_packet", director_a)


def test_the_packet_is_signed_on_screen_from_the_admit_page(unsigned, clinician_a, client_for):
    client = client_for(clinician_a)
    admit_page = client.get(f"/episodes/{unsigned.pk}/admit/").content.decode()
    assert "Consent-to-treat packet not signed" in admit_page
    assert f"/episodes/{unsigned.pk}/consent-packet/" in admit_page
    chart = client.get(f"/patients/{unsigned.patient_id}/").content.decode()
    assert f"/episodes/{unsigned.pk}/consent-packet/" in chart
    response = client.post(
        f"/episodes/{unsigned.pk}/consent-packet/",
        {
            "agreed": ALL_DOCUMENTS[:2],
            "signed_by_name": "Robin Castellano",
            "signer_relationship": "patient",
            "signature_method": "typed",
        },
    )
    assert response.status_code == 200 and "Telehealth consent" in response.content.decode()
    assert 'value="Robin Castellano"' in response.content.decode()  # the form keeps what was typed
    response = client.post(
        f"/episodes/{unsigned.pk}/consent-packet/",
        {
            "agreed": ALL_DOCUMENTS,
            "signed_by_name": "Robin Castellano",
            "signer_relationship": "patient",
            "signature_method": "typed",
            "next": f"/episodes/{unsigned.pk}/admit/",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/episodes/{unsigned.pk}/admit/"
    assert "Consent-to-treat packet signed" in client.get(f"/episodes/{unsigned.pk}/admit/").content.decode()
