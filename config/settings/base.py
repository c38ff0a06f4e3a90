"""Settings shared by every deployment. Everything that differs between deployments comes from
the environment (see docs/configuration in README)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def envbool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Where the embedded SQLite database, backups and GDT exchange files live by default.
DATA_DIR = Path(os.environ.get("BACKACTIVE_DATA_DIR", BASE_DIR / "data"))
# The only folder the app reads GDT files from or writes them to: a practice picks subfolders of
# it (backactive/interop/gdt/format/folders.py); nothing is created or moved outside it.
GDT_ROOT = Path(os.environ.get("BACKACTIVE_GDT_ROOT", DATA_DIR / "gdt"))

DEBUG = envbool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
INSECURE_LOCAL_KEY = "insecure-local-development-key-do-not-deploy"
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment (or DEBUG=1 for local use).")
    SECRET_KEY = INSECURE_LOCAL_KEY
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
# The server's public address (https://praxis.example), for what commands write without a
# request to take it from: the fullUrl of `backactive fhir bundle`, manifests of exports.
BACKACTIVE_BASE_URL = os.environ.get("BACKACTIVE_BASE_URL", "").strip()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "backactive.core",
    "backactive.ops",
    "backactive.accounts",
    "backactive.jobs",
    "backactive.patients",
    "backactive.questionnaires",
    "backactive.consultations",
    "backactive.diary",
    "backactive.recommendations",
    "backactive.exercises",
    "backactive.offers",
    "backactive.handouts",
    "backactive.reminders",
    "backactive.interop",
    "backactive.privacy",
    "backactive.security",
    "backactive.studies",
    "backactive.me",
    "backactive.demo",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # Outermost: times every request (redirects to HTTPS too), its log line and metrics.
    "backactive.ops.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "backactive.security.middleware.NullCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "backactive.me.middleware.PatientLanguageMiddleware",  # a patient's pages in the patient's language
    "backactive.security.middleware.SessionTimeoutMiddleware",
    "backactive.security.middleware.TwoFactorMiddleware",
    "backactive.security.middleware.AuditContextMiddleware",
    "backactive.security.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "backactive" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "backactive.core.i18n.language_menu",
                "backactive.me.context.questionnaires",
                "backactive.consultations.context_processors.emergency_alerts",
            ],
        },
    },
]
# Form widgets and fields render with Jinja2 (Django's own widget templates, and each app's
# jinja2/ folder): the follow-up panel's 24 fields took 45 ms a page in the Django template
# language and take a fifth of that here. Pages stay Django templates.
FORM_RENDERER = "backactive.core.forms.FormRenderer"


def database_config(url: str | None) -> dict[str, Any]:
    """SQLite (the embedded default) or whatever DATABASE_URL names.

    SQLite runs in WAL mode with synchronous=FULL so that an acknowledged write survives a crash,
    and takes its write lock at BEGIN (IMMEDIATE) so that concurrent writers queue instead of
    failing with 'database is locked' half-way through a transaction.
    """
    if not url:
        url = f"sqlite:///{DATA_DIR / 'backactive.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=600))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] and not str(config["NAME"]).startswith(":memory:"):
            # A fresh clone has no data folder yet; SQLite creates the file but not the folder.
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            # secure_delete: deleted rows are overwritten, not left in free pages (GDPR erasure).
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
            "PRAGMA secure_delete=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = "django.db.backends.postgresql"  # psycopg 3 is picked up automatically
    return config


DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"))}
# A PostgreSQL hot standby of the primary (streaming replication) for read-only work: the FHIR
# API's reads and the research export (backactive/core/replica.py says what goes there and what
# never does). In tests the alias mirrors the primary; the replica test points it at the standby.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**database_config(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
REPLICA_READS = bool(DATABASE_REPLICA_URL)
DATABASE_ROUTERS = ["backactive.core.replica.ReplicaRouter"]
# The diary's (patient, date) indexes carry the values read (INCLUDE, docs/performance.md) for
# PostgreSQL; SQLite, the embedded default, builds them without those columns and says so on every
# migrate and runserver (models.W040). Nothing to act on there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Guessing protection sits in front of the password check, in the login view
# (backactive/security/login_guard.py): per account, device cookies, growing pauses.
AUTHENTICATION_BACKENDS = [
    "backactive.security.backends.UserBackend",  # Django's ModelBackend, loading the practice too
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "de"
# Every language a patient can read BackActive in. Staff pages stay German and English
# (backactive.core.languages.STAFF_LANGS): the language middleware keeps staff and anonymous
# visitors to those two, except on the invitation pages, which speak the patient's language.
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("ar", _("Arabic")),
    ("pl", _("Polish")),
]
LOCALE_PATHS = [BASE_DIR / "backactive" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
# The local time of day at which the worker sends the day's reminder e-mails (HH:MM).
REMINDER_EMAIL_TIME = dt.time.fromisoformat(os.environ.get("BACKACTIVE_REMINDER_TIME", "17:00"))
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "backactive" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the app folders when collectstatic was not run

# Several app instances may serve one database (README, "Production"): nothing one of them needs
# may live only in another's memory or on its disk. Sessions are in the database (Django's
# default engine, named here), uploads are stored with their job (backactive.jobs.models.JobFile),
# and nothing is cached across requests: Django's default cache would be one per process, so
# there is none (tests/ops/test_shared_nothing.py keeps it so). A cache that is ever needed must
# be one all instances share (the database's, or Redis).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Sessions: 30 minutes idle for staff, 12 hours at most for everyone (security middleware).
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
SESSION_IDLE_TIMEOUT_STAFF = 30 * 60
SESSION_IDLE_TIMEOUT = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

# Two-factor login (TOTP, django-otp): required for practice staff where TWO_FACTOR_REQUIRED is
# on (production's default); patients may switch it on for themselves. Off for local demo and
# the test suite unless set, so that `make run` and force_login need no authenticator app.
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = "BackActive"

# Content Security Policy (django-csp 4): scripts and styles only from our own /static.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}


# Background jobs (imports, exports, purge, reminders): django-tasks with its database backend;
# `backactive worker` runs them. TASKS_IMMEDIATE=1 runs each job at once inside the process that
# queues it (the test suite does; handy for a one-off local run without a worker).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if envbool("TASKS_IMMEDIATE")
        else "django_tasks_db.DatabaseBackend",
    }
}

# Prometheus metrics at /metrics for whoever sends "Authorization: Bearer <this>"; unset: 404.
METRICS_TOKEN = os.environ.get("BACKACTIVE_METRICS_TOKEN", "")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "BackActive <noreply@localhost>")

# Logs never carry names, diary values or tokens: we log event names and database ids only.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "backactive.ops.logs.JsonFormatter"},
    },
    # Paths in log lines become route patterns: a path can carry an invitation code or a token.
    "filters": {"routes": {"()": "backactive.security.routes.RoutePatternFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "plain"),
            "filters": ["routes"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"filters": ["routes"]},
        "django.server": {"level": "WARNING", "filters": ["routes"]},
        "django_tasks": {"level": "WARNING"},
    },
}
