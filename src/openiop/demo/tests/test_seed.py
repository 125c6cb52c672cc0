import pytest
from django.core.exceptions import ValidationError

from openiop.audit.services import audit_verify
from openiop.demo.seed import seed
from openiop.episodes.models import Episode
from openiop.patients.models import Patient


def test_seed_creates_the_asked_numbers_of_programs_and_patients(db):
    summary = seed(programs=3, patients=120, weeks=4, seed=11, progress=False)
    assert (summary["programs"], summary["patients"]) == (3, 120)
    assert Patient.objects.count() == 120
    assert Episode.objects.count() == 120
    assert sum(summary["episodes_by_state"].values()) == 120
    assert audit_verify().ok


def test_seed_is_deterministic_for_a_seed(db):
    seed(programs=2, patients=25, weeks=2, seed=5, progress=False)
    first = list(Patient.objects.order_by("pk").values_list("mrn", "legal_last_name"))
    Episode.objects.all().delete()
    Patient.objects.all().delete()
    from openiop.programs.models import Organization

    Organization.objects.filter(name__startswith="Seed").update(name="renamed")
    seed(programs=2, patients=25, weeks=2, seed=5, progress=False)
    assert list(Patient.objects.order_by("pk").values_list("mrn", "legal_last_name")) == first


def test_seed_refuses_the_same_seed_twice(db):
    seed(programs=1, patients=1, weeks=1, seed=3, progress=False)
    with pytest.raises(ValidationError, match="already holds seed 3"):
        seed(programs=1, patients=1, weeks=1, seed=3, progress=False)
