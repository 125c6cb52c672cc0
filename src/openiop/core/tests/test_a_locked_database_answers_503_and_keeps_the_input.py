"""When SQLite is locked by another writer, the request is answered quickly with 503 and Retry-After instead
of a 500 after 20 s: the page says nothing was saved and offers the typed answers back to submit again (the
API says so in JSON). The lock here is real: a second connection holds a write transaction."""

import html
import json
import re
import sqlite3
import time
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from openiop import conftest
from openiop.audit import append_only
from openiop.intake import spam
from openiop.intake.models import Inquiry

# A whole-database write lock is SQLite's (the embedded default): these run in the suite's SQLite pass.
# PostgreSQL locks rows, and a writer there waits for the row rather than finding the database locked.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's database lock; checked in the SQLite pass of the same run"
)


@pytest.fixture
def committed(transactional_db):
    """Committed data (a second connection must see it); flushed afterwards as live_app does."""
    yield
    append_only.remove(connection)
    conftest._audit_guard["lifted"] = True


@contextmanager
def another_writer_holds_the_lock(table: str):
    other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, isolation_level=None, timeout=0.1)
    other.execute("BEGIN IMMEDIATE")
    other.execute(f"UPDATE {table} SET id = id WHERE id = -1")  # noqa: S608 - a table name from the test
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _help_form(program):
    return {
        "program": program.pk,
        "first_name": "Jordan <Unique>",
        "phone": "",
        "email": "jordan.unique@example.com",
        "concern": "mental_health",
        "preferred_times": "morning",
        "consent_to_contact": "on",
        "website": "",
        "started": spam.form_token(time.time() - 30),
    }


def test_a_form_sent_while_the_database_is_locked_gets_a_503_that_offers_the_answers_back(committed, program_a):
    with another_writer_holds_the_lock("intake_inquiry"):
        response = Client().post("/help/", _help_form(program_a))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "was not saved" in page
    # The answers come back in a form that posts them again to the same page (escaped, never as markup).
    assert 'action="/help/"' in page and 'name="csrfmiddlewaretoken"' in page
    assert 'name="email" value="jordan.unique@example.com"' in page
    assert 'value="Jordan &lt;Unique&gt;"' in page
    assert not Inquiry.objects.exists()


def _hidden_fields(page: str) -> list[tuple[str, str]]:
    return [
        (html.unescape(name), html.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', page)
    ]


def test_send_again_posts_the_same_answers_and_they_are_saved_once_the_lock_is_gone(committed, program_a):
    client = Client(enforce_csrf_checks=True)
    form_page = client.get("/help/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
    with another_writer_holds_the_lock("intake_inquiry"):
        busy = client.post("/help/", {**_help_form(program_a), "csrfmiddlewaretoken": token})
    assert busy.status_code == 503
    fields = _hidden_fields(busy.content.decode())
    response = client.post("/help/", urlencode(fields), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.first_name, inquiry.email) == ("Jordan <Unique>", "jordan.unique@example.com")


def test_a_password_is_never_echoed_back(committed, clinician_a):
    with another_writer_holds_the_lock("accounts_user"):
        client = Client()
        response = client.post("/accounts/login/", {"username": clinician_a.username, "password": "secret-typed-pw"})
    assert response.status_code == 503
    assert "secret-typed-pw" not in response.content.decode()


def test_the_api_answers_503_in_json(committed, clinician_a, client_for):
    client = client_for(clinician_a)
    with another_writer_holds_the_lock("accounts_user"):
        client.raise_request_exception = False  # met in a middleware: answered by handler500, as in production
        response = client.get("/api/v1/patients/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "try again" in json.loads(response.content)["detail"].lower()


def test_sqlite_waits_at_most_a_few_seconds_for_a_lock():
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert settings.DATABASES["default"]["OPTIONS"]["timeout"] <= 5
