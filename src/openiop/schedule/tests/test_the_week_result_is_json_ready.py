"""``as_dict()`` gives the stable JSON shape the schedule pages and API will render."""

import dataclasses
import json

import pytest

from . import day, session, week


def test_the_week_and_its_checks_survive_a_json_round_trip():
    result = week([session(day(0)), session(day(2))], payer_codes=["h0015"])
    data = json.loads(json.dumps(result.as_dict()))
    assert data["week_start"] == "2026-02-02"
    assert data["attended_minutes_by_day"]["2026-02-04"] == 180
    assert [c["code"] for c in data["checks"]] == ["asam3_2.1_adult", "h0015"]
    assert data["checks"][1]["billable_days"] == ["2026-02-02", "2026-02-04"]
    assert data["checks"][1]["qualifies"] is False
    assert "billable_days" not in data["checks"][0]


def test_the_result_is_frozen():
    result = week([session(day(0))])
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.attended_minutes = 999
