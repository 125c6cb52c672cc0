from django.urls import reverse

from openiop.conftest import TEST_PASSWORD
from openiop.notes.models import NoteAddendum, ProgressNote


def _start(client, session, episode):
    response = client.post(reverse("notes:session", args=[session.pk]), {"episode": episode.pk})
    note = ProgressNote.objects.get(session=session)
    assert response.url == reverse("notes:edit", args=[episode.patient_id, note.pk])
    return note


def test_write_save_sign_and_add_an_addendum_through_the_pages(make_appointment, clinician_a, client_for):
    session, episode = make_appointment()
    client = client_for(clinician_a)
    note = _start(client, session, episode)
    url = reverse("notes:edit", args=[episode.patient_id, note.pk])
    assert client.get(url).status_code == 200
    data = {"section_data": "Three sober days", "section_assessment": "Engaged", "section_plan": "Weekly"}
    response = client.post(url, {**data, "action": "sign", "typed_name": "Wrong Person"})
    assert response.status_code == 200 and "full name" in response.content.decode()
    assert "Three sober days" in response.content.decode()
    response = client.post(
        url, {**data, "action": "sign", "typed_name": clinician_a.get_full_name(), "signing_secret": TEST_PASSWORD}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.is_signed
    detail = reverse("notes:detail", args=[episode.patient_id, note.pk])
    assert client.post(detail, {"action": "addendum", "text": "Called back"}).status_code == 302
    assert NoteAddendum.objects.get().text == "Called back"
    assert "Called back" in client.get(detail).content.decode()


def test_the_session_page_refuses_a_note_for_an_absent_patient_with_a_message(
    make_appointment, clinician_a, client_for
):
    session, episode = make_appointment("absent_unexcused")
    client = client_for(clinician_a)
    response = client.post(reverse("notes:session", args=[session.pk]), {"episode": episode.pk}, follow=True)
    assert "attendance recorded as attended" in response.content.decode()
    assert ProgressNote.objects.count() == 0


def test_the_settings_page_saves_the_format(director_a, program_a, client_for):
    client = client_for(director_a)
    response = client.post(
        reverse("notes:settings"),
        {"action": "settings", "program": program_a.pk, "note_format": "SOAP", "late_entry_hours": 48},
    )
    assert response.status_code == 302
    assert program_a.note_settings.note_format == "SOAP"
    response = client.post(
        reverse("notes:settings"),
        {"action": "settings", "program": program_a.pk, "note_format": "XYZ", "late_entry_hours": 48},
    )
    assert response.status_code == 200 and "valid choice" in response.content.decode()
