"""Counting failed attempts and pausing further ones: the login guard and the invitation-code
check use it. Keys are HMACs of what identifies the attempt (never the text itself).

Rules: every ``limit``-th failure locks the key for ``delay(locks so far)``; attempts while it is
locked are refused without being counted, so they do not extend the lock; the count starts afresh
after ``window`` without a failure, or after a success (``throttle_reset``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Throttle


def throttle_key(*parts: str) -> str:
    message = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def throttle_locked_until(*, key: str) -> dt.datetime | None:
    row = Throttle.objects.filter(key=key, locked_until__gt=timezone.now()).first()
    return row.locked_until if row is not None else None


@dataclass(frozen=True)
class Failure:
    failures: int
    locked_until: dt.datetime | None
    newly_locked: bool


def throttle_fail(
    *, key: str, limit: int, delay: Callable[[int], dt.timedelta], window: dt.timedelta
) -> Failure:
    """Count one failure; lock the key at every ``limit``-th one."""
    now = timezone.now()
    with transaction.atomic():
        row, _ = Throttle.objects.select_for_update().get_or_create(key=key)
        if row.locked_until is not None and row.locked_until > now:
            return Failure(row.failures, row.locked_until, False)  # refused, not counted
        if row.last_failure_at is not None and now - row.last_failure_at > window:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        newly = row.failures % limit == 0
        if newly:
            row.locked_until = now + delay(row.failures // limit)
        row.save()
    return Failure(row.failures, row.locked_until if newly else None, newly)


def throttle_reset(*, key: str) -> None:
    Throttle.objects.filter(key=key).delete()
