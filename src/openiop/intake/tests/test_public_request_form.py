"""The public request-help form: no login, a honeypot, a minimum fill time, a rate limit per client IP, and a
confirmation page that shows nothing back."""

import time

import pytest
from django.test import Client

from openiop.audit.models import AuditEvent
from openiop.intake import spam
from openiop.intake.models import Inquiry, Stage

pytestmark = pytest.mark.django_db


def _post(client, program, *, started=None, ip="203.0.113.7", **overrides):
    data = {
        "program": program.pk,
        "first_name": "Jordan Unique-Name",
        "phone": "",
        "email": "jordan.unique@example.com",
        "concern": "mental_health",
        "preferred_times": "morning",
        "consent_to_contact": "on",
        "website": "",
        "started": started if started is not None else spam.form_token(time.time() - 30),
        **overrides,
    }
    return client.post("/help/", data, REMOTE_ADDR=ip)


def test_anyone_can_open_the_form_without_signing_in(program_a):
    response = Client().get("/help/")
    assert response.status_code == 200
    assert "Ask for help" in response.content.decode()


def test_a_request_arrives_as_a_new_web_inquiry_and_is_audited(program_a):
    response = _post(Client(), program_a)
    assert response.status_code == 302 and response["Location"] == "/help/thanks/"
    inquiry = Inquiry.objects.get()
    assert (inquiry.channel, inquiry.stage, inquiry.program, inquiry.consent_to_contact) == (
        "web",
        Stage.NEW,
        program_a,
        True,
    )
    event = AuditEvent.objects.get(object_type="inquiry")
    assert event.user_id is None and event.detail["channel"] == "web"
    assert "Jordan" not in str(event.detail)


def test_the_confirmation_page_shows_none_of_the_submitted_data(program_a):
    client = Client()
    response = client.get(_post(client, program_a)["Location"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "we received your request" in page
    for submitted in ("Jordan", "Unique-Name", "jordan.unique@example.com", "Mental health", "Morning"):
        assert submitted not in page


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(program_a):
    response = _post(Client(), program_a, website="http://spam.example")
    assert response.status_code == 302 and response["Location"] == "/help/thanks/"
    assert Inquiry.objects.count() == 0


def test_a_form_sent_faster_than_a_person_could_fill_it_is_refused(program_a):
    response = _post(Client(), program_a, started=spam.form_token(time.time() - 1))
    assert response.status_code == 200
    assert "send the form again" in response.content.decode()
    assert Inquiry.objects.count() == 0


def test_a_forged_or_missing_timestamp_is_refused(program_a):
    for started in ("forged-token", ""):
        response = _post(Client(), program_a, started=started)
        assert response.status_code == 200
        assert Inquiry.objects.count() == 0


def test_the_refused_form_keeps_what_the_person_typed(program_a):
    response = _post(Client(), program_a, started=spam.form_token(time.time() - 1))
    assert 'value="Jordan Unique-Name"' in response.content.decode()


def test_consent_and_a_way_to_reach_them_are_required(program_a):
    response = _post(Client(), program_a, consent_to_contact="", email="")
    page = response.content.decode()
    assert "agree that we may contact you" in page
    assert "phone number or an email" in page
    assert Inquiry.objects.count() == 0


def test_an_unknown_concern_is_refused_naming_the_choices(program_a):
    response = _post(Client(), program_a, concern="gambling")
    assert "gambling is not one of the available choices" in response.content.decode()
    assert Inquiry.objects.count() == 0


def test_one_ip_is_limited_to_the_documented_number_of_submissions_per_window(program_a):
    client = Client()
    for _ in range(spam.RATE_LIMIT_POSTS):
        assert _post(client, program_a)["Location"] == "/help/thanks/"
    refused = _post(client, program_a)
    assert refused.status_code == 429
    assert Inquiry.objects.count() == spam.RATE_LIMIT_POSTS
    assert _post(client, program_a, ip="198.51.100.20").status_code == 302  # another client is not limited
