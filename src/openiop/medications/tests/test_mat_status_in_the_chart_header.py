"""The chart header says what MAT a patient is on and when the last dose was given, in one query."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from openiop.medications.selectors import mat_status_for_patients
from openiop.medications.services import mat_administration_record


def test_the_status_names_the_order_and_the_last_dose_given_as_a_local_date(
    nurse_a, bup_order, make_patient, program_a, clinician_a, today, django_assert_num_queries
):
    # 23:00 yesterday in New York is already today in UTC: the header must say yesterday's local date.
    yesterday = today - timedelta(days=1)
    given_at = datetime.combine(yesterday, time(23, 0), tzinfo=ZoneInfo(program_a.time_zone))
    assert given_at.astimezone(ZoneInfo("UTC")).date() == today
    mat_administration_record(
        acting_user=nurse_a,
        order=bup_order,
        given_at=given_at,
        outcome="given",
        given_by=nurse_a,
        dose_amount="16",
        dose_unit="mg",
        route="sublingual",
    )
    other, _ = make_patient(program_a, acting_user=clinician_a)
    with django_assert_num_queries(1):
        status = mat_status_for_patients([bup_order.patient_id, other.pk], user=clinician_a)
    assert status == {
        bup_order.patient_id: f"MAT: buprenorphine-naloxone 16 mg SL daily · last dose {yesterday:%Y-%m-%d}"
    }


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
