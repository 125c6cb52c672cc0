import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from openiop.audit.services import audit_verify
from openiop.demo.seed import seed
from openiop.episodes.models import Episode
from openiop.measures.models import MeasureResponse
from openiop.patients.models import Patient


def test_seed_creates_the_asked_numbers_of_programs_and_patients(db):
    summary = seed(programs=3, patients=120, weeks=4, seed=11, progress=False)
    assert (summary["programs"], summary["patients"]) == (3, 120)
    assert Patient.objects.count() == 120
    assert Episode.objects.count() == 120
    assert sum(summary["episodes_by_state"].values()) == 120
    assert audit_verify().ok


class _Rollback(Exception):
    pass


def _seeded_rows():
    seed(programs=2, patients=25, weeks=2, seed=5, progress=False)
    patients = list(Patient.objects.order_by("pk").values_list("mrn", "legal_last_name"))
    totals = list(MeasureResponse.objects.order_by("pk").values_list("instrument", "total"))
    return patients, totals


def test_seed_is_deterministic_for_a_seed(db):
    # Seed, remember, roll back to an empty database, seed again: the same rows come out.
    try:
        with transaction.atomic():
            first = _seeded_rows()
            raise _Rollback
    except _Rollback:
        pass
    assert Patient.objects.count() == 0
    assert _seeded_rows() == first
    assert first[1], "the seed adds measure results"


def test_seed_refuses_the_same_seed_twice(db):
    seed(programs=1, patients=1, weeks=1, seed=3, progress=False)
    with pytest.raises(ValidationError, match="already holds seed 3"):
        seed(programs=1, patients=1, weeks=1, seed=3, progress=False)
