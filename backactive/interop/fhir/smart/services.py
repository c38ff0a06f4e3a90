"""SMART Backend Services: registering research clients, and the token endpoint's work
(client_credentials with a signed JWT assertion, RFC 7523, as SMART App Launch 2 describes it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from backactive.accounts.models import Practice, User

from ...models import SmartAccessToken, SmartAssertion, SmartClient
from .keys import ALGORITHMS, assertion_header_and_claims, assertion_verify, jwks_parse
from .scopes import grant

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
TOKEN_LIFETIME = dt.timedelta(seconds=300)  # SMART: access tokens of at most five minutes
MAX_ASSERTION_LIFETIME = dt.timedelta(minutes=5)  # an assertion's exp at most five minutes ahead
CLOCK_SKEW = dt.timedelta(seconds=60)
TOKEN_PREFIX = "bas_"
PRIMARY = "default"


class OAuthError(Exception):
    """An error answer of the token endpoint (RFC 6749, section 5.2)."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def smart_client_register(*, practice: Practice, label: str, jwks_text: str, created_by: User | None) -> SmartClient:
    """A new client with a random client id; KeyProblem when the key set will not do."""
    jwks = jwks_parse(jwks_text)
    return SmartClient.objects.create(
        practice=practice, label=label.strip()[:100], client_id=secrets.token_urlsafe(24), jwks=jwks,
        created_by=created_by,
    )  # fmt: skip


def smart_client_revoke(*, client: SmartClient) -> None:
    """The client's tokens stop working at once, and it gets no new ones."""
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
    SmartAccessToken.objects.filter(client=client).delete()


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    scope: str
    expires_in: int

    def as_dict(self) -> dict[str, Any]:
        return {"access_token": self.access_token, "token_type": "bearer", "expires_in": self.expires_in,
                "scope": self.scope}  # fmt: skip


def _client(assertion: str) -> SmartClient:
    try:
        header, claims = assertion_header_and_claims(assertion)
    except ValueError:
        raise OAuthError("invalid_client", "client_assertion is not a signed JWT", 401) from None
    if header.get("alg") not in ALGORITHMS:
        raise OAuthError("invalid_client", "the assertion must be signed with RS384 or ES384", 401)
    if "jku" in header:
        # The network may be closed: keys come from the registration, never from an address.
        raise OAuthError("invalid_client", "jku is not supported; the keys registered with the client are used", 401)
    if not isinstance(header.get("kid"), str):
        raise OAuthError("invalid_client", "the assertion's header must name its key (kid)", 401)
    issuer = claims.get("iss")
    if not isinstance(issuer, str) or issuer != claims.get("sub"):
        raise OAuthError("invalid_client", "iss and sub must both be the client id", 401)
    client = SmartClient.objects.filter(client_id=issuer, revoked_at__isnull=True).first()
    if client is None:
        raise OAuthError("invalid_client", "unknown or revoked client", 401)
    return client


def _moment(claims: dict[str, Any], name: str) -> dt.datetime:
    value = claims.get(name)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise OAuthError("invalid_client", f"the assertion needs a numeric {name}", 401)
    return dt.datetime.fromtimestamp(value, tz=dt.UTC)


def _check_claims(claims: dict[str, Any], token_url: str) -> tuple[str, dt.datetime]:
    now = timezone.now()
    audience = claims.get("aud")
    if audience != token_url and not (isinstance(audience, list) and token_url in audience):
        raise OAuthError("invalid_client", "aud must be this token endpoint's URL", 401)
    expires = _moment(claims, "exp")
    if expires <= now - CLOCK_SKEW:
        raise OAuthError("invalid_client", "the assertion has expired", 401)
    if expires > now + MAX_ASSERTION_LIFETIME + CLOCK_SKEW:
        raise OAuthError("invalid_client", "exp may be at most five minutes ahead", 401)
    if "nbf" in claims and _moment(claims, "nbf") > now + CLOCK_SKEW:
        raise OAuthError("invalid_client", "the assertion is not valid yet", 401)
    jti = claims.get("jti")
    if not isinstance(jti, str) or not jti or len(jti) > 255:
        raise OAuthError("invalid_client", "the assertion needs a jti (at most 255 characters)", 401)
    return jti, expires


def smart_token_issue(*, form: dict[str, str], token_url: str) -> IssuedToken:
    """An access token for a valid client_credentials request; OAuthError otherwise."""
    if form.get("grant_type") != "client_credentials":
        raise OAuthError("unsupported_grant_type", "grant_type must be client_credentials")
    if form.get("client_assertion_type") != ASSERTION_TYPE or not form.get("client_assertion"):
        raise OAuthError("invalid_request", f"client_assertion_type must be {ASSERTION_TYPE}, with a client_assertion")
    assertion = form["client_assertion"]
    client = _client(assertion)
    try:
        claims = assertion_verify(assertion, client.jwks)
    except ValueError as err:
        raise OAuthError("invalid_client", str(err), 401) from None
    jti, expires = _check_claims(claims, token_url)
    granted = grant(form.get("scope", ""))
    if not granted.types:
        raise OAuthError("invalid_scope", "no scope this server grants: ask for system/*.read or system/*.rs")
    now = timezone.now()
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic(using=PRIMARY):
        SmartAssertion.objects.using(PRIMARY).filter(expires_at__lt=now - CLOCK_SKEW).delete()
        try:
            with transaction.atomic(using=PRIMARY):
                SmartAssertion.objects.using(PRIMARY).create(client=client, jti=jti, expires_at=expires)
        except IntegrityError:
            raise OAuthError("invalid_client", "this assertion (jti) was used before", 401) from None
        SmartAccessToken.objects.using(PRIMARY).filter(expires_at__lt=now).delete()
        SmartAccessToken.objects.using(PRIMARY).create(
            client=client, token_hash=token_hash(raw), scope=granted.scope, types=sorted(granted.types),
            expires_at=now + TOKEN_LIFETIME,
        )  # fmt: skip
        SmartClient.objects.using(PRIMARY).filter(pk=client.pk).update(last_used_at=now)
    return IssuedToken(raw, granted.scope, int(TOKEN_LIFETIME.total_seconds()))
