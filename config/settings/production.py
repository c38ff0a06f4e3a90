"""Production: everything from the environment, secure transport assumed (behind TLS)."""

from .base import *  # noqa: F403
from .base import envbool

DEBUG = False
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED", True)  # TOTP for practice staff
