from datetime import timedelta

import pytest

from openiop.core.timezones import local_today
from openiop.episodes.models import Episode
from openiop.medications.services import allergy_record_none, mat_order_create


@pytest.fixture
def episode_a(patient_a):
    return Episode.objects.select_related("program").get(patient=patient_a)


@pytest.fixture
def today(program_a):
    return local_today(program_a.time_zone)


@pytest.fixture
def allergies_a(nurse_a, patient_a):
    """Patient A's allergies are recorded (no known allergies), as they must be before any MAT order."""
    return allergy_record_none(acting_user=nurse_a, patient=patient_a)


@pytest.fixture
def bup_order(prescriber_a, patient_a, episode_a, today, allergies_a):
    """Buprenorphine-naloxone 16 mg SL daily, started a week ago."""
    return mat_order_create(
        acting_user=prescriber_a,
        patient=patient_a,
        episode=episode_a,
        medication="buprenorphine_naloxone_sl",
        dose_amount="16",
        dose_unit="mg",
        route="sublingual",
        frequency="daily",
        indication="oud",
        prescriber=prescriber_a,
        started_on=today - timedelta(days=7),
    )
