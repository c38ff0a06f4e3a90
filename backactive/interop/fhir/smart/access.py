"""Who may use SMART: the access token a request presents (as an API caller), and the clients a
practice admin manages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from backactive.accounts.models import User

from ...models import SmartAccessToken, SmartClient
from ..access import bearer_token
from .services import TOKEN_PREFIX, token_hash

if TYPE_CHECKING:
    from ..api.auth import Caller


def smart_caller_for_request(request: HttpRequest) -> Caller | None:
    """The caller of an unexpired access token of an active client, or None."""
    from ..api.auth import SMART, Caller

    raw = bearer_token(request)
    if raw is None or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        SmartAccessToken.objects.filter(
            token_hash=token_hash(raw), expires_at__gt=timezone.now(), client__revoked_at__isnull=True
        )
        .select_related("client")
        .first()
    )
    if token is None:
        return None
    return Caller(practice_id=token.client.practice_id, kind=SMART, credential_id=token.client_id,
                  types=frozenset(token.types))  # fmt: skip


def clients_for_admin(user: User) -> QuerySet[SmartClient]:
    if not user.is_practice_admin or user.practice_id is None:
        return SmartClient.objects.none()
    return SmartClient.objects.filter(practice_id=user.practice_id)


def get_client_for_admin(user: User, client_id: str | int | None) -> SmartClient | None:
    if client_id is None or not str(client_id).isdigit():
        return None
    return clients_for_admin(user).filter(pk=int(client_id)).first()
