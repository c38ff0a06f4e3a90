"""Audit receivers: logins, failed logins, logouts, access denied, records viewed and every write
to a patient's data.

Writes are caught with post_save/post_delete on the models that hold patient data, so no write
path (form, patient phone, import, command) can forget to record itself."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from backactive.accounts import signals as access_signals

from . import audit, services
from .models import AuditAction
from .routes import audit_path

# Models holding a patient's data: app_label.ModelName -> how to get the patient id.
PATIENT_DATA_MODELS: dict[str, str] = {
    "patients.Patient": "pk",
    "consultations.Consultation": "patient_id",
    "consultations.Plan": "patient_id",
    "diary.PainEntry": "patient_id",
    "diary.ActivityEntry": "patient_id",
    "diary.EntryCorrection": "patient_id",  # a correction: who, when, old and new value, reason
    "consultations.EmergencyAlert": "patient_id",  # raised, and acknowledged by a GP
    "privacy.Consent": "patient_id",
    "questionnaires.Response": "patient_id",
    "questionnaires.Answer": "patient_id",
}


@receiver(user_logged_in, dispatch_uid="security_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    services.session_record(request=request, user=user)
    from django_otp import user_has_device

    from .middleware import OTP_REQUIRED

    # Whoever set up an authenticator (patients too, by choice) is asked for a code at every login.
    request.session[OTP_REQUIRED] = user_has_device(user, confirmed=True)
    audit.record(AuditAction.LOGIN, user=user, request=request, object_type="user", object_id=user.pk)


@receiver(user_logged_out, dispatch_uid="security_logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None or user is None:
        return
    services.session_forget(session_key=request.session.session_key)
    audit.record(AuditAction.LOGOUT, user=user, request=request, object_type="user", object_id=user.pk)


@receiver(user_login_failed, dispatch_uid="security_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """The attempted username is recorded only when such an account exists: people type their
    password into the username field, and that must not end up in the trail."""
    from django.contrib.auth import get_user_model

    model = get_user_model()
    name = str(credentials.get(model.USERNAME_FIELD) or credentials.get("username") or "")[:150]
    user = model._default_manager.filter(**{model.USERNAME_FIELD: name}).first() if name else None
    audit.AuditEvent.objects.create(
        action=AuditAction.LOGIN_FAILED,
        actor_id=user.pk if user is not None else None,
        actor_name=audit.actor_name(user),
        actor_role=getattr(user, "role", "") if user is not None else "",
        object_type="user",
        object_id=str(user.pk) if user is not None else "",
        path=audit_path(request)[:200] if request is not None else "",
        ip=audit.client_ip(request) if request is not None else None,
    )


@receiver(access_signals.access_denied, dispatch_uid="security_access_denied")
def _access_denied(sender: Any, user: Any, object_type: str, object_id: object, **kwargs: Any) -> None:
    audit.record(AuditAction.DENIED, user=user, object_type=object_type, object_id=object_id)


@receiver(access_signals.record_viewed, dispatch_uid="security_record_viewed")
def _record_viewed(sender: Any, user: Any, patient_id: int, obj: object, **kwargs: Any) -> None:
    audit.record(AuditAction.VIEW, user=user, patient_id=patient_id, obj=obj)


def _saved(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata / restore: not a user's action
        return
    attr = PATIENT_DATA_MODELS[sender._meta.label]
    action = AuditAction.CREATE if created else AuditAction.CHANGE
    audit.record(action, patient_id=getattr(instance, attr), obj=instance)


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    attr = PATIENT_DATA_MODELS[sender._meta.label]
    audit.record(AuditAction.DELETE, patient_id=getattr(instance, attr), obj=instance)


for _label in PATIENT_DATA_MODELS:
    _model = apps.get_model(_label)
    post_save.connect(_saved, sender=_model, dispatch_uid=f"security_audit_save_{_label}")
    post_delete.connect(_deleted, sender=_model, dispatch_uid=f"security_audit_delete_{_label}")
