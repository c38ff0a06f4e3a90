"""Who may read what through the FHIR API: the token counterpart of ``accounts.access``.

A request carries ``Authorization: Bearer <token>``; the token belongs to one practice and sees
that practice's patients only. Anything outside it is a 404, like a record that does not exist.
Sessions (logged-in staff in a browser) do not count here: the API answers tokens only.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from backactive.accounts.models import User
from backactive.patients.models import Patient

from ..models import ApiToken
from .tokens import token_hash

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
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def patients_for_token(token: ApiToken) -> QuerySet[Patient]:
    return Patient.objects.filter(practice_id=token.practice_id)


def get_patient_for_token(token: ApiToken, patient_id: str) -> Patient:
    """The patient with this FHIR id (our id) in the token's practice; Http404 otherwise."""
    reference = patient_id.removeprefix("Patient/")
    if not (reference.isascii() and reference.isdigit()) or len(reference) > 18:  # not "²"
        raise Http404
    from backactive.security.audit import record
    from backactive.security.models import AuditAction

    try:
        patient = patients_for_token(token).get(pk=int(reference))
    except Patient.DoesNotExist:
        record(AuditAction.DENIED, object_type="fhir_token", object_id=token.pk)
        raise Http404 from None
    # API reads carry no user: the token names who read (a practice system, a research tool).
    record(AuditAction.VIEW, patient_id=patient.pk, object_type="fhir_token", object_id=token.pk)
    return patient


def tokens_for_admin(user: User) -> QuerySet[ApiToken]:
    """The tokens a practice admin manages: their own practice's."""
    if not user.is_practice_admin or user.practice_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(practice_id=user.practice_id)


def get_token_for_admin(user: User, token_id: str | int | None) -> ApiToken | None:
    if token_id is None or not (str(token_id).isascii() and str(token_id).isdigit()):
        return None
    return tokens_for_admin(user).filter(pk=int(token_id)).first()
