"""Reads for GDPR: consents, what is stored about a patient (Art. 15, 20: the exports) and the
retention of the clinical record (§ 630f Abs. 3 BGB). Every use of patient data that needs
consent asks here."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Max, QuerySet
from django.utils import timezone

from backactive.accounts.models import Practice
from backactive.patients.models import Patient
from backactive.security.models import AuditEvent, UserSession

from .models import Consent, RetentionLock

RETENTION_YEARS = 10
# Fields that must never leave the system, even to the patient: hashes of codes and tokens.
SECRET_FIELD_PARTS = ("hash", "token", "password")


def has_consent(patient: Patient, purpose: str) -> bool:
    """Whether the patient's consent to ``purpose`` is in force now."""
    return Consent.objects.filter(patient=patient, purpose=purpose, withdrawn_at__isnull=True).exists()


def consent_in_force(patient: Patient, purpose: str) -> Consent | None:
    return Consent.objects.filter(patient=patient, purpose=purpose, withdrawn_at__isnull=True).first()


def consent_history(patient: Patient) -> QuerySet[Consent]:
    """Every consent the patient gave, newest first, including withdrawn ones."""
    return Consent.objects.filter(patient=patient).order_by("-given_at", "-id")


def patients_with_consent(practice: Practice, purpose: str) -> QuerySet[Patient]:
    """The practice's patients whose consent to ``purpose`` is in force. At most one consent per
    patient and purpose is in force (a database constraint), so the join yields no duplicates."""
    return Patient.objects.filter(practice=practice, consents__purpose=purpose, consents__withdrawn_at__isnull=True)


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


def retention_lock_for(patient_id: int | None) -> RetentionLock | None:
    if patient_id is None:
        return None
    return RetentionLock.objects.filter(patient_id=patient_id, erased_at__isnull=True).first()


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
    """Everything stored about the patient, by model, who accessed the record, and the login:
    account, sessions and the patient's own actions in the audit trail."""
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
    user = patient.user
    if user is not None:
        data["account"] = {
            "username": user.username, "email": user.email, "first_name": user.first_name,
            "last_name": user.last_name, "role": user.role, "is_active": user.is_active,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }  # fmt: skip
        data["sessions"] = [
            {"started": s.created_at.isoformat(), "last_seen": s.last_seen.isoformat(), "ip": s.ip,
             "device": s.user_agent}
            for s in UserSession.objects.filter(user=user).order_by("created_at")
        ]  # fmt: skip
        data["own_actions"] = [
            {"at": e.at.isoformat(), "action": e.action, "object": e.object_type, "address": e.path, "ip": e.ip}
            for e in AuditEvent.objects.filter(actor_id=user.pk).order_by("at", "id")
        ]
    lock = retention_lock_for(patient.pk)
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
