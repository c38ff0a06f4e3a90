"""Reads of the security app."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from .models import UserSession


def sessions_active(*, user: Any) -> QuerySet[UserSession]:
    """The user's sessions that still exist on the server (expired ones are left out)."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user=user, session_key__in=live)
