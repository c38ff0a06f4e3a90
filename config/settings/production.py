"""Production: everything from the environment, secure transport assumed (behind TLS).

The default for whatever serves HTTP (``backactive serve``, ``config/wsgi.py``, ``backactive
runserver``), for ``backactive worker`` and every other ``backactive`` command except the offline
ones in ``backactive/cli.py``: a deployment that forgets ``DJANGO_SETTINGS_MODULE`` gets these, and
they refuse to start without ``SECRET_KEY`` even when ``DEBUG=1`` is left in the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSECURE_LOCAL_KEY, LOGGING, envbool

if os.environ.get("SECRET_KEY", "") in ("", INSECURE_LOCAL_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment for production. For local use, choose "
        "DJANGO_SETTINGS_MODULE=config.settings.local (make run does)."
    )

DEBUG = False
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
# Load balancers ask for these over plain HTTP; every other path is redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED", True)  # TOTP for practice staff
# One JSON object per log line (collectors parse it); LOG_FORMAT=plain for reading by eye.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")
# 4xx answers are in the request log already; django.request keeps only server errors (5xx).
LOGGING["loggers"].setdefault("django.request", {})["level"] = "ERROR"
