"""The lockout check (django-axes) in front of the password check."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """django-axes, but only for logins over HTTP: code that checks a password without a request
    (management commands, Django's test client) cannot be brute-forced from outside and would
    otherwise be refused by axes outright."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class UserBackend(ModelBackend):
    """Django's password check; loading the logged-in user brings their practice along, which
    every page shows in its header (one query fewer per page, which pays for the audit INSERT)."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        user = model._default_manager.select_related("practice").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
