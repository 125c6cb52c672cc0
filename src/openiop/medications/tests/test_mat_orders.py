"""MAT orders: a prescriber of the program orders a catalogued medication; methadone needs its programme."""

import pytest
from django.core.exceptions import ValidationError

from openiop.medications.models import MatOrder
from openiop.medications.services import mat_order_create, mat_order_stop


@pytest.fixture(autouse=True)
def _allergies_recorded(allergies_a):
    """Every order here is for patient A, whose allergies are recorded."""


def _order(user, patient, episode, **overrides):
    fields = dict(
        medication="buprenorphine_naloxone_sl",
        dose_amount="16",
        dose_unit="mg",
        route="sublingual",
        frequency="daily",
        indication="oud",
        prescriber=user,
        started_on=episode.admitted_on,
    )
    fields.update(overrides)
    return mat_order_create(acting_user=user, patient=patient, episode=episode, **fields)


def test_a_prescriber_orders_buprenorphine_naloxone_and_the_summary_reads_like_a_chart(
    prescriber_a, patient_a, episode_a
):
    order = _order(prescriber_a, patient_a, episode_a)
    assert order.summary == "buprenorphine-naloxone 16 mg SL daily"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"medication": "heroin"}, "medication"),
        ({"dose_amount": "0"}, "dose_amount"),
        ({"dose_unit": "tablet"}, "dose_unit"),
        ({"route": "oral"}, "route"),
        ({"frequency": "hourly"}, "frequency"),
        ({"indication": "aud"}, "indication"),  # buprenorphine is for OUD
        ({"medication": "methadone", "route": "oral"}, "otp_name"),
        ({"otp_name": "Riverside OTP"}, "otp_name"),  # programme details are for methadone only
    ],
)
def test_it_refuses_bad_orders_naming_the_field_and_saves_nothing(prescriber_a, patient_a, episode_a, overrides, field):
    with pytest.raises(ValidationError) as refused:
        _order(prescriber_a, patient_a, episode_a, **overrides)
    assert field in refused.value.message_dict
    assert MatOrder.objects.count() == 0


def test_the_prescriber_must_have_the_prescriber_role_in_the_patients_program(
    prescriber_a, nurse_a, make_user, program_b, patient_a, episode_a
):
    other_program_prescriber = make_user("prescriber", [program_b])
    for prescriber in (nurse_a, other_program_prescriber):
        with pytest.raises(ValidationError) as refused:
            _order(prescriber_a, patient_a, episode_a, prescriber=prescriber)
        assert "prescriber" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _order(nurse_a, patient_a, episode_a, prescriber=prescriber_a)
    assert "Only a prescriber" in refused.value.message_dict["prescriber"][0]
    assert MatOrder.objects.count() == 0


def test_a_methadone_order_records_its_treatment_program_and_take_homes(prescriber_a, patient_a, episode_a):
    common = dict(medication="methadone", route="oral", dose_amount="80", otp_name="Riverside OTP")
    with pytest.raises(ValidationError) as refused:
        _order(prescriber_a, patient_a, episode_a, **common, dispensing_schedule="Daily", take_homes_allowed=True)
    assert "take_home_doses" in refused.value.message_dict
    order = _order(
        prescriber_a,
        patient_a,
        episode_a,
        **common,
        dispensing_schedule="Daily observed, Sunday take-home",
        take_homes_allowed=True,
        take_home_doses=1,
    )
    assert (order.otp_name, order.take_homes_allowed, order.take_home_doses) == ("Riverside OTP", True, 1)


def test_a_second_active_order_for_the_same_medication_is_refused_until_the_first_is_stopped(
    prescriber_a, patient_a, episode_a, today
):
    first = _order(prescriber_a, patient_a, episode_a)
    with pytest.raises(ValidationError) as refused:
        _order(prescriber_a, patient_a, episode_a)
    assert "already an active" in refused.value.message_dict["medication"][0]
    mat_order_stop(acting_user=prescriber_a, order=first, stopped_on=today, reason="Dose change")
    _order(prescriber_a, patient_a, episode_a, dose_amount="12")
    assert MatOrder.objects.filter(patient=patient_a).count() == 2
