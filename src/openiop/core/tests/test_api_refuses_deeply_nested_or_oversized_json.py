"""The API parses JSON through one parser (core.parsers.BoundedJSONParser) that refuses, with a 400 saying
why, a body nested deeper than API_JSON_MAX_DEPTH or larger than API_JSON_MAX_BYTES, instead of a
RecursionError (a 500) or reading an unbounded body into memory."""

import json

from django.urls import reverse

from openiop.core.parsers import API_JSON_MAX_BYTES, API_JSON_MAX_DEPTH


def _post(client, body: str | bytes):
    return client.post(reverse("api-score"), body, content_type="application/json")


def test_json_nested_5000_deep_is_refused_with_a_clear_400(clinician_a, client_for):
    response = _post(client_for(clinician_a), "[" * 5000 + "]" * 5000)
    assert response.status_code == 400
    assert f"nested deeper than {API_JSON_MAX_DEPTH}" in response.json()["detail"]


def test_objects_nested_5000_deep_are_refused_too(clinician_a, client_for):
    response = _post(client_for(clinician_a), '{"a":' * 5000 + "1" + "}" * 5000)
    assert response.status_code == 400 and "nested deeper" in response.json()["detail"]


def test_brackets_inside_strings_do_not_count_as_nesting(clinician_a, client_for):
    answers = [0, 1, 2, 3, 0, 1, 2, 3, 0]
    body = json.dumps({"instrument": "PHQ-9", "answers": answers, "note": "[" * 200 + '"\\"{' + "{" * 200})
    response = _post(client_for(clinician_a), body)
    assert response.status_code == 200 and response.json()["total"] == 12


def test_a_body_over_the_size_limit_is_refused_with_a_clear_400(clinician_a, client_for):
    padding = "x" * API_JSON_MAX_BYTES
    response = _post(client_for(clinician_a), json.dumps({"instrument": "PHQ-9", "answers": [], "pad": padding}))
    assert response.status_code == 400
    assert "larger than" in response.json()["detail"]


def test_an_ordinary_request_is_still_scored(clinician_a, client_for):
    body = json.dumps({"instrument": "PHQ-9", "answers": [0, 1, 2, 3, 0, 1, 2, 3, 0]})
    response = _post(client_for(clinician_a), body)
    assert response.status_code == 200 and response.json()["total"] == 12
