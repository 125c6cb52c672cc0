import os
import subprocess
import sys


def test_outside_the_test_profile_passwords_are_hashed_with_argon2():
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTEST_VERSION", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env["OPENIOP_ENV"] = "development"
    code = "from django.contrib.auth.hashers import make_password; print(make_password('a long pass phrase'))"
    result = subprocess.run(
        [sys.executable, "-m", "openiop.cli", "shell", "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("argon2$argon2id$")
