"""ScoreResult.as_dict() is the stable, JSON-ready contract other layers store and render."""

from __future__ import annotations

import dataclasses
import json

import pytest

from openiop.measures.instruments import INSTRUMENTS, get_instrument, score
from openiop.measures.instruments.base import ScoringError


def test_as_dict_has_exactly_the_five_public_keys_and_survives_json():
    result = score("PCL-5", [4] * 20)
    payload = result.as_dict()
    assert set(payload) == {"instrument", "total", "band", "flags", "subscores"}
    assert json.loads(json.dumps(payload)) == payload
    assert payload["flags"] == ["dsm5_provisional_rule_met"]
    assert payload["subscores"] == {"B": 20, "C": 8, "D": 28, "E": 24}


def test_the_result_records_which_scheme_and_version_produced_the_band():
    result = score("CIWA-Ar", [0] * 10, scheme="pmc_table")
    assert (result.scheme, result.scheme_version) == ("pmc_table", "1")


def test_a_result_cannot_be_changed_after_scoring():
    result = score("SCOFF", ["yes", "yes", "no", "no", "no"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.band = "negative"


def test_instruments_without_a_total_report_null_total_and_no_scheme():
    bam = {str(number): 1 for number in range(1, 18)} | {"7": None}
    result = score("BAM", bam)
    assert (result.total, result.band, result.scheme) == (None, None, None)
    assert result.subscores == {"use": 3, "risk": 6, "protective": 6}


def test_the_registry_holds_the_thirteen_instruments_by_published_name():
    assert sorted(INSTRUMENTS) == sorted(
        [
            "PHQ-9", "PHQ-2", "GAD-7", "GAD-2", "AUDIT", "AUDIT-C", "DAST-10",
            "PCL-5", "C-SSRS-Screener", "CIWA-Ar", "COWS", "BAM", "SCOFF",
        ]
    )  # fmt: skip


def test_get_instrument_refuses_an_unknown_name():
    with pytest.raises(ScoringError, match="known instruments are"):
        get_instrument("PHQ9")
