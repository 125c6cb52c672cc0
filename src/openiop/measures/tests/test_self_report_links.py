"""A one-time questionnaire link: shown once, stored as a hash, usable without a staff login, then closed."""

import hashlib
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openiop.audit.models import AuditEvent
from openiop.measures.models import AdministrationMode, MeasureResponse, SelfReportLink
from openiop.measures.tests.form_data import form_data

PHQ9 = [1, 1, 1, 1, 1, 1, 1, 1, 0]
CROSS_ORIGIN_SAFE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "origin",
    "strict-origin",
    "origin-when-cross-origin",
    "strict-origin-when-cross-origin",
}


def _issue(browser, patient, instrument: str = "PHQ-9", mode: str = "self_report"):
    return browser.post(reverse("measures:link", args=[patient.pk]), {"instrument": instrument, "mode": mode})


def _token(page: str) -> str:
    match = re.search(r'value="https?://[^"]*/r/([^/"]+)/"', page)
    assert match, "the issued page shows no link"
    return match.group(1)


@pytest.fixture
def issued(patient_a, clinician_a, client_for):
    """(link, token) for a PHQ-9 self-report link issued through the page."""
    response = _issue(client_for(clinician_a), patient_a)
    assert response.status_code == 200
    token = _token(response.content.decode())
    return SelfReportLink.objects.get(), token


def _public(token: str) -> str:
    return reverse("self_report", args=[token])


def test_the_link_is_shown_once_and_only_a_hash_of_its_token_is_stored(patient_a, clinician_a, client_for):
    browser = client_for(clinician_a)

    page = _issue(browser, patient_a).content.decode()

    token = _token(page)
    assert len(token) >= 40
    link = SelfReportLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in SelfReportLink.objects.values_list().get()]
    assert not [value for value in stored if token in value]
    assert not [event for event in AuditEvent.objects.all() if token in str(event.detail)]
    assert "<svg" in page  # the QR code of the same link
    again = browser.get(reverse("measures:link", args=[patient_a.pk])).content.decode()
    assert token not in again
    assert browser.get(reverse("measures:chart", args=[patient_a.pk])).content.decode().count(token) == 0


def test_issuing_is_audited_as_the_clinician(issued, patient_a, clinician_a):
    link, _ = issued

    event = AuditEvent.objects.get(object_type="self_report_link", action="create")

    assert (event.user_id, event.object_id, event.patient_id) == (clinician_a.pk, str(link.pk), patient_a.pk)
    assert event.detail == {"instrument": "PHQ-9", "mode": "self_report"}


def test_a_patient_link_lasts_72_hours_and_a_kiosk_link_1_hour(patient_a, clinician_a, client_for):
    browser = client_for(clinician_a)
    now = timezone.now()

    _issue(browser, patient_a, mode="self_report")
    _issue(browser, patient_a, mode="kiosk")

    patient_link, kiosk_link = SelfReportLink.objects.order_by("pk")
    assert abs(patient_link.expires_at - (now + timedelta(hours=72))) < timedelta(minutes=1)
    assert (kiosk_link.mode, kiosk_link.issued_by) == (AdministrationMode.KIOSK, clinician_a)
    assert abs(kiosk_link.expires_at - (now + timedelta(hours=1))) < timedelta(minutes=1)


def test_the_public_page_needs_no_login_shows_no_staff_navigation_and_is_not_indexed(issued, patient_a):
    _, token = issued

    response = Client().get(_public(token))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Hello Alma" in page
    assert 'name="item_9"' in page
    assert 'aria-label="Main"' not in page
    assert "Sign out" not in page and "Census" not in page and "Patients</a>" not in page
    assert patient_a.mrn not in page and "Quinlan" not in page
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in page
    # The token is in the URL: it must never travel to another site in a Referer header.
    assert response["Referrer-Policy"] in CROSS_ORIGIN_SAFE_REFERRER_POLICIES
    assert "no-store" in response["Cache-Control"]


def test_submitting_stores_a_self_reported_response_and_completes_the_link(issued, patient_a):
    link, token = issued

    response = Client().post(_public(token), form_data("PHQ-9", PHQ9))

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    stored = MeasureResponse.objects.get()
    assert (stored.patient, stored.instrument, stored.answers, stored.total, stored.band) == (
        patient_a,
        "PHQ-9",
        PHQ9,
        8,
        "mild",
    )
    assert (stored.mode, stored.administered_by, stored.episode_id) == (
        AdministrationMode.SELF_REPORT,
        None,
        link.episode_id,
    )
    link.refresh_from_db()
    assert link.response == stored
    assert link.completed_at is not None


def test_the_submission_is_audited_with_no_user_and_the_patient(issued, patient_a):
    link, token = issued

    Client().post(_public(token), form_data("PHQ-9", PHQ9))

    stored = MeasureResponse.objects.get()
    event = AuditEvent.objects.get(object_type="measure_response", object_id=str(stored.pk))
    assert (event.user_id, event.username, event.action, event.patient_id) == (None, "", "create", patient_a.pk)
    assert event.detail["link_id"] == link.pk


def test_an_incomplete_submission_is_refused_and_the_link_stays_open(issued):
    link, token = issued
    data = form_data("PHQ-9", PHQ9)
    del data["item_4"]

    response = Client().post(_public(token), data)

    assert response.status_code == 200
    # Patients are told the answers they can give, without the points behind them.
    assert "Choose an answer: Not at all; Several days; More than half the days; Nearly every day." in (
        response.content.decode()
    )
    assert not MeasureResponse.objects.exists()
    link.refresh_from_db()
    assert link.completed_at is None
    assert Client().get(_public(token)).status_code == 200


def test_a_completed_link_cannot_be_used_again(issued):
    _, token = issued
    Client().post(_public(token), form_data("PHQ-9", PHQ9))

    second = Client().post(_public(token), form_data("PHQ-9", [3] * 9))
    reopened = Client().get(_public(token))

    for response in (second, reopened):
        assert response.status_code == 410
        assert "already been completed" in response.content.decode()
        assert "noindex" in response["X-Robots-Tag"]
    assert MeasureResponse.objects.count() == 1


def test_a_patient_link_expires_after_72_hours(issued):
    _, token = issued

    with time_machine.travel(timezone.now() + timedelta(hours=71), tick=False):
        assert Client().get(_public(token)).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=73), tick=False):
        opened = Client().get(_public(token))
        submitted = Client().post(_public(token), form_data("PHQ-9", PHQ9))

    for response in (opened, submitted):
        assert response.status_code == 410
        assert "expired" in response.content.decode()
    assert not MeasureResponse.objects.exists()


def test_a_kiosk_link_expires_after_1_hour(patient_a, clinician_a, client_for):
    token = _token(_issue(client_for(clinician_a), patient_a, mode="kiosk").content.decode())

    with time_machine.travel(timezone.now() + timedelta(minutes=59), tick=False):
        assert Client().get(_public(token)).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        response = Client().get(_public(token))

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_an_unknown_token_is_gone(db):
    for method in ("get", "post"):
        response = getattr(Client(), method)(_public("not-a-real-token"))
        assert response.status_code == 410
        assert "not valid" in response.content.decode()


@pytest.mark.parametrize("instrument", ["CIWA-Ar", "COWS"])
def test_a_clinician_rated_scale_cannot_be_issued_as_a_link(instrument, patient_a, clinician_a, client_for):
    browser = client_for(clinician_a)

    offered = browser.get(reverse("measures:link", args=[patient_a.pk])).content.decode()
    response = _issue(browser, patient_a, instrument=instrument)

    assert f'value="{instrument}"' not in offered
    assert response.status_code == 200
    assert "/r/" not in response.content.decode()
    assert not SelfReportLink.objects.exists()
    assert not AuditEvent.objects.filter(object_type="self_report_link").exists()


@pytest.mark.parametrize("instrument", ["CIWA-Ar", "COWS"])
def test_the_service_refuses_a_clinician_rated_scale_too(instrument, patient_a, clinician_a):
    from django.core.exceptions import ValidationError

    from openiop.measures.services import self_report_link_issue

    with pytest.raises(ValidationError, match="rated by a clinician"):
        self_report_link_issue(acting_user=clinician_a, patient=patient_a, episode=None, instrument=instrument)
    assert not SelfReportLink.objects.exists()
