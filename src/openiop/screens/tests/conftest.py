from datetime import timedelta

import pytest
from django.utils import timezone

from openiop.episodes.models import Episode
from openiop.screens.services import screen_collection_record


@pytest.fixture
def episode_a(patient_a):
    return Episode.objects.select_related("program", "primary_clinician").get(patient=patient_a)


@pytest.fixture
def record_screen(nurse_a, patient_a, episode_a):
    """Record a presumptive urine cup for patient A, collected by nurse A an hour ago (overrides allowed)."""

    def record(results: dict, **overrides):
        fields = dict(
            acting_user=nurse_a,
            patient=patient_a,
            episode=episode_a,
            collected_at=timezone.now() - timedelta(hours=1),
            observed=True,
            specimen="urine",
            method="presumptive",
            collected_by=nurse_a,
            results=results,
        )
        fields.update(overrides)
        return screen_collection_record(**fields)

    return record
