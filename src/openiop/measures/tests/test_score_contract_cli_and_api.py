"""The scoring contract over the command line and HTTP, checked on every published case."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from openiop.conftest import signed_in

from .test_published_cases import CASES, _case_ids


def _expected(case) -> dict:
    expected = {
        "instrument": case["instrument"],
        "total": case["expected_total"],
        "band": case["expected_band"],
        "flags": sorted(case["flags"]),
    }
    if "expected_subscores" in case:
        expected["subscores"] = case["expected_subscores"]
    return expected


def _comparable(output: dict, case) -> dict:
    result = {**output, "flags": sorted(output["flags"])}
    if "expected_subscores" not in case:
        result.pop("subscores")
    return result


@pytest.mark.parametrize("case", CASES, ids=_case_ids(CASES))
def test_the_score_command_prints_the_published_result(case):
    out = StringIO()
    args = ["score", case["instrument"], "--answers", json.dumps(case["answers"])]
    if case.get("context"):
        args += ["--context", json.dumps(case["context"])]
    call_command(*args, stdout=out)
    assert _comparable(json.loads(out.getvalue()), case) == _expected(case)


@pytest.mark.parametrize("case", CASES, ids=_case_ids(CASES))
def test_the_score_api_returns_the_published_result(case, clinician_a):
    response = signed_in(clinician_a).post(
        "/api/v1/measures/score",
        {"instrument": case["instrument"], "answers": case["answers"], "context": case.get("context")},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert _comparable(response.json(), case) == _expected(case)


@pytest.mark.parametrize(
    ("instrument", "answers", "message"),
    [
        ("AUDIT", [0, 0, 0, 0, 0, 0, 0, 0, 1, 0], "AUDIT item 9: 1 is not allowed; allowed values are 0, 2, 4"),
        ("COWS", [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "allowed values are 0, 1, 2, 4"),
        ("PHQ-9", [0, 0, 0], "PHQ-9 expects 9 answers, got 3"),
        ("PHQ-10", [0], "Unknown instrument"),
    ],
)
def test_the_console_command_exits_2_and_names_the_item_on_bad_answers(instrument, answers, message):
    result = subprocess.run(
        [sys.executable, "-m", "openiop.cli", "score", instrument, "--answers", json.dumps(answers)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_the_api_answers_400_with_the_same_message(clinician_a):
    response = signed_in(clinician_a).post(
        "/api/v1/measures/score",
        {"instrument": "AUDIT", "answers": [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "AUDIT item 9: 1 is not allowed; allowed values are 0, 2, 4"


def test_the_api_refuses_anonymous_callers(client, db):
    response = client.post(
        "/api/v1/measures/score", {"instrument": "PHQ-2", "answers": [0, 0]}, content_type="application/json"
    )
    assert response.status_code == 403


def test_the_console_command_rejects_malformed_json():
    result = subprocess.run(
        [sys.executable, "-m", "openiop.cli", "score", "PHQ-2", "--answers", "[0,"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--answers is not valid JSON" in result.stderr
