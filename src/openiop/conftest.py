"""Shared personas and data for every app's tests.

Program A and program B belong to one organization. The personas are the people every view's access
test asks about: a care-team clinician of A, a clinician of B, front desk and billing of A, and others.
"""

import itertools
import os
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.accounts.models import ProgramMembership, User
from openiop.accounts.roles import Role
from openiop.accounts.testing import client_with_second_factor
from openiop.core.timezones import local_today
from openiop.episodes.codes import ReferralSource
from openiop.episodes.models import Episode, EpisodeStatus
from openiop.episodes.services import episode_admit
from openiop.episodes.testing import sign_consent_packet
from openiop.patients.services import patient_register
from openiop.programs.levels import level_of_care
from openiop.programs.models import ClinicalFocus, Organization, Population, Program, Track

_serial = itertools.count(1)
_session_clock = None


def pytest_configure(config):
    """OPENIOP_TEST_CLOCK=2027-12-05T15:00:00+00:00 runs the whole suite as if that were now (the clock
    still ticks). It proves the suite depends on no particular date: a test that pins its own clock must
    build its data under that pin too, never under the real one."""
    global _session_clock
    pinned = os.environ.get("OPENIOP_TEST_CLOCK")
    if pinned:
        _session_clock = time_machine.travel(datetime.fromisoformat(pinned), tick=True)
        _session_clock.start()


def pytest_unconfigure(config):
    if _session_clock is not None:
        _session_clock.stop()


def pytest_report_header(config):
    pinned = os.environ.get("OPENIOP_TEST_CLOCK")
    return f"clock pinned to {pinned} (OPENIOP_TEST_CLOCK)" if pinned else None
TEST_PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture
def organization(db):
    return Organization.objects.create(name="Test Health")


def _program(organization, name: str) -> Program:
    program = Program.objects.create(
        organization=organization,
        name=name,
        short_name=name,
        population=Population.ADULT,
        clinical_focus=ClinicalFocus.SUBSTANCE_USE,
        level_of_care_edition="asam3",
        level_of_care_code="2.1",
        time_zone="America/New_York",
    )
    Track.objects.create(program=program, name=f"{name} evening", time_of_day="evening")
    Track.objects.create(program=program, name=f"{name} morning", time_of_day="morning")
    return program


@pytest.fixture
def program_a(organization):
    return _program(organization, "Program A")


@pytest.fixture
def program_b(organization):
    return _program(organization, "Program B")


@pytest.fixture
def make_user(db):
    def make(role: str, programs=(), username: str | None = None, **fields) -> User:
        user = User(
            username=username or f"{role}-{next(_serial)}",
            role=role,
            first_name=role.title(),
            last_name=f"Tester{next(_serial)}",
            **fields,
        )
        user.set_password(TEST_PASSWORD)
        user.save()
        ProgramMembership.objects.bulk_create([ProgramMembership(user=user, program=p) for p in programs])
        return User.objects.get(pk=user.pk)  # fresh: program_ids is cached per instance

    return make


@pytest.fixture
def clinician_a(make_user, program_a):
    return make_user(Role.CLINICIAN, [program_a], username="clinician-a")


@pytest.fixture
def clinician_b(make_user, program_b):
    return make_user(Role.CLINICIAN, [program_b], username="clinician-b")


@pytest.fixture
def director_a(make_user, program_a):
    return make_user(Role.DIRECTOR, [program_a], username="director-a")


@pytest.fixture
def intake_a(make_user, program_a):
    return make_user(Role.INTAKE, [program_a], username="intake-a")


@pytest.fixture
def front_desk_a(make_user, program_a):
    return make_user(Role.FRONT_DESK, [program_a], username="frontdesk-a")


@pytest.fixture
def billing_a(make_user, program_a):
    return make_user(Role.BILLING, [program_a], username="billing-a")


@pytest.fixture
def privacy_officer(make_user):
    return make_user(Role.PRIVACY_OFFICER, [], username="privacy")


@pytest.fixture
def sysadmin(make_user):
    return make_user(Role.SYSADMIN, [], username="sysadmin")


@pytest.fixture
def director_b(make_user, program_b):
    return make_user(Role.DIRECTOR, [program_b], username="director-b")


@pytest.fixture
def nurse_a(make_user, program_a):
    return make_user(Role.NURSE, [program_a], username="nurse-a")


@pytest.fixture
def prescriber_a(make_user, program_a):
    return make_user(Role.PRESCRIBER, [program_a], username="prescriber-a")


@pytest.fixture
def peer_support_a(make_user, program_a):
    return make_user(Role.PEER_SUPPORT, [program_a], username="peer-a")


@pytest.fixture
def make_patient(db):
    """A patient with an episode in ``program``: active (admitted two weeks ago) unless status says otherwise.

    The patient has signed the program's consent-to-treat packet through the service (admission requires it),
    unless ``consent_packet=False`` leaves a planned or waitlisted episode without one."""

    def make(
        program,
        *,
        acting_user,
        clinician=None,
        status: str = EpisodeStatus.ACTIVE,
        consent_packet: bool = True,
        **demographics,
    ):
        n = next(_serial)
        fields = {
            "legal_first_name": f"Pat{n}",
            "legal_last_name": f"Example{n}",
            # A birth date of its own (adult, 26 to 76), so test patients never look like duplicates of each other.
            "date_of_birth": date(1950, 1, 1) + timedelta(days=n % 18000),
            "sex_assigned_at_birth": "female",
            **demographics,
        }
        track = program.tracks.first()
        patient, episode = patient_register(
            acting_user=acting_user,
            program=program,
            referral_source=ReferralSource.INDIVIDUAL,
            status=EpisodeStatus.WAITLIST if status == EpisodeStatus.WAITLIST else EpisodeStatus.PLANNED,
            track=track,
            **fields,
        )
        if consent_packet or status == EpisodeStatus.ACTIVE:
            # Admission needs the consent-to-treat packet: the patient signs it first, through the service.
            sign_consent_packet(episode, acting_user=acting_user)
        if status == EpisodeStatus.ACTIVE:
            episode = episode_admit(
                acting_user=acting_user,
                episode=episode,
                track=track,
                admitted_on=local_today(program.time_zone) - timedelta(days=14),
                level_of_care=level_of_care("asam3", "2.1"),
                primary_clinician=clinician or acting_user,
            )
        return patient, Episode.objects.get(pk=episode.pk)

    return make


@pytest.fixture
def patient_a(make_patient, program_a, clinician_a):
    return make_patient(program_a, acting_user=clinician_a, legal_first_name="Alma", legal_last_name="Quinlan")[0]


@pytest.fixture
def patient_b(make_patient, program_b, clinician_b):
    return make_patient(program_b, acting_user=clinician_b, legal_first_name="Bruno", legal_last_name="Vesely")[0]


def count_queries(client, url: str) -> int:
    """Queries one page takes, after a warm-up request has filled per-process caches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def signed_in(user) -> Client:
    """A client signed in as ``user`` with the second factor already passed."""
    return client_with_second_factor(user)


@pytest.fixture
def client_for():
    return signed_in


# ---- Real headless Chromium (Debian's package), driven by Playwright. Never `playwright install`. ----

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    import os

    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # While that loop runs, Django keeps this thread's database connections in a context-local store instead of
    # the thread-local one: close the thread's connections before the switch and the context's before the
    # switch back, or one stays open and PostgreSQL refuses to drop the test database at the end of the run.
    connections.close_all()
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    connections.close_all()
    playwright.stop()


@pytest.fixture(scope="session", autouse=True)
def _no_database_session_left_open(django_db_setup, django_db_blocker):
    """A connection left open by a test or fixture makes PostgreSQL refuse to drop the test database at the end
    of the run (a warning pytest-django only prints). After every test, and after the live server and the
    browser have stopped, no session but ours may still hold the test database."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        others = cursor.fetchone()[0]
    assert others == 0, f"{others} other database session(s) still hold the test database at the end of the run"


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    from pathlib import Path

    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / f"{request.node.name}.png"), full_page=True)
    context.close()


# Browser tests need committed data, so their tables are flushed afterwards, and a flush must delete audit
# rows; the append-only guard is lifted for it and put back before the next test that uses the database.
_audit_guard = {"lifted": False}


@pytest.fixture(autouse=True)
def _restore_audit_guard(request, django_db_blocker):
    if _audit_guard["lifted"] and {"db", "transactional_db"} & set(request.fixturenames):
        from django.db import connection

        from openiop.audit import append_only

        with django_db_blocker.unblock():
            append_only.install(connection)
        _audit_guard["lifted"] = False
    yield


@pytest.fixture
def live_app(transactional_db, live_server):
    """The live server's base URL, for browser tests."""
    yield live_server.url
    from django.db import connection

    from openiop.audit import append_only

    append_only.remove(connection)
    _audit_guard["lifted"] = True


def totp_now(user) -> str:
    from django_otp.oath import totp

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def browser_login(page, base_url: str, user, password: str = TEST_PASSWORD, next_path: str = "/") -> None:
    """Sign in through the real login and second-factor pages."""
    page.goto(f"{base_url}{next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        page.fill("#id_token", totp_now(user))
        page.click("main button[type=submit]")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate limits and cached reports never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def check_role_table_access(request, client, client_for, *, url, persona, personas, granted_roles, secrets):
    """One cell of a role-table access matrix: signed out → sign in; role not granted → 403; another
    program → 404; otherwise 200. A refusal writes one denied audit row and shows none of ``secrets``.
    ``personas`` maps a persona fixture name to (role, program letter)."""
    from openiop.audit.models import AuditEvent, Outcome

    if persona == "anonymous":
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        return
    user = request.getfixturevalue(persona)
    role, program = personas[persona]
    denied_before = AuditEvent.objects.filter(outcome=Outcome.DENIED).count()
    response = client_for(user).get(url)
    expected = 403 if role not in granted_roles else 404 if program != "a" else 200
    assert response.status_code == expected
    if expected != 200:
        assert AuditEvent.objects.filter(outcome=Outcome.DENIED).count() == denied_before + 1
        html = response.content.decode()
        assert not any(secret in html for secret in secrets)
