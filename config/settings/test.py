"""Settings for the test suite: fast hashing, in-memory mail, the same database choice as base."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
# Jobs run in-process, at once, inside the test (a test of the real worker starts one itself).
os.environ.setdefault("TASKS_IMMEDIATE", "1")

from .base import *  # noqa: F403

PASSWORD_HASHERS = [
    # Argon2 stays the hasher (a test asserts it); cheap parameters keep the suite fast.
    "backactive.core.hashers.FastArgon2PasswordHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# The suite's tests declare the primary only; the replica test (tests/interop/fhir/test_replica.py)
# switches replica reads on and points the alias at the standby.
REPLICA_READS = False
