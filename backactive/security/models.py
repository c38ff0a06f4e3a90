"""The audit trail and the list of a user's sessions.

``AuditEvent`` holds ids and action names only, never health values or names of patients: the
trail must be safe to show to practice admins and to the patient. It has no foreign keys on
purpose: deleting a user or erasing a patient must not cascade into (or be blocked by) the
trail, which outlives both. Rows are append-only: the model refuses save-after-create and delete,
and database triggers (db_rules.py) refuse UPDATE and DELETE from any other path too.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("viewed")
    CREATE = "create", _("added")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGOUT = "logout", _("logged out")
    DENIED = "denied", _("access denied")
    SESSION_ENDED = "session_ended", _("session ended")
    PASSWORD_CHANGED = "password_changed", _("password changed")


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit row."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are never changed")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("audit events are never deleted")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when (UTC)"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("user"), max_length=150, blank=True)
    actor_role = models.CharField(_("role"), max_length=20, blank=True)
    patient_id = models.BigIntegerField(_("patient id"), null=True, blank=True)
    object_type = models.CharField(_("object"), max_length=40, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    path = models.CharField(_("address"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("from (IP address)"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["patient_id", "at"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are never deleted")


class UserSession(models.Model):
    """One row per logged-in session, so that users can see where they are logged in and end a
    session. The session itself lives in django_session; ending deletes both."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    objects: models.Manager[UserSession] = models.Manager()

    class Meta:
        ordering = ["-last_seen"]


class EnrolmentCode(models.Model):
    """A one-time code a practice admin hands to a staff member in person: a new or reset staff
    account enrols its authenticator only with it, so the account's password alone is not enough
    to bind it to someone's phone. Only a SHA-256 of the code is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    issued_by_id = models.BigIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
