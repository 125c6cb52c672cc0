"""The notes lists cost the same number of queries for 5 rows as for 25."""

from django.urls import reverse

from openiop.conftest import count_queries
from openiop.notes.services import progress_note_start


def _notes(make_appointment, clinician_a, patient_episode, count, offset):
    for n in range(count):
        session, episode = make_appointment(hours_ago=3 * (n + offset) + 2, episode=patient_episode)
        progress_note_start(acting_user=clinician_a, session=session, episode=episode)


def test_the_chart_tab_does_a_constant_number_of_queries(
    make_appointment, make_patient, program_a, clinician_a, client_for
):
    patient, episode = make_patient(program_a, acting_user=clinician_a)
    client = client_for(clinician_a)
    url = reverse("notes:chart", args=[patient.pk])
    _notes(make_appointment, clinician_a, episode, 5, 0)
    few = count_queries(client, url)
    _notes(make_appointment, clinician_a, episode, 20, 5)
    assert count_queries(client, url) == few


def test_notes_to_write_does_a_constant_number_of_queries(
    make_appointment, make_group_session, clinician_a, client_for
):
    client = client_for(clinician_a)
    url = reverse("notes:to_write")
    for n in range(5):
        session, episode = make_appointment(hours_ago=3 * n + 2)
        if n % 2:
            progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    make_group_session(2)
    few = count_queries(client, url)
    for n in range(20):
        session, episode = make_appointment(hours_ago=3 * (n + 5) + 2)
        if n % 2:
            progress_note_start(acting_user=clinician_a, session=session, episode=episode)
    assert count_queries(client, url) == few
