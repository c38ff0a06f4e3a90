"""The authentication backend: Django's password check, loading the practice along."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    """Django's password check; loading the logged-in user brings their practice along, which
    every page shows in its header (one query fewer per page, which pays for the audit INSERT),
    and a patient's own record with its practice, which every patient page and diary write
    reads (patients/access.py ``get_own_patient``); for staff the join finds nothing."""

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        user = (model._default_manager.select_related("practice", "patient__practice")
                .filter(pk=user_id).first())
        return user if user is not None and self.user_can_authenticate(user) else None
