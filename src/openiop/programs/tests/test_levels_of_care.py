import pytest
from django.core.exceptions import ValidationError

from openiop.programs.levels import level_of_care, parse_level_choice


def test_2_5_means_different_levels_in_the_3rd_and_4th_editions():
    assert level_of_care("asam3", "2.5").name == "Partial Hospitalization"
    assert level_of_care("asam4", "2.5").name == "High-Intensity Outpatient (HIOP)"


def test_a_bare_code_without_edition_is_refused():
    with pytest.raises(ValidationError, match="needs its edition, e.g. asam3:2.5 or asam4:2.5"):
        parse_level_choice("2.5")


def test_a_code_missing_from_the_edition_is_refused_naming_the_allowed_codes():
    with pytest.raises(ValidationError) as excinfo:
        level_of_care("asam4", "3.3")
    assert "1.0, 1.5, 1.7, 2.1, 2.5, 2.7" in str(excinfo.value)
