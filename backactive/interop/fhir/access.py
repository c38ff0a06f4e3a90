"""Who may read what through the FHIR API: the token counterpart of ``accounts.access``.

A request carries ``Authorization: Bearer <token>``; the token belongs to one practice and sees
that practice's patients only. Anything outside it is a 404, like a record that does not exist.
Sessions (logged-in staff in a browser) do not count here: the API answers tokens only.
Every read of a patient is audited, naming the credential (``api/auth.Caller``).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from backactive.accounts.models import User
from backactive.patients.models import Patient

from ..models import ApiToken
from .tokens import token_hash

# Bookkeeping of reads is written to the primary database, whatever a router does with reads.
PRIMARY = "default"
# Record the last use at most this often, so reading the API does not write on every request.
LAST_USED_EVERY = dt.timedelta(minutes=5)


def bearer_token(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def get_token_for_request(request: HttpRequest) -> ApiToken | None:
    """The active token the request presents, or None (missing, unknown or revoked)."""
    raw = bearer_token(request)
    if raw is None or len(raw) > 200:
        return None
    token = ApiToken.objects.filter(token_hash=token_hash(raw), revoked_at__isnull=True).first()
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.using(PRIMARY).filter(pk=token.pk).update(last_used_at=now)
    return token


class Reader(Protocol):
    """Who reads (``api.auth.Caller``): a practice and the credential to name in the audit trail."""

    @property
    def practice_id(self) -> int: ...
    @property
    def audit_type(self) -> str: ...
    @property
    def credential_id(self) -> int: ...


def patients_for_reader(reader: Reader) -> QuerySet[Patient]:
    return Patient.objects.filter(practice_id=reader.practice_id)


def reader_audit(reader: Reader, *, patient_id: int | None) -> None:
    """A read by the API, or a denied one (``patient_id`` None). API reads carry no user: the
    credential names who read (a practice system, a research platform)."""
    from backactive.security.audit import record
    from backactive.security.models import AuditAction

    action = AuditAction.VIEW if patient_id is not None else AuditAction.DENIED
    record(action, patient_id=patient_id, object_type=reader.audit_type, object_id=reader.credential_id)


def get_patient_for_reader(reader: Reader, patient_id: str | int) -> Patient:
    """The patient with this FHIR id (our id) in the reader's practice, audited; Http404 otherwise."""
    reference = str(patient_id).removeprefix("Patient/")
    if not reference.isascii() or not reference.isdigit() or len(reference) > 18:
        raise Http404
    try:
        patient = patients_for_reader(reader).get(pk=int(reference))
    except Patient.DoesNotExist:
        reader_audit(reader, patient_id=None)
        raise Http404 from None
    reader_audit(reader, patient_id=patient.pk)
    return patient


def tokens_for_admin(user: User) -> QuerySet[ApiToken]:
    """The tokens a practice admin manages: their own practice's."""
    if not user.is_practice_admin or user.practice_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(practice_id=user.practice_id)


def get_token_for_admin(user: User, token_id: str | int | None) -> ApiToken | None:
    if token_id is None or not (str(token_id).isascii() and str(token_id).isdigit()):  # not "²"
        return None
    return tokens_for_admin(user).filter(pk=int(token_id)).first()
