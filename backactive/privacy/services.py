"""Writes for GDPR: consents given and withdrawn; erasure on request (Art. 17) with the clinical
record locked for its retention period (§ 630f Abs. 3 BGB; Art. 17 Abs. 3 lit. b/c GDPR), and the
purge once that period has run.

- ``patient_erase`` deletes at once what the patient entered in the app (diary entries with
  source "patient") and closes their login. The clinical record (consultations, plans) is locked,
  i.e. kept and shown but never changed or added to (``guard_write``, called by the receivers
  before every write of patient data), and ``retention_purge`` (the ``backactive purge``
  command) erases it once the period has run. A patient without a clinical record is erased
  completely at once.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.patients.models import Patient
from backactive.security.services import sessions_end_other

from .models import Consent, Purpose, RetentionLock
from .selectors import retention_end, retention_lock_for

OWN_SOURCE = "patient"

_purging: contextvars.ContextVar[bool] = contextvars.ContextVar("backactive_purging", default=False)


class RecordLocked(PermissionDenied):
    """A write to a patient record under retention lock."""


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


# --- retention lock -------------------------------------------------------------------------

def guard_write(patient_id: int | None) -> None:
    """Called before every save of patient data (security receivers)."""
    if not _purging.get() and retention_lock_for(patient_id) is not None:
        raise RecordLocked(_("This record is kept for the legal retention period and can no longer be changed."))


@contextlib.contextmanager
def purging() -> Iterator[None]:
    token = _purging.set(True)
    try:
        yield
    finally:
        _purging.reset(token)


# --- erasure --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Erasure:
    entries_deleted: int
    locked_until: dt.date | None  # None: nothing clinical was kept, the patient is gone entirely


def _close_login(patient: Patient) -> None:
    """The login ends for good, and keeps nothing that was built from the person's name: the
    user name (suggested from the name at invitation), names and e-mail are replaced."""
    user = patient.user
    if user is not None:
        user.is_active = False
        user.username = f"erased-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.set_unusable_password()
        user.save(update_fields=["is_active", "username", "first_name", "last_name", "email", "password"])
        sessions_end_other(user=user, keep_key=None)


def _checkpoint() -> None:
    """On SQLite, after the erasure commits: copy the WAL into the database file and empty it, so
    that erased rows are not left readable in the WAL (deleted pages are zeroed by
    ``PRAGMA secure_delete``, set for every connection in the settings). PostgreSQL: see
    docs/security.md for what remains there and when it goes."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@transaction.atomic
def patient_erase(*, patient: Patient, requested_by: Any = None) -> Erasure:
    pain = apps.get_model("diary", "PainEntry")
    activity = apps.get_model("diary", "ActivityEntry")
    deleted = pain.objects.filter(patient=patient, source=OWN_SOURCE).delete()[0]
    deleted += activity.objects.filter(patient=patient, source=OWN_SOURCE).delete()[0]
    # The history of corrections to their own entries holds their values too.
    apps.get_model("diary", "EntryCorrection").objects.filter(patient=patient, source=OWN_SOURCE).delete()
    for purpose in Consent.objects.filter(patient=patient, withdrawn_at__isnull=True).values_list("purpose", flat=True):
        consent_withdraw(patient=patient, purpose=purpose)
    Patient.objects.filter(pk=patient.pk).update(erasure_requested_at=timezone.now())
    apps.get_model("accounts", "Invitation").objects.filter(patient=patient, used_at__isnull=True).delete()
    # Printed handouts kept for reprinting show the name and the diary chart.
    apps.get_model("handouts", "PrintedHandout").objects.filter(plan__patient=patient).delete()
    transaction.on_commit(_checkpoint)
    until = retention_end(patient)
    if until is None:
        patient_purge(patient=patient)
        return Erasure(deleted, None)
    _close_login(patient)
    RetentionLock.objects.update_or_create(
        patient_id=patient.pk,
        defaults={"practice_id": patient.practice_id, "erase_after": until, "erased_at": None,
                  "requested_by_id": getattr(requested_by, "pk", None)},
    )
    return Erasure(deleted, until)


@transaction.atomic
def patient_purge(*, patient: Patient) -> None:
    """Erase the patient and everything about them (the audit trail keeps only ids)."""
    user = patient.user
    with purging():
        apps.get_model("consultations", "Plan").objects.filter(patient=patient).delete()
        apps.get_model("consultations", "Consultation").objects.filter(patient=patient).delete()
        patient.delete()
        if user is not None:
            user.delete()


def retention_purge(*, today: dt.date | None = None) -> int:
    """Erase every locked record whose retention has run out; returns how many. Running it again
    erases nothing more."""
    today = today or timezone.localdate()
    done = 0
    for lock in RetentionLock.objects.filter(erased_at__isnull=True, erase_after__lte=today):
        with transaction.atomic():
            patient = Patient.objects.filter(pk=lock.patient_id).first()
            if patient is not None:
                patient_purge(patient=patient)
            lock.erased_at = timezone.now()
            lock.save(update_fields=["erased_at"])
            done += 1
    return done
