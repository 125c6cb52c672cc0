"""The chart header says what MAT a patient is on and when the last dose was given, in one query."""

from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from openiop.medications.selectors import mat_status_for_patients
from openiop.medications.services import mat_administration_record


def test_the_status_names_the_order_and_the_last_dose_given_as_a_local_date(
    nurse_a, bup_order, make_patient, program_a, clinician_a, django_assert_num_queries
):
    with time_machine.travel(datetime(2026, 11, 21, 3, 30, tzinfo=UTC)):  # 22:30 on the 20th in New York
        mat_administration_record(
            acting_user=nurse_a,
            order=bup_order,
            given_at=datetime(2026, 11, 21, 3, 0, tzinfo=UTC),
            outcome="given",
            given_by=nurse_a,
            dose_amount="16",
            dose_unit="mg",
            route="sublingual",
        )
    other, _ = make_patient(program_a, acting_user=clinician_a)
    with django_assert_num_queries(1):
        status = mat_status_for_patients([bup_order.patient_id, other.pk])
    assert status == {bup_order.patient_id: "MAT: buprenorphine-naloxone 16 mg SL daily · last dose 2026-11-20"}


def test_the_header_shows_it_on_every_chart_tab_for_roles_that_see_medications(client_for, clinician_a, bup_order):
    for url in (
        reverse("patients:chart", args=[bup_order.patient_id]),
        reverse("schedule:chart", args=[bup_order.patient_id]),
        reverse("medications:chart", args=[bup_order.patient_id]),
    ):
        html = client_for(clinician_a).get(url).content.decode()
        assert "MAT: buprenorphine-naloxone 16 mg SL daily" in html


def test_a_patient_without_an_active_order_shows_a_dash(client_for, clinician_a, patient_a):
    html = client_for(clinician_a).get(reverse("patients:chart", args=[patient_a.pk])).content.decode()
    assert "<dt>Medication-assisted treatment</dt><dd>—</dd>" in html
