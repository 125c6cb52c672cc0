"""Consent status is visible on the chart: the header of every chart tab says which Part 2 consents are in
force today (TPO, specific, counselling notes), follows revocation and end-of-treatment expiry, and links
to the Consents tab. Roles without consent.view do not see it."""

import re
from datetime import timedelta

from django.urls import reverse

from openiop.consent.services import consent_record, consent_revoke
from openiop.core.timezones import local_today
from openiop.episodes.services import episode_discharge

TODAY = local_today("America/New_York")


def _consent(patient, user, kind, **overrides):
    fields = dict(
        kind=kind,
        disclosing_party="Test program",
        information=["counselling_notes"] if kind == "counselling_notes" else ["attendance"],
        information_detail="My attendance since admission",
        recipient_name="Judge Maria Lopez, County Drug Court",
        recipient_is_covered_entity=kind == "tpo",
        purpose="Compliance with drug court",
        expiry_kind="none" if kind == "tpo" else "date",
        expires_on=None if kind == "tpo" else TODAY + timedelta(days=60),
        expiry_event="",
        signed_by_name="Alma Quinlan",
        signer_relationship="patient",
        signed_on=TODAY,
        signature_method="on_screen",
    )
    return consent_record(acting_user=user, patient=patient, **{**fields, **overrides})


def _header(client, patient) -> str:
    html = client.get(reverse("patients:chart", args=[patient.pk])).content.decode()
    found = re.search(r'data-testid="chart-consent-status"><a href="[^"]+">([^<]*)</a>', html)
    return found.group(1) if found else ""


def test_the_header_follows_the_consents_in_force(client_for, clinician_a, patient_a):
    client = client_for(clinician_a)
    assert _header(client, patient_a) == "No consent on file"
    _consent(patient_a, clinician_a, "tpo")
    specific = _consent(patient_a, clinician_a, "specific")
    assert _header(client, patient_a) == "TPO in force · 1 specific"
    consent_revoke(acting_user=clinician_a, consent=specific, revoked_on=TODAY, revocation_text="I revoke it.")
    assert _header(client, patient_a) == "TPO in force"


def _discharged_two_days_ago(patient, user):
    from openiop.episodes.models import Episode

    episode = patient.episodes.get()
    Episode.objects.filter(pk=episode.pk).update(admitted_on=TODAY - timedelta(days=40))
    episode.level_history.update(effective_on=TODAY - timedelta(days=40))
    episode.refresh_from_db()
    episode_discharge(acting_user=user, episode=episode, discharged_on=TODAY - timedelta(days=2), reason=1, note="")


def test_an_end_of_treatment_consent_lapses_the_day_after_discharge(client_for, clinician_a, patient_a):
    _consent(patient_a, clinician_a, "specific", expiry_kind="end_of_treatment")
    client = client_for(clinician_a)
    assert _header(client, patient_a) == "1 specific"
    _discharged_two_days_ago(patient_a, clinician_a)
    assert _header(client, patient_a) == "None in force"


def test_peer_support_does_not_see_it_on_an_alumnus_chart(client_for, peer_support_a, patient_a, clinician_a):
    _consent(patient_a, clinician_a, "tpo")
    _discharged_two_days_ago(patient_a, clinician_a)
    response = client_for(peer_support_a).get(reverse("patients:chart", args=[patient_a.pk]))
    assert response.status_code == 200 and "chart-consent-status" not in response.content.decode()
    assert _header(client_for(clinician_a), patient_a) == "TPO in force"
