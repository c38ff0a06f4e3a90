"""The user's own list of sessions: recorded at login, shown on "my sessions", ended there or
when the password changes. Ending deletes the server-side session, so the cookie is worthless."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from . import audit
from .models import AuditAction, UserSession


def on_login(request: HttpRequest, user: Any) -> None:
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


def touch(request: HttpRequest) -> None:
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).update(last_seen=timezone.now())


def active_sessions(user: Any) -> QuerySet[UserSession]:
    """The user's sessions that still exist on the server (expired ones are left out)."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=live)


@transaction.atomic
def end_session(user: Any, session_id: int) -> bool:
    """End one of ``user``'s own sessions; False if there is no such session of theirs."""
    row = UserSession.objects.filter(user=user, pk=session_id).first()
    if row is None:
        return False
    Session.objects.filter(session_key=row.session_key).delete()
    row.delete()
    audit.record(AuditAction.SESSION_ENDED, user=user, object_type="session", object_id=row.pk)
    return True


@transaction.atomic
def end_other_sessions(user: Any, keep_key: str | None) -> int:
    rows = UserSession.objects.filter(user=user).exclude(session_key=keep_key or "")
    keys = list(rows.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    rows.delete()
    return len(keys)


def forget(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()
