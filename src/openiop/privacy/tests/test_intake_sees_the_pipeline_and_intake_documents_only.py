"""The intake coordinator works the pipeline (issue 12.12): patients not yet admitted (a planned or waitlisted
episode in their programs) and the intake documents — the inquiry, screening, assessment and placement, and
what intake records (consents, patient-reported medications, screening questionnaires). An admitted patient
is "not found" for them, and drug screens, diagnoses, plans, discharge summaries and the program's score
table are not theirs (403, audited)."""

from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.episodes.models import EpisodeStatus
from openiop.intake.tests.factories import make_inquiry


def _denials(user) -> int:
    return AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED).count()


def test_an_admitted_patient_is_not_found_for_intake(client_for, intake_a, patient_a):
    client = client_for(intake_a)
    for name in ("patients:chart", "measures:chart", "medications:chart", "consent:chart", "intake:chart"):
        before = _denials(intake_a)
        response = client.get(reverse(name, args=[patient_a.pk]))
        assert response.status_code == 404, name
        assert _denials(intake_a) == before + 1, name
    assert patient_a.legal_last_name not in client.get(reverse("patients:list")).content.decode()


def test_a_patient_in_the_pipeline_opens_on_the_intake_documents(
    client_for, intake_a, clinician_a, make_patient, program_a
):
    patient, _episode = make_patient(program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED)
    client = client_for(intake_a)
    for name in ("patients:chart", "intake:chart", "consent:chart", "measures:chart", "medications:chart"):
        assert client.get(reverse(name, args=[patient.pk])).status_code == 200, name
    assert patient.legal_last_name in client.get(reverse("patients:list")).content.decode()


def test_screens_diagnoses_plans_and_summaries_are_not_intakes(
    client_for, intake_a, clinician_a, make_patient, program_a
):
    patient, _episode = make_patient(program_a, acting_user=clinician_a, status=EpisodeStatus.WAITLIST)
    client = client_for(intake_a)
    for name in ("screens:chart", "diagnoses:chart", "plans:chart"):
        before = _denials(intake_a)
        assert client.get(reverse(name, args=[patient.pk])).status_code == 403, name
        assert _denials(intake_a) == before + 1, name


def test_the_programs_score_table_is_not_intakes(client_for, intake_a, clinician_a, program_a):
    url = reverse("measures:program_scores", args=[program_a.pk])
    assert client_for(intake_a).get(url).status_code == 403
    assert client_for(clinician_a).get(url).status_code == 200


def test_the_board_still_shows_intake_the_inquiry_it_brought_to_admission(
    client_for, intake_a, clinician_a, patient_a, program_a
):
    from openiop.intake.services import inquiry_link_patient

    inquiry = make_inquiry(program_a, acting_user=intake_a, first_name="Alma", last_name="Quinlan")
    inquiry_link_patient(acting_user=intake_a, inquiry=inquiry, patient=patient_a)
    response = client_for(intake_a).get(reverse("intake:inquiry", args=[inquiry.pk]))
    assert response.status_code == 200


def test_after_admitting_intake_lands_on_the_inquiry_and_the_treating_team_on_the_chart(
    client_for, intake_a, clinician_a, program_a
):
    from openiop.core.timezones import local_today
    from openiop.episodes.testing import sign_consent_packet
    from openiop.intake import services
    from openiop.intake.models import Stage
    from openiop.intake.tests.factories import new_patient_fields, teds_data

    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=Stage.ASSESSMENT_BOOKED)
    services.inquiry_create_patient(acting_user=intake_a, inquiry=inquiry, **new_patient_fields())
    inquiry.refresh_from_db()
    sign_consent_packet(inquiry.episode, acting_user=intake_a)
    data = {
        "admitted_on": local_today(program_a.time_zone).isoformat(),
        "track": program_a.tracks.first().pk,
        "level_of_care": "asam3:2.1",
        "primary_clinician": clinician_a.pk,
        **teds_data(),
    }
    response = client_for(intake_a).post(reverse("intake:admit", args=[inquiry.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:inquiry", args=[inquiry.pk])
    inquiry.refresh_from_db()
    assert client_for(intake_a).get(response["Location"]).status_code == 200
    assert client_for(clinician_a).get(reverse("patients:chart", args=[inquiry.patient_id])).status_code == 200
