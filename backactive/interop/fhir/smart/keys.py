"""A client's public key set (JWKS) and its signed assertions, with joserfc. Pure Python.

SMART Backend Services asks for RS384 or ES384; keys are RSA of at least 2048 bits or EC on
P-384, each with a ``kid`` that the assertion's header names. Private key material is refused
(a practice admin pasting the wrong file must not leave a private key in our database).
"""

from __future__ import annotations

import json
from typing import Any, Final

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

ALGORITHMS: Final = ("RS384", "ES384")
_PRIVATE: Final = frozenset({"d", "p", "q", "dp", "dq", "qi", "k", "oth"})
MAX_KEYS: Final = 10


class KeyProblem(ValueError):
    """The key set cannot be registered; ``code`` says why (the form words it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _check_key(key: Any) -> dict[str, Any]:
    if not isinstance(key, dict):
        raise KeyProblem("not_a_key")
    if _PRIVATE & key.keys():
        raise KeyProblem("private")
    if not isinstance(key.get("kid"), str) or not key["kid"].strip():
        raise KeyProblem("no_kid")
    if key.get("alg") not in (None, *ALGORITHMS):
        raise KeyProblem("algorithm")
    if key.get("kty") == "RSA":
        if len(_b64_bytes(str(key.get("n", "")))) * 8 < 2048:
            raise KeyProblem("weak")
    elif key.get("kty") == "EC":
        if key.get("crv") != "P-384":
            raise KeyProblem("algorithm")
    else:
        raise KeyProblem("algorithm")
    return {k: v for k, v in key.items() if k in ("kty", "kid", "alg", "use", "n", "e", "crv", "x", "y", "key_ops")}


def _b64_bytes(text: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwks_parse(text: str) -> dict[str, Any]:
    """The public key set in ``text`` (a JWKS JSON object), checked; KeyProblem otherwise."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise KeyProblem("not_json") from None
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list) or not data["keys"]:
        raise KeyProblem("no_keys")
    if len(data["keys"]) > MAX_KEYS:
        raise KeyProblem("too_many")
    keys = [_check_key(k) for k in data["keys"]]
    if len({k["kid"] for k in keys}) != len(keys):
        raise KeyProblem("kid_twice")
    try:
        KeySet.import_key_set({"keys": keys})  # type: ignore[typeddict-item]
    except (JoseError, ValueError, TypeError):
        raise KeyProblem("not_a_key") from None
    return {"keys": keys}


def assertion_header_and_claims(assertion: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and claims of a compact JWS, NOT verified (to find the client and its keys)."""
    parts = assertion.split(".")
    if len(parts) != 3 or len(assertion) > 8000:
        raise ValueError("not a compact JWT")
    try:
        header, claims = (json.loads(_b64_bytes(p)) for p in parts[:2])
    except (ValueError, RecursionError):
        raise ValueError("not a JWT") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise ValueError("not a JWT")
    return header, claims


def assertion_verify(assertion: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """The claims of an assertion signed (RS384 or ES384) with a key of ``jwks``; ValueError
    when the signature, algorithm or key does not fit."""
    try:
        token = jwt.decode(assertion, KeySet.import_key_set(jwks), algorithms=list(ALGORITHMS))  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError) as err:
        raise ValueError(f"signature not accepted ({type(err).__name__})") from None
    return dict(token.claims)
