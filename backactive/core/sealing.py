"""Sealed values: secrets the database keeps but cannot read by itself (an invitation's code, a
cached handout that prints it).

AES-256-GCM with a key derived (HKDF-SHA-256) from ``BACKACTIVE_SEAL_KEY``, else from Django's
``SECRET_KEY``, one key per purpose. The key never touches the database, so a copy of the
database alone opens nothing. Each sealed value is bound to a label (``aad``: the row it belongs
to, e.g. the invitation's code hash), so a sealed value copied into another row does not open
there either. A changed key (SECRET_KEY rotated) makes old values unreadable: ``unseal`` answers
None and the callers make the value afresh (docs/security.md, "Invitations on paper").
"""

from __future__ import annotations

import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

KEY_ENV = "BACKACTIVE_SEAL_KEY"
NONCE_BYTES = 12
VERSION = b"\x01"  # the first byte of every sealed value: lets a later scheme tell values apart


@functools.lru_cache(maxsize=8)
def _cipher(secret: str, purpose: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"backactive-seal",
               info=purpose.encode()).derive(secret.encode())
    return AESGCM(key)


def _secret() -> str:
    secret = os.environ.get(KEY_ENV) or settings.SECRET_KEY
    if not secret:
        raise RuntimeError(f"{KEY_ENV} or SECRET_KEY must be set to seal values")
    return str(secret)


def seal(value: bytes, *, purpose: str, aad: bytes) -> bytes:
    """``value`` encrypted and authenticated for ``purpose``, bound to ``aad``."""
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + _cipher(_secret(), purpose).encrypt(nonce, value, VERSION + aad)


def unseal(sealed: bytes | memoryview | None, *, purpose: str, aad: bytes) -> bytes | None:
    """The value, or None when it cannot be opened (nothing stored, another key, another row,
    changed bytes)."""
    if not sealed:
        return None
    raw = bytes(sealed)
    if raw[:1] != VERSION or len(raw) <= 1 + NONCE_BYTES:
        return None
    nonce, body = raw[1 : 1 + NONCE_BYTES], raw[1 + NONCE_BYTES :]
    try:
        return _cipher(_secret(), purpose).decrypt(nonce, body, VERSION + aad)
    except InvalidTag:
        return None
