"""iCalendar exports (RFC 5545): one event per session with a stable UID and UTC times, cancellations marked,
nothing about other patients in a patient's calendar, and the same access rules as the week calendar."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from openiop.audit.models import AuditEvent, Outcome
from openiop.schedule.services import series_create, session_cancel


@pytest.fixture(autouse=True)
def wednesday_21_october_2026():
    """Feeds run from four weeks back; the sessions below are in the weeks around this day."""
    with time_machine.travel(datetime(2026, 10, 21, 16, tzinfo=UTC), tick=True):
        yield


@pytest.fixture
def evening_group(make_evening_group):
    """Through 6 November: nine sessions, the last three after DST ends."""
    return make_evening_group(date(2026, 11, 6))


@pytest.fixture
def telehealth_class(program_a, clinician_a, evening):
    return series_create(
        acting_user=clinician_a,
        program=program_a,
        track=evening,
        session_type="psychoeducation",
        title="Relapse prevention class",
        weekdays=["WE"],
        start_time=time(12, 0),
        duration_minutes=60,
        starts_on=date(2026, 10, 21),
        ends_on=date(2026, 10, 21),
        facilitators=[clinician_a],
        capacity=10,
        telehealth_url="https://example.org/class",
    )


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_the_facilitator_calendar_has_one_event_per_session_with_a_stable_uid(
    client_for, clinician_a, evening_group, telehealth_class
):
    events = _events(client_for(clinician_a).get(reverse("schedule:facilitator_ical", args=[clinician_a.pk])))
    sessions = [*evening_group.sessions.all(), *telehealth_class.sessions.all()]
    assert set(events) == {f"session-{s.pk}@openiop" for s in sessions}
    first = evening_group.sessions.first()
    event = events[f"session-{first.pk}@openiop"]
    assert (str(event["SUMMARY"]), str(event["LOCATION"]), str(event["STATUS"])) == (
        "Evening process group",
        "Group room 1",
        "CONFIRMED",
    )
    assert str(events[f"session-{telehealth_class.sessions.get().pk}@openiop"]["LOCATION"]) == "Telehealth"


def test_times_are_in_utc_and_follow_the_clock_change(client_for, clinician_a, evening_group):
    response = client_for(clinician_a).get(reverse("schedule:facilitator_ical", args=[clinician_a.pk]))
    assert b"DTSTART:20261019T220000Z" in response.content  # 18:00 EDT
    assert b"DTSTART:20261102T230000Z" in response.content  # 18:00 EST
    events = _events(response)
    starts = sorted(e.decoded("DTSTART") for e in events.values())
    assert {s.utcoffset().total_seconds() for s in starts} == {0}
    assert starts[0] == datetime(2026, 10, 19, 22, tzinfo=UTC)
    ends = sorted(e.decoded("DTEND") for e in events.values())
    assert ends[0] == datetime(2026, 10, 20, 1, tzinfo=UTC)


def test_a_cancelled_session_is_marked_cancelled(client_for, clinician_a, evening_group):
    cancelled = evening_group.sessions.first()
    session_cancel(acting_user=clinician_a, session=cancelled, reason="Facilitator ill")
    events = _events(client_for(clinician_a).get(reverse("schedule:facilitator_ical", args=[clinician_a.pk])))
    assert str(events[f"session-{cancelled.pk}@openiop"]["STATUS"]) == "CANCELLED"
    assert [str(e["STATUS"]) for e in events.values()].count("CONFIRMED") == 8


def test_the_patient_calendar_has_their_sessions_and_no_one_elses_name(
    client_for, clinician_a, make_patient, program_a, evening, evening_group
):
    patient, episode = make_patient(
        program_a, acting_user=clinician_a, legal_first_name="Ines", legal_last_name="Okoro"
    )
    other, _ = make_patient(program_a, acting_user=clinician_a, legal_first_name="Olek", legal_last_name="Brandt")
    response = client_for(clinician_a).get(reverse("schedule:patient_ical", args=[patient.pk]))
    events = _events(response)
    # make_patient admits two weeks before today (7 October), so every session of the series is theirs.
    assert set(events) == {f"session-{s.pk}@openiop" for s in evening_group.sessions.all()}
    assert {str(e["SUMMARY"]) for e in events.values()} == {"Evening process group"}
    for name in (other.legal_first_name, other.legal_last_name, other.mrn, clinician_a.last_name):
        assert name.encode() not in response.content
    event = AuditEvent.objects.filter(object_type="patient_calendar").latest("pk")
    assert (event.action, event.patient_id) == ("export", patient.pk)


def test_a_director_of_the_program_may_download_a_facilitators_calendar(
    client_for, director_a, clinician_a, evening_group
):
    events = _events(client_for(director_a).get(reverse("schedule:facilitator_ical", args=[clinician_a.pk])))
    assert len(events) == 9
    event = AuditEvent.objects.filter(object_type="user_calendar").latest("pk")
    assert (event.action, event.object_id) == ("export", str(clinician_a.pk))


def test_a_colleague_who_is_not_a_director_gets_an_audited_404(client_for, nurse_a, clinician_a):
    response = client_for(nurse_a).get(reverse("schedule:facilitator_ical", args=[clinician_a.pk]))
    assert response.status_code == 404
    event = AuditEvent.objects.filter(outcome=Outcome.DENIED).latest("pk")
    assert event.detail["reason"] == "scope"


def test_a_director_of_another_program_gets_an_audited_404(client_for, director_b, clinician_a):
    response = client_for(director_b).get(reverse("schedule:facilitator_ical", args=[clinician_a.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(outcome=Outcome.DENIED, object_type="user").exists()


def test_a_clinician_of_another_program_gets_an_audited_404_for_a_patients_calendar(client_for, clinician_b, patient_a):
    response = client_for(clinician_b).get(reverse("schedule:patient_ical", args=[patient_a.pk]))
    assert response.status_code == 404
    assert patient_a.legal_last_name.encode() not in response.content
    event = AuditEvent.objects.filter(outcome=Outcome.DENIED).latest("pk")
    assert (event.patient_id, event.detail["reason"]) == (patient_a.pk, "scope")


def test_billing_is_refused_a_calendar_with_an_audited_403(client_for, billing_a, patient_a):
    response = client_for(billing_a).get(reverse("schedule:patient_ical", args=[patient_a.pk]))
    assert response.status_code == 403
    event = AuditEvent.objects.filter(outcome=Outcome.DENIED).latest("pk")
    assert event.detail["reason"] == "role"


def test_someone_not_signed_in_is_sent_to_sign_in(client, clinician_a):
    response = client.get(reverse("schedule:facilitator_ical", args=[clinician_a.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
