"""A research platform's side of SMART Backend Services, for the tests: its key pair and the
signed client assertion it sends to the token endpoint (RFC 7523), written with joserfc."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

_RSA = RSAKey.generate_key(2048, private=True)
_EC = ECKey.generate_key("P-384", private=True)


@dataclass(frozen=True)
class Platform:
    alg: str  # RS384 or ES384
    kid: str = "platform-key-1"

    @property
    def key(self) -> RSAKey | ECKey:
        return _RSA if self.alg == "RS384" else _EC

    def jwks(self, **extra: Any) -> str:
        public = {**self.key.as_dict(private=False), "kid": self.kid, "alg": self.alg, **extra}
        return json.dumps({"keys": [public]})

    def assertion(self, client_id: str, token_url: str, **claims: Any) -> str:
        now = int(time.time())
        payload = {"iss": client_id, "sub": client_id, "aud": token_url, "exp": now + 240, "jti": str(uuid.uuid4())}
        header = {"alg": self.alg, "kid": self.kid, "typ": "JWT"}
        header.update(claims.pop("header", {}))
        payload.update(claims)
        payload = {k: v for k, v in payload.items() if v is not None}
        return jwt.encode(header, payload, self.key, algorithms=[self.alg])

    def token_form(self, client_id: str, token_url: str, scope: str = "system/*.read", **claims: Any) -> dict[str, str]:
        return {
            "grant_type": "client_credentials",
            "scope": scope,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": self.assertion(client_id, token_url, **claims),
        }
