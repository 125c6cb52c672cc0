"""The Medications tab: current list, MAT orders, the administration log, history; forms that re-render
with the user's input when refused."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from openiop.audit.models import AuditEvent
from openiop.conftest import count_queries
from openiop.medications.models import MatAdministration, Medication
from openiop.medications.services import mat_administration_record, medication_add, medication_stop


def _meds(clinician, patient, episode, n):
    return [
        medication_add(
            acting_user=clinician,
            patient=patient,
            episode=episode,
            name=f"Medication {i}",
            dose_amount="10",
            dose_unit="mg",
            route="oral",
            frequency="daily",
            source="patient_reported",
            started_on=episode.admitted_on,
        )
        for i in range(n)
    ]


def _doses(nurse, order, n):
    for i in range(n):
        mat_administration_record(
            acting_user=nurse,
            order=order,
            given_at=timezone.now() - timedelta(hours=i * 6, minutes=5),
            outcome="given",
            given_by=nurse,
            dose_amount="16",
            dose_unit="mg",
            route="sublingual",
        )


def test_the_tab_shows_current_and_stopped_medications_the_order_and_the_log(
    client_for, clinician_a, nurse_a, patient_a, episode_a, bup_order, today
):
    current, stopped = _meds(clinician_a, patient_a, episode_a, 2)
    medication_stop(acting_user=clinician_a, medication=stopped, stopped_on=today, reason="Course completed")
    _doses(nurse_a, bup_order, 1)
    response = client_for(clinician_a).get(reverse("medications:chart", args=[patient_a.pk]))
    assert response.status_code == 200
    assert response.context["current"] == [current] and response.context["history"] == [stopped]
    html = response.content.decode()
    assert "Course completed" in html and "buprenorphine-naloxone 16 mg SL daily" in html
    assert 'aria-current="page">Medications</a>' in html
    assert AuditEvent.objects.filter(object_type="chart", object_id="medications", patient_id=patient_a.pk).exists()


def test_the_log_shows_the_latest_20_doses(client_for, nurse_a, patient_a, bup_order):
    _doses(nurse_a, bup_order, 22)
    response = client_for(nurse_a).get(reverse("medications:chart", args=[patient_a.pk]))
    assert len(response.context["administrations"]) == 20


def test_the_tab_takes_the_same_queries_for_3_or_15_of_everything(
    client_for, clinician_a, nurse_a, patient_a, episode_a, bup_order
):
    url = reverse("medications:chart", args=[patient_a.pk])
    client = client_for(clinician_a)
    _meds(clinician_a, patient_a, episode_a, 3)
    _doses(nurse_a, bup_order, 3)
    small = count_queries(client, url)
    _meds(clinician_a, patient_a, episode_a, 12)
    _doses(nurse_a, bup_order, 12)
    assert count_queries(client, url) == small


def test_a_refused_medication_keeps_what_was_typed_and_names_the_field(client_for, clinician_a, patient_a, today):
    response = client_for(clinician_a).post(
        reverse("medications:add", args=[patient_a.pk]),
        {
            "name": "Lisinopril",
            "dose_amount": "10",
            "dose_unit": "mg",
            "route": "oral",
            "frequency": "daily",
            "source": "outside_prescriber",
            "outside_prescriber_name": "",
            "started_on": today.isoformat(),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Name the outside prescriber" in html and 'value="Lisinopril"' in html
    assert Medication.objects.count() == 0


def test_a_nurse_records_a_dose_through_the_form(client_for, nurse_a, patient_a, bup_order, program_a):
    from zoneinfo import ZoneInfo

    local = timezone.localtime(timezone.now() - timedelta(minutes=10), ZoneInfo(program_a.time_zone))
    response = client_for(nurse_a).post(
        reverse("medications:administer", args=[patient_a.pk]),
        {
            "order": bup_order.pk,
            "given_at": local.strftime("%Y-%m-%dT%H:%M"),
            "outcome": "given",
            "dose_amount": "16",
            "dose_unit": "mg",
            "route": "sublingual",
            "given_by": nurse_a.pk,
            "observed": "yes",
        },
    )
    assert response.status_code == 302
    given = MatAdministration.objects.get()
    assert abs(given.given_at - local) < timedelta(minutes=1)
