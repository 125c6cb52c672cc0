"""The calendar-building pages: a new recurring group, a visit for one patient, and one occurrence's page (topic,
move, cancel). A refused form comes back with the user's input and the error beside the field; directors,
clinicians and front desk may build the calendar, billing may not, and another program's session is a 404."""

from datetime import UTC, date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.schedule.models import Room, Session, SessionSeries, SessionStatus

NEW_YORK = ZoneInfo("America/New_York")
SERIES_NEW = reverse("schedule:series_new")


@pytest.fixture(autouse=True)
def wednesday_21_october_2026():
    with time_machine.travel(datetime(2026, 10, 21, 16, tzinfo=UTC), tick=True):
        yield


@pytest.fixture
def morning(program_a):
    return program_a.tracks.get(time_of_day="morning")


@pytest.fixture
def office(program_a):
    return Room.objects.create(program=program_a, name="Office 2", capacity=3)


def _series_post(program, track, facilitator, room, **changes):
    data = {
        "program": program.pk,
        "track": track.pk if track else "",
        "session_type": "psychoeducation",
        "title": "Relapse prevention",
        "weekdays": ["MO", "WE"],
        "start_time": "09:00",
        "duration_minutes": 90,
        "starts_on": "2026-10-26",
        "ends_on": "2026-11-06",
        "capacity": 10,
        "facilitators": [facilitator.pk],
        "room": room.pk if room else "",
        "telehealth_url": "",
    }
    data.update(changes)
    return data


def _appointment_post(facilitator, **changes):
    data = {
        "session_type": "individual_therapy",
        "day": "2026-10-23",
        "start_time": "10:00",
        "duration_minutes": 50,
        "facilitators": [facilitator.pk],
        "room": "",
        "telehealth_url": "https://example.org/visit",
        "family_members": "",
        "title": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["director_a", "clinician_a", "front_desk_a"])
def test_the_new_group_page_creates_the_sessions_and_opens_the_track_week(
    client_for, request, persona, program_a, morning, clinician_a, room
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(SERIES_NEW).status_code == 200
    response = client.post(SERIES_NEW, _series_post(program_a, morning, clinician_a, room))
    assert response.status_code == 302
    assert response.url == f"{reverse('schedule:week')}?track={morning.pk}&date=2026-10-26"
    series = SessionSeries.objects.get()
    local_days = [s.starts_at.astimezone(NEW_YORK).strftime("%a %Y-%m-%d %H:%M") for s in series.sessions.all()]
    assert local_days == [
        "Mon 2026-10-26 09:00",
        "Wed 2026-10-28 09:00",
        "Mon 2026-11-02 09:00",
        "Wed 2026-11-04 09:00",
    ]
    week = client.get(response.url)
    assert "'Relapse prevention' created: 4 sessions." in unescape(week.content.decode())
    assert week.context["session_count"] == 2


def test_a_refused_group_keeps_the_input_and_names_the_field(
    client_for, clinician_a, program_a, evening, room, evening_group
):
    other_room = Room.objects.create(program=program_a, name="Group room 2", capacity=12)
    before = Session.objects.count()
    data = _series_post(
        program_a,
        evening,
        clinician_a,
        other_room,
        title="Tuesday extra",
        weekdays=["TU"],
        start_time="19:00",
        starts_on="2026-10-20",
    )
    response = client_for(clinician_a).post(SERIES_NEW, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "facilitators" in form.errors  # clinician A already leads the evening group then
    html = response.content.decode()
    assert 'value="Tuesday extra"' in html and 'value="19:00"' in html
    assert "Nothing was saved" in html
    assert Session.objects.count() == before


def test_a_group_over_its_own_track_s_session_is_refused_on_the_start_time(
    client_for, make_user, program_a, evening, evening_group
):
    other = make_user("clinician", [program_a])
    other_room = Room.objects.create(program=program_a, name="Group room 2", capacity=12)
    data = _series_post(
        program_a, evening, other, other_room, weekdays=["TU"], start_time="19:00", starts_on="2026-10-20"
    )
    response = client_for(other).post(SERIES_NEW, data)
    assert response.status_code == 200
    assert "Evening process group" in response.context["form"].errors["start_time"][0]
    assert SessionSeries.objects.count() == 1


def test_a_group_without_days_is_refused_by_the_form(client_for, clinician_a, program_a, morning, room):
    data = _series_post(program_a, morning, clinician_a, room)
    del data["weekdays"]
    response = client_for(clinician_a).post(SERIES_NEW, data)
    assert response.status_code == 200
    assert "weekdays" in response.context["form"].errors
    assert not SessionSeries.objects.exists()


def test_the_week_view_offers_a_new_group_to_schedulers_only(client_for, clinician_a, nurse_a, morning):
    url = f"{reverse('schedule:week')}?track={morning.pk}"
    assert SERIES_NEW in client_for(clinician_a).get(url).content.decode()
    assert SERIES_NEW not in client_for(nurse_a).get(url).content.decode()


def test_an_appointment_is_booked_from_the_patient_s_page_and_shown_on_their_week(
    client_for, front_desk_a, clinician_a, make_patient, program_a, office
):
    patient, episode = make_patient(program_a, acting_user=clinician_a)
    url = reverse("schedule:appointment_new", args=[patient.pk])
    client = client_for(front_desk_a)
    assert client.get(url).status_code == 200
    response = client.post(url, _appointment_post(clinician_a, room=office.pk, telehealth_url=""))
    assert response.status_code == 302
    assert response.url == f"{reverse('schedule:week')}?patient={patient.pk}&date=2026-10-23"
    visit = Session.objects.get(episode=episode)
    assert visit.starts_at == datetime(2026, 10, 23, 10, tzinfo=NEW_YORK)
    assert (visit.room, visit.length_minutes) == (office, 50)
    week = client.get(response.url).content.decode()
    assert "Appointment booked for Fri 2026-10-23 at 10:00." in week
    assert "Individual therapy" in week


def test_a_refused_appointment_keeps_the_input_and_names_the_field(client_for, clinician_a, make_patient, program_a):
    patient, episode = make_patient(program_a, acting_user=clinician_a)
    url = reverse("schedule:appointment_new", args=[patient.pk])
    response = client_for(clinician_a).post(url, _appointment_post(clinician_a, session_type="family_therapy"))
    assert response.status_code == 200
    assert "family_members" in response.context["form"].errors
    assert 'value="2026-10-23"' in response.content.decode()
    assert not Session.objects.filter(episode=episode).exists()


def test_a_patient_not_in_treatment_gets_no_booking_form(client_for, clinician_a, make_patient, program_a):
    patient, _ = make_patient(program_a, acting_user=clinician_a, status="planned")
    response = client_for(clinician_a).get(reverse("schedule:appointment_new", args=[patient.pk]))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "Appointments are for patients in treatment" in response.content.decode()


def test_the_session_page_sets_the_topic(client_for, clinician_a, evening_group):
    session = evening_group.sessions.first()
    url = reverse("schedule:session", args=[session.pk])
    client = client_for(clinician_a)
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "topic", "topic": "Coping with cravings"})
    assert response.status_code == 302 and response.url == url
    assert Session.objects.get(pk=session.pk).topic == "Coping with cravings"
    assert "Coping with cravings" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(object_type="session", object_id=str(session.pk), detail__event="topic").exists()


def test_the_session_page_moves_one_occurrence(client_for, clinician_a, evening_group):
    session = evening_group.sessions.first()
    url = reverse("schedule:session", args=[session.pk])
    response = client_for(clinician_a).post(
        url, {"action": "move", "day": "2026-10-21", "start_time": "17:00", "room": ""}
    )
    assert response.status_code == 302
    moved = Session.objects.get(pk=session.pk)
    assert moved.starts_at == datetime(2026, 10, 21, 17, tzinfo=NEW_YORK)
    assert (moved.length_minutes, moved.room_id) == (180, session.room_id)


def test_a_refused_move_names_the_field_and_leaves_the_session(client_for, clinician_a, evening_group):
    monday, tuesday = evening_group.sessions.all()[:2]
    url = reverse("schedule:session", args=[monday.pk])
    response = client_for(clinician_a).post(
        url, {"action": "move", "day": "2026-10-20", "start_time": "19:00", "room": ""}
    )
    assert response.status_code == 200
    assert response.context["failed"] == "move"
    # The move form has no facilitators field, so the clash shows at the top of the form.
    assert "already facilitates 'Evening process group'" in response.context["forms"]["move"].non_field_errors()[0]
    assert 'value="2026-10-20"' in response.content.decode()
    assert Session.objects.get(pk=monday.pk).starts_at == monday.starts_at


def test_the_session_page_cancels_one_occurrence_with_a_reason(client_for, front_desk_a, evening_group):
    session = evening_group.sessions.first()
    url = reverse("schedule:session", args=[session.pk])
    client = client_for(front_desk_a)
    assert client.post(url, {"action": "cancel", "reason": ""}).status_code == 200
    assert Session.objects.get(pk=session.pk).status == SessionStatus.SCHEDULED
    response = client.post(url, {"action": "cancel", "reason": "Facilitator ill"})
    assert response.status_code == 302
    cancelled = Session.objects.get(pk=session.pk)
    assert (cancelled.status, cancelled.status_reason) == (SessionStatus.CANCELLED, "Facilitator ill")
    html = client.get(url).content.decode()
    assert "Facilitator ill" in html and "Cancel the session" not in html


@pytest.mark.parametrize("persona", ["billing_a"])
def test_billing_gets_an_audited_403_on_every_calendar_building_page(
    client_for, request, persona, clinician_a, make_patient, program_a, morning, room, evening_group
):
    user = request.getfixturevalue(persona)
    patient, _ = make_patient(program_a, acting_user=clinician_a)
    session = evening_group.sessions.first()
    client = client_for(user)
    before = Session.objects.count()
    assert client.get(SERIES_NEW).status_code == 403
    assert client.post(SERIES_NEW, _series_post(program_a, morning, clinician_a, room)).status_code == 403
    appointment_url = reverse("schedule:appointment_new", args=[patient.pk])
    assert client.get(appointment_url).status_code == 403
    assert client.post(appointment_url, _appointment_post(clinician_a)).status_code == 403
    session_url = reverse("schedule:session", args=[session.pk])
    assert client.get(session_url).status_code == 403
    assert client.post(session_url, {"action": "cancel", "reason": "x"}).status_code == 403
    assert Session.objects.count() == before
    assert Session.objects.get(pk=session.pk).status == SessionStatus.SCHEDULED
    assert AuditEvent.objects.filter(user_id=user.pk, outcome=Outcome.DENIED, detail__reason="role").count() >= 6


def test_a_nurse_sees_the_session_page_but_cannot_change_it(client_for, nurse_a, evening_group):
    session = evening_group.sessions.first()
    url = reverse("schedule:session", args=[session.pk])
    client = client_for(nurse_a)
    page = client.get(url)
    assert page.status_code == 200 and "Save topic" not in page.content.decode()
    assert client.post(url, {"action": "topic", "topic": "Anything"}).status_code == 403
    assert Session.objects.get(pk=session.pk).topic == ""


def test_a_user_of_another_program_gets_an_audited_404_on_the_session_page(client_for, clinician_b, evening_group):
    session = evening_group.sessions.first()
    url = reverse("schedule:session", args=[session.pk])
    client = client_for(clinician_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "cancel", "reason": "Not mine"}).status_code == 404
    assert Session.objects.get(pk=session.pk).status == SessionStatus.SCHEDULED
    denial = AuditEvent.objects.filter(user_id=clinician_b.pk, outcome=Outcome.DENIED, detail__reason="scope").first()
    assert (denial.object_type, denial.object_id) == ("session", str(session.pk))


def test_another_program_s_patient_gets_a_404_on_the_booking_page(
    client_for, clinician_b, clinician_a, make_patient, program_a
):
    patient, episode = make_patient(program_a, acting_user=clinician_a, legal_first_name="Alma")
    response = client_for(clinician_b).post(
        reverse("schedule:appointment_new", args=[patient.pk]), _appointment_post(clinician_b)
    )
    assert response.status_code == 404
    assert "Alma" not in response.content.decode()
    assert not Session.objects.filter(episode=episode).exists()


def test_the_booking_page_offers_only_the_program_s_clinical_staff_and_rooms(
    client_for, clinician_a, clinician_b, front_desk_a, make_patient, program_a, program_b, office
):
    Room.objects.create(program=program_b, name="B room", capacity=5)
    patient, _ = make_patient(program_a, acting_user=clinician_a)
    form = client_for(clinician_a).get(reverse("schedule:appointment_new", args=[patient.pk])).context["form"]
    staff = set(form.fields["facilitators"].queryset)
    assert clinician_a in staff and clinician_b not in staff and front_desk_a not in staff
    assert list(form.fields["room"].queryset) == [office]


def test_a_track_week_in_the_future_counts_only_that_week(client_for, clinician_a, evening, evening_group):
    url = f"{reverse('schedule:week')}?track={evening.pk}&date={date(2026, 11, 9).isoformat()}"
    assert client_for(clinician_a).get(url).context["session_count"] == 3
