"""One env-driven settings module.

OPENIOP_ENV chooses the profile: ``development`` (default; DEBUG on, SQLite file in ./var, a generated
secret key kept on disk), ``test`` (used by the test suite) or ``production`` (refuses to start with
unsafe values). DATABASE_URL chooses the database in every profile.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parents[1]
env = environ.Env()

PROFILES = ("development", "test", "production")


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env.str(name, default=default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not allowed; use one of {', '.join(choices)}")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = env.str(name, default="").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true/false")


def env_int(name: str, default: int, minimum: int, maximum: int) -> int:
    raw = env.str(name, default=str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name}={value} is out of range {minimum}..{maximum}")
    return value


# pytest (8.2+) sets PYTEST_VERSION, so the suite runs on the test profile without extra set-up.
PROFILE = env_choice("OPENIOP_ENV", "test" if "PYTEST_VERSION" in os.environ else "development", PROFILES)
PRODUCTION = PROFILE == "production"
DEBUG = env_bool("OPENIOP_DEBUG", default=PROFILE == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("OPENIOP_DEBUG must be off in production")

DATA_DIR = Path(env.str("OPENIOP_DATA_DIR", default=str(REPO_DIR / "var")))


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if key:
        if PRODUCTION and (len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure")):
            raise ImproperlyConfigured("SECRET_KEY is too weak for production (50+ random characters)")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # Development and test keep a generated key on disk so sessions survive restarts.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and (not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the real host names in production (no '*')")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "openiop.core",
    "openiop.audit",
    "openiop.accounts",
    "openiop.programs",
    "openiop.patients",
    "openiop.episodes",
    "openiop.measures",
    "openiop.schedule",
    "openiop.tasks",
    "openiop.privacy",
    "openiop.consent",
    "openiop.intake",
    "openiop.diagnoses",
    "openiop.plans",
    "openiop.medications",
    "openiop.screens",
    "openiop.notes",
    "openiop.continuity",
    "openiop.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "openiop.core.middleware.ResponseSecurityHeadersMiddleware",
    "openiop.core.busy.DatabaseBusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "openiop.audit.middleware.AuditContextMiddleware",
    "openiop.accounts.middleware.IdleTimeoutMiddleware",
    "openiop.accounts.middleware.PasswordChangeRequiredMiddleware",
    "openiop.accounts.middleware.MfaRequiredMiddleware",
    "openiop.core.middleware.ProgramTimezoneMiddleware",
    "openiop.privacy.middleware.BreakGlassScopeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openiop.urls"
WSGI_APPLICATION = "openiop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openiop.core.context_processors.site",
            ],
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'openiop.sqlite3'}"
DATABASES = {"default": env.db_url("DATABASE_URL", default=_default_db)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE takes the write lock at BEGIN, so the audit chain head is never read stale. A writer waits at
    # most OPENIOP_SQLITE_BUSY_SECONDS for another; then the user gets a 503 with their answers (core.busy)
    # in seconds, instead of a 500 after a long wait.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("OPENIOP_SQLITE_BUSY_SECONDS", 5, 1, 5),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif PRODUCTION is False and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must be sqlite:// or postgres://")
if PRODUCTION and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("production runs on PostgreSQL: set DATABASE_URL=postgres://...")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "openiop.accounts.backends.AddressLockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "openiop.accounts.backends.PasswordBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if PROFILE == "test":
    # The test suite creates hundreds of users; Argon2 is exercised by its own test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "episodes:dashboard"

# Lockout after repeated failures (django-axes), counted per user name and address.
AXES_FAILURE_LIMIT = env_int("OPENIOP_LOGIN_FAILURE_LIMIT", 5, 1, 100)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("OPENIOP_LOCKOUT_MINUTES", 15, 1, 1440))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# And per address across user names (one password sprayed over many accounts): this many failures in the
# lockout window lock the address (accounts.backends.AddressLockoutBackend; docs/decisions/0008). Higher than
# the per-user limit, since a clinic's staff often share one address.
OPENIOP_LOGIN_FAILURES_PER_ADDRESS = env_int("OPENIOP_LOGIN_FAILURES_PER_ADDRESS", 20, 5, 1000)
# The client's address for the audit and the lockout (audit.client_ip): the connection's, unless a reverse
# proxy's header is named here (off by default: a client could write any address into such a header).
OPENIOP_CLIENT_IP_HEADER = env.str("OPENIOP_CLIENT_IP_HEADER", default="").strip()
if OPENIOP_CLIENT_IP_HEADER and not all(c.isalnum() or c == "-" for c in OPENIOP_CLIENT_IP_HEADER):
    raise ImproperlyConfigured(
        f"OPENIOP_CLIENT_IP_HEADER={OPENIOP_CLIENT_IP_HEADER!r} is not a header name; e.g. X-Forwarded-For"
    )
OPENIOP_TRUSTED_PROXIES = env_int("OPENIOP_TRUSTED_PROXIES", 1, 1, 5)
AXES_CLIENT_IP_CALLABLE = "openiop.audit.client_ip.client_ip"

# Automatic logoff (HIPAA 164.312(a)(2)(iii), ONC (d)(5)); minutes of inactivity.
OPENIOP_IDLE_TIMEOUT_MINUTES = env_int("OPENIOP_IDLE_TIMEOUT_MINUTES", 15, 1, 720)
# Absolute session lifetime (ASVS 3.3.2): hours from sign-in after which the user signs in again, however active.
OPENIOP_SESSION_MAX_HOURS = env_int("OPENIOP_SESSION_MAX_HOURS", 12, 1, 24)
# What a step down/up or transfer shows and keeps as its evidence (attendance, measures, screens). The
# episodes app stays below the clinical apps by naming the provider here instead of importing it.
OPENIOP_STEP_EVIDENCE = "openiop.continuity.evidence.step_evidence_with_summary"
# How long emergency (break-glass, 42 CFR 2.51) access to one patient lasts.
OPENIOP_BREAK_GLASS_HOURS = env_int("OPENIOP_BREAK_GLASS_HOURS", 4, 1, 24)
# Mail (the privacy officer's alert when emergency access is opened). Development prints mail to the console;
# production sends through OPENIOP_EMAIL_URL (e.g. smtp+tls://user:password@mail.example.org:587).
if PRODUCTION:
    vars().update(env.email_url("OPENIOP_EMAIL_URL", default="smtp://localhost:25"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("OPENIOP_MAIL_FROM", default="openiop@localhost")
# The demo (`openiop demo`, `seed`, `totp`) and demo accounts (users marked is_demo, and outside systems a
# demo account registered) are for development and test only: a production server refuses them.
OPENIOP_DEMO_ALLOWED = not PRODUCTION
# Roles that must use a second factor; see accounts.roles.
OPENIOP_MFA_REQUIRED = env_bool("OPENIOP_MFA_REQUIRED", default=True)
OTP_TOTP_ISSUER = "OpenIOP"

SESSION_COOKIE_AGE = OPENIOP_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Every asset is served from this site; no inline script, no event-handler attributes and no <style> elements
# in pages (behaviour lives in static/core/app.js, styles in app.css; tests scan the templates). Only style="..."
# ATTRIBUTES stay allowed (style-src-attr 'unsafe-inline'): the trend charts are matplotlib SVG drawn into the
# page, and matplotlib writes its fills and strokes as style attributes; about twenty layout tweaks in templates
# use them too. An attribute holds no selectors, so it cannot read the page, and its url()s are held to
# img-src 'self'. Dropping it needs the charts served as images (or restyled) and the templates moved to app.css.
OPENIOP_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, 3600, 63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON bounded in size and nesting (a 400, never a RecursionError); forms go through Django's own limits.
    "DEFAULT_PARSER_CLASSES": [
        "openiop.core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's browsable HTML pages only outside production; production speaks JSON only.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + ([] if PRODUCTION else ["rest_framework.renderers.BrowsableAPIRenderer"]),
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {"TITLE": "OpenIOP API", "VERSION": "1", "SERVE_INCLUDE_SCHEMA": False}

# No PHI in logs: the access log keeps the path but drops query strings (searches carry names).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_query": {"()": "openiop.core.logging.RedactQueryStringFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_query"]}},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
