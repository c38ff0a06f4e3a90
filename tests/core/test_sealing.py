"""Sealed values open only with the same key, purpose and label, and not after any change."""

from __future__ import annotations

from typing import Any

from backactive.core.sealing import seal, unseal


def test_a_sealed_value_opens_only_where_it_was_sealed(settings: Any) -> None:
    sealed = seal(b"ABCDEFGHJK", purpose="invitation-code", aad=b"row-1")
    assert b"ABCDEFGHJK" not in sealed
    assert unseal(sealed, purpose="invitation-code", aad=b"row-1") == b"ABCDEFGHJK"
    assert unseal(sealed, purpose="invitation-code", aad=b"row-2") is None
    assert unseal(sealed, purpose="printed-handout", aad=b"row-1") is None
    changed = sealed[:-1] + bytes([sealed[-1] ^ 1])
    assert unseal(changed, purpose="invitation-code", aad=b"row-1") is None
    assert unseal(None, purpose="invitation-code", aad=b"row-1") is None
    assert unseal(b"\x01short", purpose="invitation-code", aad=b"row-1") is None
    settings.SECRET_KEY = "a-rotated-secret-key"
    assert unseal(sealed, purpose="invitation-code", aad=b"row-1") is None


def test_the_same_value_sealed_twice_differs(settings: Any) -> None:
    assert seal(b"x", purpose="p", aad=b"a") != seal(b"x", purpose="p", aad=b"a")
