"""Property-based tests of the whole HTTP API from its own OpenAPI schema (schemathesis).

Whatever a client sends, the API answers without a server error, and a refusal is JSON that says why.
"""

import json

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings

from openiop.conftest import signed_in

schema = schemathesis.openapi.from_dict(json.loads(json.dumps(SchemaGenerator().get_schema(public=True), default=str)))


@pytest.fixture
def api_client(clinician_a, patient_a, patient_b):
    client = signed_in(clinician_a)
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_answers_with_a_server_error(case, api_client):
    kwargs = {"QUERY_STRING": "&".join(f"{k}={v}" for k, v in (case.query or {}).items())}
    if case.method.upper() in ("POST", "PUT", "PATCH"):
        raw = case.body if type(case.body).__name__ != "NotSet" else None
        body = raw if isinstance(raw, str | bytes) else json.dumps(raw)
        response = api_client.generic(
            case.method.upper(), case.formatted_path, body, content_type=case.media_type or "application/json", **kwargs
        )
    else:
        response = api_client.generic(case.method.upper(), case.formatted_path, **kwargs)
    assert response.status_code < 500, (case.method, case.formatted_path, case.body, response.content[:300])
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")
        assert json.loads(response.content), "a refusal says why"
