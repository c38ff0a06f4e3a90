"""FHIR API tokens: issued to a practice, shown once, stored only as a hash, revocable."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import Practice, User

from ..models import ApiToken

TOKEN_PREFIX = "ba_"


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(*, practice: Practice, label: str, created_by: User | None) -> tuple[ApiToken, str]:
    """A new token; the raw token is returned here once and never stored."""
    label = label.strip()
    if not label or len(label) > 100:
        raise ValidationError({"label": _("Give the token a name of at most 100 characters.")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        practice=practice, label=label, token_hash=token_hash(raw), prefix=raw[:10], created_by=created_by
    )
    return token, raw


def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
