"""Issue 12.18: each call, text or e-mail to the person of an inquiry is recorded with its outcome and the date
of the next attempt; the intake board shows the attempts, the days since first contact and a next attempt due."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openiop.audit.models import AuditEvent
from openiop.core.timezones import local_today
from openiop.intake import services
from openiop.intake.models import ContactAttempt, Inquiry, Stage
from openiop.intake.tests.factories import make_inquiry

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiry(program_a, intake_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a)
    Inquiry.objects.filter(pk=inquiry.pk).update(received_at=timezone.now() - timedelta(days=6))
    return Inquiry.objects.get(pk=inquiry.pk)


def test_an_attempt_is_recorded_with_its_outcome_and_next_date_and_audited(inquiry, intake_a, program_a):
    tomorrow = local_today(program_a.time_zone) + timedelta(days=1)
    attempt = services.contact_attempt_record(
        acting_user=intake_a, inquiry=inquiry, method="call", outcome="voicemail", next_attempt_on=tomorrow
    )
    assert (attempt.method, attempt.outcome, attempt.next_attempt_on, attempt.made_by) == (
        "call",
        "voicemail",
        tomorrow,
        intake_a,
    )
    event = AuditEvent.objects.get(object_type="contact_attempt", object_id=str(attempt.pk))
    assert event.detail["inquiry_id"] == inquiry.pk and event.detail["outcome"] == "voicemail"


def test_bad_attempts_are_refused_naming_the_field_and_allowed_values(inquiry, intake_a, program_a):
    with pytest.raises(ValidationError) as refused:
        services.contact_attempt_record(
            acting_user=intake_a,
            inquiry=inquiry,
            method="fax",
            outcome="maybe",
            next_attempt_on=local_today(program_a.time_zone) - timedelta(days=1),
        )
    errors = refused.value.message_dict
    assert "call, text, email" in errors["method"][0] and "voicemail" in errors["outcome"][0]
    assert "past" in errors["next_attempt_on"][0]
    assert not ContactAttempt.objects.exists()


def test_a_closed_inquiry_takes_no_more_attempts(inquiry, intake_a):
    services.inquiry_move(acting_user=intake_a, inquiry=inquiry, to_stage=Stage.NOT_ADMITTED, reason="Unreachable")
    with pytest.raises(ValidationError):
        services.contact_attempt_record(acting_user=intake_a, inquiry=inquiry, method="text", outcome="message_sent")


def test_the_board_shows_attempts_days_since_first_contact_and_a_due_next_attempt(
    inquiry, intake_a, program_a, client_for
):
    today = local_today(program_a.time_zone)
    services.contact_attempt_record(
        acting_user=intake_a,
        inquiry=inquiry,
        method="call",
        outcome="no_answer",
        attempted_at=timezone.now() - timedelta(days=4),
    )
    services.contact_attempt_record(
        acting_user=intake_a, inquiry=inquiry, method="text", outcome="message_sent", next_attempt_on=today
    )
    html = client_for(intake_a).get("/intake/").content.decode()
    assert "2 attempts · first contact 4 days ago · Message sent, no reply yet" in html
    assert f"<strong>due {today.isoformat()}</strong>" in html


def test_the_board_takes_the_same_queries_with_more_attempts(inquiry, intake_a, program_a, client_for):
    from openiop.conftest import count_queries

    client = client_for(intake_a)
    before = count_queries(client, "/intake/")
    other = make_inquiry(program_a, acting_user=intake_a, first_name="Sam")
    for target in (inquiry, other, other):
        services.contact_attempt_record(acting_user=intake_a, inquiry=target, method="email", outcome="message_sent")
    assert count_queries(client, "/intake/") == before


def test_staff_record_an_attempt_from_the_inquiry_page(inquiry, intake_a, program_a, client_for):
    client = client_for(intake_a)
    tomorrow = (local_today(program_a.time_zone) + timedelta(days=1)).isoformat()
    response = client.post(
        f"/intake/inquiries/{inquiry.pk}/contacts/",
        {"method": "call", "outcome": "voicemail", "next_attempt_on": tomorrow, "note": "Call after 5 pm"},
    )
    assert response.status_code == 302
    page = client.get(f"/intake/inquiries/{inquiry.pk}/").content.decode()
    assert "Left a voicemail" in page and "Call after 5 pm" in page and "First contact attempt 0 days ago" in page
    refused = client.post(f"/intake/inquiries/{inquiry.pk}/contacts/", {"method": "pigeon", "outcome": "voicemail"})
    assert refused.status_code == 400
