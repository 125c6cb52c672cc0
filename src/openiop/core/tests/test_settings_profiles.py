import os
import subprocess
import sys

import pytest

CLEARED = ("PYTEST_VERSION", "DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
STRONG_KEY = "k7#Qp2!vZ9@mX4$wL8^rT1&yB6*uN3(eH5)aS0_dF-gJ=cV+" * 2


def _run(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    # A clean process environment: the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak in.
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "openiop.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


PRODUCTION = {
    "OPENIOP_ENV": "production",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "iop.example.org",
    "DATABASE_URL": "postgres://openiop:secret@127.0.0.1:5432/openiop",
}


def test_deploy_check_passes_with_production_settings():
    result = _run(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set in production"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is too weak"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list the real host names"),
        ({"OPENIOP_DEBUG": "true"}, "OPENIOP_DEBUG must be off in production"),
        ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "production runs on PostgreSQL"),
    ],
)
def test_production_refuses_to_start_with_unsafe_values(override, message):
    result = _run({**PRODUCTION, **override}, "check")
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OPENIOP_ENV", "staging", "OPENIOP_ENV='staging' is not allowed"),
        ("OPENIOP_IDLE_TIMEOUT_MINUTES", "soon", "is not a whole number"),
        ("OPENIOP_IDLE_TIMEOUT_MINUTES", "0", "out of range"),
        ("OPENIOP_MFA_REQUIRED", "maybe", "is not a boolean"),
    ],
)
def test_bad_setting_values_fail_loudly(name, value, message):
    result = _run({name: value}, "check")
    assert result.returncode != 0
    assert message in result.stderr
