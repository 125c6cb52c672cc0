"""Recording a screen refuses bad input naming the field, and then saves nothing (no collection, no result,
no task)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openiop.screens.models import ScreenCollection, ScreenResult
from openiop.tasks.models import Task


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"specimen": "sweat"}, "specimen"),
        ({"method": "guess"}, "method"),
        ({"observed": None}, "observed"),
        ({"method": "confirmatory"}, "chain_of_custody_id"),
        ({"collected_at": timezone.now() + timedelta(days=1)}, "collected_at"),
        ({"results": {"unobtainium": "positive"}}, "results"),
        ({"results": {"fentanyl": "maybe"}}, "result_fentanyl"),
        ({"results": {"fentanyl": "not_tested"}}, "results"),
    ],
)
def test_it_refuses_bad_input_naming_the_field_and_saves_nothing(record_screen, overrides, field):
    results = overrides.pop("results", {"fentanyl": "positive"})
    with pytest.raises(ValidationError) as refused:
        record_screen(results, **overrides)
    assert field in refused.value.message_dict
    assert (ScreenCollection.objects.count(), ScreenResult.objects.count(), Task.objects.count()) == (0, 0, 0)


def test_only_a_nurse_clinician_director_or_prescriber_of_the_program_collects(
    record_screen, front_desk_a, make_user, program_b
):
    for collector in (front_desk_a, make_user("nurse", [program_b])):
        with pytest.raises(ValidationError) as refused:
            record_screen({"cocaine": "negative"}, collected_by=collector)
        assert "collected_by" in refused.value.message_dict
    assert ScreenCollection.objects.count() == 0


def test_a_confirmatory_test_is_recorded_with_its_chain_of_custody_id(record_screen):
    collection = record_screen({"fentanyl": "negative"}, method="confirmatory", chain_of_custody_id="COC-0042")
    assert collection.chain_of_custody_id == "COC-0042"
    assert list(collection.results.values_list("analyte", "result")) == [("fentanyl", "negative")]
