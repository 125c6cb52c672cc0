"""The demo has a payer registered under the TPO consent; `openiop demo` prints its token and a request
that works, and the payer's earlier API disclosure is in that patient's accounting."""

import json
import shlex
from io import StringIO

from django.core.management import call_command
from django.test import Client

from openiop.consent.models import Disclosure
from openiop.demo.outside_parties import DEMO_PAYER, demo_api_token


def test_the_printed_token_and_request_take_a_record_from_the_demo(db):
    out = StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    token = demo_api_token()
    assert token in printed
    body = json.loads(shlex.split(printed.split(" -d ")[1].splitlines()[0])[0])
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/v1/disclosures/", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["meta"]["security"][0]["code"] == "42CFRPart2"
    api = Disclosure.objects.filter(method="api", recipient_name=DEMO_PAYER)
    assert api.count() == 2 and {d.patient.mrn for d in api} == {body["mrn"]}


def test_the_printed_request_goes_to_the_port_scripts_start_serves_on(db, monkeypatch):
    # `PORT=8123 bash scripts/start` serves on 8123; the request printed beside it must go there too.
    monkeypatch.setenv("PORT", "8123")
    out = StringIO()
    call_command("demo", stdout=out)
    assert "curl -X POST http://127.0.0.1:8123/api/v1/disclosures/ " in out.getvalue()
