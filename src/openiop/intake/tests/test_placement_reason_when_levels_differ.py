"""ASAM placement: six dimensions of the chosen edition rated 0-4, a recommended level chosen by the clinician
and an actual level, with a reason whenever they differ. Levels are stored as (edition, code)."""

import pytest
from django.core.exceptions import ValidationError

from openiop.intake import services
from openiop.intake.asam import DIMENSION_SETS
from openiop.intake.models import Placement
from openiop.programs.levels import level_of_care

pytestmark = pytest.mark.django_db

RATINGS = {f"d{n}": {"rating": 1, "note": ""} for n in range(1, 7)}


def _record(clinician_a, patient_a, program_a, **overrides):
    arguments = {
        "edition": "asam3",
        "ratings": RATINGS,
        "recommended_level": level_of_care("asam3", "2.5"),
        "actual_level": level_of_care("asam3", "2.5"),
    } | overrides
    return services.placement_record(acting_user=clinician_a, patient=patient_a, program=program_a, **arguments)


def test_each_edition_has_six_dimensions_with_a_source_and_confidence():
    for dimension_set in DIMENSION_SETS.values():
        assert [d.number for d in dimension_set.dimensions] == [1, 2, 3, 4, 5, 6]
        assert "clinical-standards.md §2" in dimension_set.source and dimension_set.confidence in {"C", "S", "U"}
    assert DIMENSION_SETS["asam3"].dimensions[3].name == "Readiness to Change"
    assert DIMENSION_SETS["asam4"].dimensions[5].name == "Person-Centered Considerations"


def test_a_placement_stores_levels_with_their_edition(clinician_a, patient_a, program_a):
    placement = _record(clinician_a, patient_a, program_a)
    assert (placement.recommended_edition, placement.recommended_code) == ("asam3", "2.5")
    assert placement.recommended_level.name == "Partial Hospitalization"


def test_a_different_actual_level_needs_a_reason(clinician_a, patient_a, program_a):
    with pytest.raises(ValidationError) as refused:
        _record(clinician_a, patient_a, program_a, actual_level=level_of_care("asam3", "2.1"))
    assert "patient_preference" in refused.value.message_dict["difference_reason"][0]
    assert Placement.objects.count() == 0


def test_other_needs_a_note(clinician_a, patient_a, program_a):
    with pytest.raises(ValidationError) as refused:
        _record(
            clinician_a, patient_a, program_a, actual_level=level_of_care("asam3", "2.1"), difference_reason="other"
        )
    assert "difference_note" in refused.value.message_dict


def test_with_a_reason_the_difference_is_recorded(clinician_a, patient_a, program_a):
    placement = _record(
        clinician_a, patient_a, program_a, actual_level=level_of_care("asam3", "2.1"), difference_reason="payer"
    )
    assert placement.levels_differ and placement.difference_reason == "payer"


def test_a_reason_without_a_difference_is_refused(clinician_a, patient_a, program_a):
    with pytest.raises(ValidationError) as refused:
        _record(clinician_a, patient_a, program_a, difference_reason="payer")
    assert "difference_reason" in refused.value.message_dict


@pytest.mark.parametrize("rating", [5, -1, None, "2", True])
def test_a_rating_outside_0_to_4_is_refused_naming_the_dimension(clinician_a, patient_a, program_a, rating):
    ratings = RATINGS | {"d3": {"rating": rating}}
    with pytest.raises(ValidationError) as refused:
        _record(clinician_a, patient_a, program_a, ratings=ratings)
    assert (
        "Dimension 3" in refused.value.message_dict["d3_rating"][0]
        and "0-4" in refused.value.message_dict["d3_rating"][0]
    )
    assert Placement.objects.count() == 0


def test_a_level_of_another_edition_is_refused(clinician_a, patient_a, program_a):
    with pytest.raises(ValidationError) as refused:
        _record(clinician_a, patient_a, program_a, recommended_level=level_of_care("asam4", "2.5"))
    assert "recommended_level" in refused.value.message_dict


def test_the_4th_edition_form_shows_its_own_dimensions(client_for, clinician_a, patient_a):
    page = client_for(clinician_a).get(f"/patients/{patient_a.pk}/intake/placement/new/?edition=asam4").content.decode()
    assert "Dimension 6: Person-Centered Considerations" in page and "Dimension 4: Readiness to Change" not in page
    assert "High-Intensity Outpatient (HIOP)" in page and "Partial Hospitalization" not in page
