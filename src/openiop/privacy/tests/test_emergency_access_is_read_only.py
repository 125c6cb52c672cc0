"""Emergency access (42 CFR 2.51) opens a chart to read: no button that changes the record shows (Edit,
Transfer, Discharge, the tabs' forms), and a write sent anyway is refused server-side with 403, audited."""

from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.privacy.testing import client_under_grant, open_emergency_access

WRITE_LINKS = ("patients:edit", "episodes:transfer", "episodes:discharge")


def _links(patient, episode):
    return {
        "patients:edit": reverse("patients:edit", args=[patient.pk]),
        "episodes:transfer": reverse("episodes:transfer", args=[episode.pk]),
        "episodes:discharge": reverse("episodes:discharge", args=[episode.pk]),
        "medications:add": reverse("medications:add", args=[patient.pk]),
        "consent:new": reverse("consent:new", args=[patient.pk]),
    }


def _page(client, name, patient):
    response = client.get(reverse(name, args=[patient.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_care_team_sees_the_buttons_that_change_the_record(client_for, clinician_a, patient_a):
    episode = patient_a.episodes.get()
    links = _links(patient_a, episode)
    client = client_for(clinician_a)
    chart, continuity = _page(client, "patients:chart", patient_a), _page(client, "continuity:chart", patient_a)
    for name in WRITE_LINKS:
        assert links[name] in chart, name
    assert links["episodes:discharge"] in continuity
    assert links["medications:add"] in _page(client, "medications:chart", patient_a)
    assert links["consent:new"] in _page(client, "consent:chart", patient_a)


def test_under_emergency_access_no_button_changes_the_record(client_for, clinician_b, patient_a):
    episode = patient_a.episodes.get()
    links = _links(patient_a, episode)
    client = client_under_grant(client_for, clinician_b, open_emergency_access(clinician_b, patient_a))
    chart, continuity = _page(client, "patients:chart", patient_a), _page(client, "continuity:chart", patient_a)
    for name in WRITE_LINKS:
        assert links[name] not in chart, f"{name} shows under emergency access"
    assert links["episodes:discharge"] not in continuity
    assert links["medications:add"] not in _page(client, "medications:chart", patient_a)
    assert links["consent:new"] not in _page(client, "consent:chart", patient_a)


def test_a_write_under_emergency_access_is_refused_with_an_audited_403(client_for, clinician_b, patient_a):
    client = client_under_grant(client_for, clinician_b, open_emergency_access(clinician_b, patient_a))
    name = patient_a.legal_last_name
    for url, data in (
        (reverse("patients:edit", args=[patient_a.pk]), {"legal_first_name": "Changed"}),
        (reverse("diagnoses:chart", args=[patient_a.pk]), {"code": "F32.1", "rank": "secondary"}),
        (reverse("medications:add", args=[patient_a.pk]), {"name": "Naloxone"}),
    ):
        before = AuditEvent.objects.filter(user_id=clinician_b.pk, outcome=Outcome.DENIED).count()
        response = client.post(url, data)
        assert response.status_code == 403, url
        denials = AuditEvent.objects.filter(user_id=clinician_b.pk, outcome=Outcome.DENIED).order_by("sequence")
        assert denials.count() == before + 1, url
        assert denials.last().detail["reason"] == "emergency_read_only"
        assert denials.last().patient_id == patient_a.pk
        assert name not in response.content.decode()
    patient_a.refresh_from_db()
    assert patient_a.legal_first_name == "Alma"
    assert not patient_a.medications.exists() and not patient_a.diagnoses.exists()


def test_the_write_forms_themselves_are_refused_under_emergency_access(client_for, clinician_b, patient_a):
    client = client_under_grant(client_for, clinician_b, open_emergency_access(clinician_b, patient_a))
    for url in (reverse("patients:edit", args=[patient_a.pk]), reverse("medications:add", args=[patient_a.pk])):
        assert client.get(url).status_code == 403, url
