"""Gonghui settings: one file, read from the environment.

Every secret may also be given as a file: ``FOO_FILE=/run/secrets/foo`` instead of ``FOO=...``.
"""

import base64
import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("GONGHUI_VAR_DIR", PROJECT_DIR / "var"))


def env(name, default=None):
    """Read ``name`` from the environment, or from the file named by ``name_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("GONGHUI_DEBUG", False)
# Test runs (pytest imports this module) get fixed keys and the immediate task backend.
TESTING = env_bool("GONGHUI_TESTING", "pytest" in sys.modules)

SECRET_KEY = env("GONGHUI_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING or env_bool("GONGHUI_DEMO", False)):
        raise RuntimeError("GONGHUI_SECRET_KEY must be set outside demo, debug and test runs")
    SECRET_KEY = "insecure-demo-key-only-for-local-use"  # noqa: S105

# How many reverse proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(env("GONGHUI_TRUSTED_PROXIES", "0"))
ALLOWED_HOSTS = [h for h in env("GONGHUI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("GONGHUI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "treebeard",
    "captcha",
    "gonghui.core",
    "gonghui.orgs",
    "gonghui.members",
    "gonghui.assistance",
    "gonghui.assemblies",
    "gonghui.workplace",
    "gonghui.innovation",
    "gonghui.contests",
    "gonghui.honours",
    "gonghui.rights",
    "gonghui.reports",
    "gonghui.portal",
    "gonghui.life",
    "gonghui.organising",
    "gonghui.funds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gonghui.core.middleware.ScopeMiddleware",
    "gonghui.core.replicas.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"
AUTH_USER_MODEL = "core.User"
# Staff log in with a user name; members also with their roster phone (portal/backends.py).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "gonghui.portal.backends.MemberPhoneBackend",
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.core.context_processors.shell",
            ],
        },
    },
    # Partials rendered many times a page (the member list's rows) are Jinja2 templates in
    # ``<app>/jinja2/``: compiled to Python, they render several times faster than the same
    # loop in Django's language (docs/performance.md, member list).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "gonghui.core.jinja.environment"},
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite (embedded default) or PostgreSQL via DATABASE_URL=postgres://user@host:5432/name
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}",
        conn_max_age=int(env("GONGHUI_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    # The var dir holds the database, the data keys and uploads: the service's user only
    # (issue 12, finding 7); the SQLite file itself is made 0600 when first opened (core/apps.py).
    try:
        VAR_DIR.chmod(0o700)
    except PermissionError:  # not ours (a shared mount): leave it to the operator
        pass
    # Concurrent writers wait for the lock instead of failing (DESIGN.md §5).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A streaming replica for reports' reads (core/replicas.py; docs/scaling.md). The routes whose
# GET reads may come from it: dashboards, statistics, the annual return, exports, the audit log.
if env("GONGHUI_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("GONGHUI_REPLICA_URL"), conn_max_age=int(env("GONGHUI_DB_CONN_MAX_AGE", "60"))
    )
elif TESTING:
    # tests/core/test_replicas.py reads through a mirror of the test database
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["gonghui.core.replicas.ReplicaRouter"]
GONGHUI_REPLICA_ROUTES = (
    []  # tests turn them on where they test them
    if TESTING and not env("GONGHUI_REPLICA_URL")
    else ["reports:*", "members:stats*", "core:audit*", "*:*export*"]
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
if env("GONGHUI_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("GONGHUI_REDIS_URL"),
            # several deployments (or benchmarks) may share one Redis
            "KEY_PREFIX": env("GONGHUI_CACHE_PREFIX", ""),
        }
    }
elif TESTING:
    # Each test starts from an empty cache (tests/conftest.py); tests of the shared database cache
    # switch to it explicitly (tests/security/test_public_forms.py).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Without Redis the rate limits and login locks live in the database (table created by the
    # core migration 0005), so they hold across gunicorn workers and machines.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gonghui_cache",
        }
    }
# {% cache %} fragments (parts of pages that vary only by language and role, e.g. the member
# list's toolbar and table head) stay in each worker's memory: a Redis round trip would cost
# more than rendering them.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
}

# --- Auth and sessions ------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's cached_db backend (read from the default cache: Redis in production; written through
# to the database), its keys stored hashed (core/sessions.py).
SESSION_ENGINE = "gonghui.core.sessions"
SESSION_COOKIE_AGE = int(env("GONGHUI_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("GONGHUI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Failed logins: after this many failures for one user name (or one address) the login is
# refused for LOGIN_LOCK_SECONDS.
LOGIN_MAX_FAILURES = int(env("GONGHUI_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCK_SECONDS = int(env("GONGHUI_LOGIN_LOCK_SECONDS", "900"))
# Failures counted per client address, separately from the account (many share one address).
LOGIN_MAX_FAILURES_PER_ADDRESS = int(env("GONGHUI_LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
# Django's own admin at /django-admin/ (superusers only) carries the same login throttle; a
# deployment that does not need it turns it off.
DJANGO_ADMIN_ENABLED = env_bool("GONGHUI_DJANGO_ADMIN", True)
# Captchas on public forms (django-simple-captcha, drawn locally: no third-party service).
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_TIMEOUT = 10
CAPTCHA_FONT_SIZE = 34
CAPTCHA_IMAGE_SIZE = (150, 50)
CAPTCHA_LENGTH = 4
CAPTCHA_TEST_MODE = False
# District admins must use TOTP two-factor authentication unless this is turned off (demo).
REQUIRE_2FA_FOR_DISTRICT_ADMINS = env_bool("GONGHUI_REQUIRE_2FA", not TESTING)
OTP_TOTP_ISSUER = "Gonghui"

# --- Sensitive data keys (never in the database, apart from SECRET_KEY) -----------------------
# GONGHUI_DATA_KEYS: "kid:base64key,kid2:base64key" (AES-256-GCM keys); the first is current.
# GONGHUI_INDEX_KEY: base64 HMAC key for blind indexes.
# Without them a demo or test run uses a key file under var/ (created on first use).
DATA_KEYS = env("GONGHUI_DATA_KEYS")
INDEX_KEY = env("GONGHUI_INDEX_KEY")
DATA_KEY_FILE = Path(env("GONGHUI_DATA_KEY_FILE", str(VAR_DIR / "data-keys.json")))
if TESTING and not DATA_KEYS:
    DATA_KEYS = "t1:" + base64.urlsafe_b64encode(b"k" * 32).decode()
    INDEX_KEY = base64.urlsafe_b64encode(b"i" * 32).decode()

# --- I18n -------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]  # i18n: data (each in its own language)
FORMAT_MODULE_PATH = ["gonghui.formats"]  # amounts grouped by thousands in Chinese too
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("GONGHUI_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("GONGHUI_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Stored files (uploaded rosters with full ID numbers, generated exports) are readable by the
# service account only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# The largest body an anonymous visitor may post to a page (public forms, login): 256 KB.
PUBLIC_MAX_BODY_BYTES = int(env("GONGHUI_PUBLIC_MAX_BODY_BYTES", str(256 * 1024)))

# --- Security headers -------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Background work --------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env(
            "GONGHUI_TASK_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# Every `gonghui worker` beats this often and runs the schedule (core/scheduling.py); a task
# whose worker has not beaten for the lease is marked failed (the worker was killed).
WORKER_TICK_SECONDS = float(env("GONGHUI_WORKER_TICK_SECONDS", "10"))
WORKER_LEASE_SECONDS = int(env("GONGHUI_WORKER_LEASE_SECONDS", "120"))

# --- Logging: never personal data; services log ids, not values -------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("GONGHUI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- API ----------------------------------------------------------------------------------------
NINJA_PAGINATION_CLASS = "gonghui.core.api_pagination.BoundedLimitOffset"
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# --- Gonghui ----------------------------------------------------------------------------------
# Imports with more rows than this run as background tasks with a progress bar.
IMPORT_BACKGROUND_ROWS = int(env("GONGHUI_IMPORT_BACKGROUND_ROWS", "5000"))
# The name in the navigation bar: the district's own (as typed) or the platform's, translated.
SITE_NAME = env("GONGHUI_SITE_NAME", "") or gettext_lazy("工会工作平台")
