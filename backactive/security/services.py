"""Writes of the security app: the user's list of sessions (recorded at login, ended on "my
sessions" or when the password changes; ending deletes the server-side session, so the cookie
is worthless) and the two-factor devices (set up, confirmed, reset by an admin)."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .models import AuditAction, UserSession

RECOVERY_CODES = 10


def session_record(*, request: HttpRequest, user: Any) -> None:
    from .middleware import LAST_SEEN, STARTED, _now

    now = _now()
    request.session[STARTED] = now
    request.session[LAST_SEEN] = now
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={"user": user, "ip": audit.client_ip(request),
                  "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200], "last_seen": timezone.now()},
    )


def session_touch(*, request: HttpRequest) -> None:
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).update(last_seen=timezone.now())


@transaction.atomic
def session_end(*, user: Any, session_id: int) -> bool:
    """End one of ``user``'s own sessions; False if there is no such session of theirs."""
    row = UserSession.objects.filter(user=user, pk=session_id).first()
    if row is None:
        return False
    Session.objects.filter(session_key=row.session_key).delete()
    row.delete()
    audit.record(AuditAction.SESSION_ENDED, user=user, object_type="session", object_id=row.pk)
    return True


@transaction.atomic
def sessions_end_other(*, user: Any, keep_key: str | None) -> int:
    rows = UserSession.objects.filter(user=user).exclude(session_key=keep_key or "")
    keys = list(rows.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    rows.delete()
    return len(keys)


def session_forget(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def otp_device_pending(*, user: Any) -> TOTPDevice:
    """The authenticator being set up (unconfirmed), made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def otp_device_confirm(*, user: Any, device: TOTPDevice) -> list[str]:
    """The new authenticator replaces the old one (one at a time); returns new recovery codes."""
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save()
    audit.record(AuditAction.CHANGE, user=user, object_type="otp_device", object_id=device.pk)
    recovery, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    recovery.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
    return codes


@transaction.atomic
def otp_devices_reset(*, member: Any, keep_key: str | None) -> None:
    """Remove a staff member's authenticator and recovery codes and end their other sessions."""
    TOTPDevice.objects.filter(user=member).delete()
    StaticDevice.objects.filter(user=member).delete()
    sessions_end_other(user=member, keep_key=keep_key)
    audit.record(AuditAction.CHANGE, object_type="otp_reset", object_id=member.pk)
