"""The patient's rights under GDPR, within what German medical law allows.

- Access and portability (Art. 15, 20): ``export_json`` / ``export_csv`` / ``export_fhir`` hold
  everything stored about the patient, found through every model that points at the patient
  (new apps are included without changes here), plus who accessed the record.
- Erasure (Art. 17): ``erase_on_request`` deletes at once what the patient entered in the app
  (diary entries with source "patient") and closes their login. The clinical record
  (consultations, plans) must be kept 10 years after the last treatment (§ 630f Abs. 3 BGB;
  Art. 17 Abs. 3 lit. b/c GDPR): it is locked, i.e. kept and shown but never changed or added to,
  and ``purge_due`` (the ``backactive purge`` command) erases it once the period has run.
  A patient without a clinical record is erased completely at once.
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.patients.models import Patient
from backactive.privacy.models import Consent
from backactive.privacy.services import consent_withdraw
from backactive.security import sessions
from backactive.security.models import AuditEvent, RetentionLock

RETENTION_YEARS = 10
OWN_SOURCE = "patient"
# Fields that must never leave the system, even to the patient: hashes of codes and tokens.
SECRET_FIELD_PARTS = ("hash", "token", "password")

_purging: contextvars.ContextVar[bool] = contextvars.ContextVar("backactive_purging", default=False)


class RecordLocked(PermissionDenied):
    """A write to a patient record under retention lock."""


# --- retention ------------------------------------------------------------------------------

def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retention_end(patient: Patient) -> dt.date | None:
    """Ten years after the last consultation or plan; None when there is no clinical record."""
    last_consultation = patient.consultations.aggregate(last=Max("date"))["last"]
    last_plan = patient.plans.aggregate(last=Max("created_at"))["last"]
    days = [d for d in (last_consultation, timezone.localdate(last_plan) if last_plan else None) if d]
    return _add_years(max(days), RETENTION_YEARS) if days else None


def lock_for(patient_id: int | None) -> RetentionLock | None:
    if patient_id is None:
        return None
    return RetentionLock.objects.filter(patient_id=patient_id, erased_at__isnull=True).first()


def guard_write(patient_id: int | None) -> None:
    """Called before every save of patient data (security receivers)."""
    if not _purging.get() and lock_for(patient_id) is not None:
        raise RecordLocked(_("This record is kept for the legal retention period and can no longer be changed."))


@contextlib.contextmanager
def purging() -> Iterator[None]:
    token = _purging.set(True)
    try:
        yield
    finally:
        _purging.reset(token)


# --- export ---------------------------------------------------------------------------------

def _patient_models() -> list[tuple[type[models.Model], str]]:
    """Every model with a foreign key to Patient, with the field's name."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is Patient:
                found.append((model, field.name))
    return sorted(found, key=lambda item: item[0]._meta.label)


def _rows(queryset: Any) -> list[dict[str, Any]]:
    rows = []
    for item in serializers.serialize("python", queryset):
        fields = {k: v for k, v in item["fields"].items() if not any(p in k for p in SECRET_FIELD_PARTS)}
        rows.append({"id": item["pk"], **fields})
    return rows


def patient_data(patient: Patient) -> dict[str, Any]:
    """Everything stored about the patient, by model, and who accessed the record."""
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat(),
                            "patient": _rows(Patient.objects.filter(pk=patient.pk))[0]}
    for model, field in _patient_models():
        rows = _rows(model._default_manager.filter(**{field: patient}).order_by("pk"))
        if rows:
            data[model._meta.label_lower] = rows
    plan_item = apps.get_model("consultations", "PlanItem")
    data["consultations.planitem"] = _rows(plan_item.objects.filter(plan__patient=patient).order_by("pk"))
    data["access_log"] = [
        {"at": e.at.isoformat(), "who": e.actor_name, "role": e.actor_role, "action": e.action,
         "object": e.object_type}
        for e in AuditEvent.objects.filter(patient_id=patient.pk).order_by("at", "id")
    ]
    lock = lock_for(patient.pk)
    data["retention"] = {"locked": lock is not None, "erase_after": lock.erase_after.isoformat() if lock else None}
    return data


def export_json(patient: Patient) -> str:
    return json.dumps(patient_data(patient), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)


def export_csv(patient: Patient) -> str:
    """One row per stored value: section, id, field, value (lists and objects as JSON)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "id", "field", "value"])
    for section, content in patient_data(patient).items():
        rows = content if isinstance(content, list) else [content]
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                writer.writerow([section, "", "", row])
                continue
            ident = row.get("id", index)
            for key, value in row.items():
                if key == "id":
                    continue
                text = value if isinstance(value, str) else json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
                # A cell starting with = + - @ would be a formula in a spreadsheet (CSV injection).
                writer.writerow([section, ident, key, "'" + text if text[:1] in "=+-@\t\r" else text])
    return out.getvalue()


def export_fhir(patient: Patient) -> dict[str, Any]:
    from backactive.interop.fhir.services import patient_fhir_bundle

    return patient_fhir_bundle(patient)


# --- erasure --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Erasure:
    entries_deleted: int
    locked_until: dt.date | None  # None: nothing clinical was kept, the patient is gone entirely


def _close_login(patient: Patient) -> None:
    user = patient.user
    if user is not None:
        user.is_active = False
        user.save(update_fields=["is_active"])
        sessions.end_other_sessions(user, None)


@transaction.atomic
def erase_on_request(*, patient: Patient, requested_by: Any = None) -> Erasure:
    pain = apps.get_model("diary", "PainEntry")
    activity = apps.get_model("diary", "ActivityEntry")
    deleted = pain.objects.filter(patient=patient, source=OWN_SOURCE).delete()[0]
    deleted += activity.objects.filter(patient=patient, source=OWN_SOURCE).delete()[0]
    for purpose in Consent.objects.filter(patient=patient, withdrawn_at__isnull=True).values_list("purpose", flat=True):
        consent_withdraw(patient=patient, purpose=purpose)
    until = retention_end(patient)
    if until is None:
        purge_patient(patient)
        return Erasure(deleted, None)
    _close_login(patient)
    RetentionLock.objects.update_or_create(
        patient_id=patient.pk,
        defaults={"practice_id": patient.practice_id, "erase_after": until, "erased_at": None,
                  "requested_by_id": getattr(requested_by, "pk", None)},
    )
    return Erasure(deleted, until)


@transaction.atomic
def purge_patient(patient: Patient) -> None:
    """Erase the patient and everything about them (the audit trail keeps only ids)."""
    user = patient.user
    with purging():
        apps.get_model("consultations", "Plan").objects.filter(patient=patient).delete()
        apps.get_model("consultations", "Consultation").objects.filter(patient=patient).delete()
        patient.delete()
        if user is not None:
            user.delete()


def purge_due(*, today: dt.date | None = None) -> int:
    """Erase every locked record whose retention has run out; returns how many. Running it again
    erases nothing more."""
    today = today or timezone.localdate()
    done = 0
    for lock in RetentionLock.objects.filter(erased_at__isnull=True, erase_after__lte=today):
        with transaction.atomic():
            patient = Patient.objects.filter(pk=lock.patient_id).first()
            if patient is not None:
                purge_patient(patient)
            lock.erased_at = timezone.now()
            lock.save(update_fields=["erased_at"])
            done += 1
    return done
