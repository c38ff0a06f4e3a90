"""Stable pseudonyms for research exports: a keyed hash (HMAC-SHA-256) of our internal ids.

The same patient gets the same pseudonym in every export made with the same key, so a research
team can follow them over time; without the key nobody can go back from the pseudonym to the
record. The key comes from BACKACTIVE_PSEUDONYM_KEY, else from Django's SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from django.conf import settings

KEY_ENV = "BACKACTIVE_PSEUDONYM_KEY"


def pseudonym_key() -> bytes:
    key = os.environ.get(KEY_ENV) or settings.SECRET_KEY
    if not key:
        raise RuntimeError(f"{KEY_ENV} or SECRET_KEY must be set to make pseudonyms")
    return key.encode()


def pseudonym(value: str, *, key: bytes) -> str:
    """32 hex digits (128 bits): a valid FHIR id, and collisions are out of reach."""
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]
