"""Writes of consents: the one place they are given and withdrawn."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.patients.models import Patient

from .models import Consent, Purpose


def _check(purpose: str, version: str | None = None) -> None:
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": _("Unknown purpose “%(code)s”.") % {"code": purpose}})
    if version is not None and not (version.strip() and len(version) <= 20):
        raise ValidationError({"version": _("Give the version of the consent text (at most 20 characters).")})


@transaction.atomic
def consent_give(
    *, patient: Patient, purpose: str, version: str, recorded_by: User | None = None, when: dt.datetime | None = None
) -> Consent:
    """Record that the patient agrees to ``purpose`` in text ``version``. Agreeing again to the
    same version changes nothing; agreeing to a new version replaces the one in force."""
    _check(purpose, version)
    when = when or timezone.now()
    Patient.objects.select_for_update().filter(pk=patient.pk).first()  # one writer per patient at a time
    current = Consent.objects.filter(patient=patient, purpose=purpose, withdrawn_at__isnull=True).first()
    if current is not None:
        if current.version == version:
            return current
        current.withdrawn_at = max(when, current.given_at)
        current.save(update_fields=["withdrawn_at"])
    return Consent.objects.create(
        patient=patient, purpose=purpose, version=version, given_at=when, recorded_by=recorded_by
    )


@transaction.atomic
def consent_withdraw(*, patient: Patient, purpose: str, when: dt.datetime | None = None) -> bool:
    """Withdraw the consent in force; False if there was none."""
    _check(purpose)
    current = (
        Consent.objects.select_for_update().filter(patient=patient, purpose=purpose, withdrawn_at__isnull=True).first()
    )
    if current is None:
        return False
    current.withdrawn_at = max(when or timezone.now(), current.given_at)
    current.save(update_fields=["withdrawn_at"])
    return True
