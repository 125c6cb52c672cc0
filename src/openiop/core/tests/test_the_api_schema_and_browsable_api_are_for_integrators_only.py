"""The OpenAPI schema describes every endpoint; only the staff who connect other systems read it: the system
administrator and the privacy officer, who registers outside systems and hands them the schema (capability
api.view_schema in accounts.roles). Everyone else, signed in or not, is refused (and a signed-in refusal is
audited). In production the API speaks JSON only: DRF's browsable HTML pages are off."""

import os
import subprocess
import sys

import pytest
from django.test import Client

from openiop.audit.models import AuditEvent, Outcome

SCHEMA = "/api/v1/schema/"


@pytest.mark.parametrize("persona", ["sysadmin", "privacy_officer"])
def test_the_integrators_read_the_schema(persona, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(SCHEMA)
    assert response.status_code == 200 and "/api/v1/disclosures/" in response.content.decode()


def test_the_schema_is_not_public(db):
    response = Client().get(SCHEMA)
    assert response.status_code in (401, 403) and "/api/v1/" not in response.content.decode()


@pytest.mark.parametrize("persona", ["clinician_a", "director_a", "front_desk_a", "billing_a"])
def test_other_staff_are_refused_the_schema_and_the_refusal_is_audited(persona, request, client_for):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(SCHEMA)
    assert response.status_code == 403 and "/api/v1/" not in response.content.decode()
    assert AuditEvent.objects.filter(user_id=user.pk, object_type="api_schema", outcome=Outcome.DENIED).exists()


def test_production_renders_the_api_as_json_only():
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "DATABASE_URL", "SECRET_KEY")}
    env.update(
        OPENIOP_ENV="production",
        SECRET_KEY="k7#Qp2!vZ9@mX4$wL8^rT1&yB6*uN3(eH5)aS0_dF-gJ=cV+" * 2,
        ALLOWED_HOSTS="iop.example.org",
        DATABASE_URL="postgres://openiop:secret@127.0.0.1:5432/openiop",
        DJANGO_SETTINGS_MODULE="openiop.settings",
    )
    code = (
        "from rest_framework.settings import api_settings as s; print([r.__name__ for r in s.DEFAULT_RENDERER_CLASSES])"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "['JSONRenderer']", result.stderr
