"""FHIR writes and exports: API tokens, a patient's Bundle, Observation imports into the diary,
and the research export (FHIR Bulk Data style NDJSON)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from backactive.accounts.models import Practice, User
from backactive.diary.models import MAX_MINUTES_PER_DAY, Source
from backactive.diary.services import activity_entry_create, pain_entry_create
from backactive.patients.models import Patient
from backactive.privacy.models import Purpose
from backactive.privacy.selectors import patients_with_consent

from .fhir import Rejection, TakenMeasurement, patient_bundle, read_observation_bundle
from .fhir.builders import (
    careplan_resource,
    goal_resource,
    observation_resource,
    patient_resource,
    service_request_resource,
)
from .fhir_selectors import FhirRecord, fhir_records
from .models import ApiToken

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "ba_"
# Imported diary entries get a client id derived from the patient and the Observation's
# identifier, so importing the same file again finds them and stores nothing twice.
IMPORT_NAMESPACE = uuid.UUID("4f3b1a52-3c1e-4f43-9a4e-0b6f0f2b7d11")
# A steps count without minutes: walking at about 100 steps a minute (the usual cadence of
# moderate walking) gives the time walked, which the diary needs; marked light, and reported.
STEPS_PER_MINUTE = 100


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(*, practice: Practice, label: str, created_by: User | None) -> tuple[ApiToken, str]:
    """A new token; the raw token is returned here once and never stored."""
    label = label.strip()
    if not label or len(label) > 100:
        raise ValidationError({"label": _("Give the token a name of at most 100 characters.")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        practice=practice, label=label, token_hash=token_hash(raw), prefix=raw[:10], created_by=created_by
    )
    return token, raw


def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def _records(patient: Patient) -> FhirRecord:
    return fhir_records([patient])[0]


def record_bundle(record: FhirRecord, *, base_url: str | None = None) -> dict[str, Any]:
    bundle = patient_bundle(
        record.patient,
        measurements=record.measurements,
        goals=record.goals,
        plans=record.plans,
        referrals=record.referrals,
        timestamp=timezone.now(),
        base_url=base_url,
    )
    return bundle.model_dump(mode="json", exclude_none=True)


def patient_fhir_bundle(patient: Patient, *, base_url: str | None = None) -> dict[str, Any]:
    """The patient's activity record as a validated FHIR R4 ``collection`` Bundle (JSON dict)."""
    return record_bundle(_records(patient), base_url=base_url)


# --- import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredEntry:
    entry: int
    kind: str
    date: dt.date
    value: float
    note: str = ""


@dataclass
class FhirImportOutcome:
    stored: list[StoredEntry] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # entry positions already stored
    rejected: list[Rejection] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "stored": [
                {"entry": s.entry, "kind": s.kind, "date": s.date.isoformat(), "value": s.value, "note": s.note}
                for s in self.stored
            ],
            "duplicates": self.duplicates,
            "rejected": [{"entry": r.entry, "reason": r.reason} for r in self.rejected],
        }


def _client_id(patient: Patient, key: str) -> uuid.UUID:
    return uuid.uuid5(IMPORT_NAMESPACE, f"{patient.pk}|{key}")


def _messages(err: ValidationError) -> str:
    return " ".join(str(m) for m in err.messages)


def _store(
    patient: Patient, taken: TakenMeasurement, steps: TakenMeasurement | None, **common: Any
) -> tuple[bool, str]:
    """Write one diary entry; (created, note). ValidationError when the diary refuses it."""
    client_id = _client_id(patient, taken.key)
    if taken.kind == "pain":
        if not float(taken.value).is_integer():
            raise ValidationError(_("Pain must be a whole number from 0 to 10."))
        saved = pain_entry_create(
            patient=patient, date=taken.date, pain=int(taken.value), client_id=client_id, **common
        )
        return saved.created, ""
    if taken.kind == "minutes_per_day":
        minutes = round(taken.value)
        if minutes < 1:
            raise ValidationError(_("No active minutes: nothing to record."))
        saved = activity_entry_create(
            patient=patient, date=taken.date, activity="other", minutes=minutes, intensity="moderate",
            steps=round(steps.value) if steps else None, client_id=client_id, **common,
        )  # fmt: skip
        return saved.created, _("with the day's steps") if steps else ""
    if taken.kind == "steps":
        steps_count = round(taken.value)
        if steps_count < 1:
            raise ValidationError(_("No steps: nothing to record."))
        minutes = min(MAX_MINUTES_PER_DAY, max(1, round(steps_count / STEPS_PER_MINUTE)))
        saved = activity_entry_create(
            patient=patient, date=taken.date, activity="walking", minutes=minutes, intensity="light",
            steps=steps_count, client_id=client_id, **common,
        )  # fmt: skip
        return saved.created, _("minutes estimated from the steps (%(n)s a minute)") % {"n": STEPS_PER_MINUTE}
    raise ValidationError(_("A weekly figure; the diary records days (send daily minutes, LOINC 68516-4)."))


def fhir_import_observations(
    *, patient: Patient, data: bytes | str | dict[str, Any], entered_by: User | None = None,
    today: dt.date | None = None,
) -> FhirImportOutcome:  # fmt: skip
    """Store an Observation bundle's steps, minutes per day and pain as diary entries (source
    "import") through the diary services. Raises FhirImportError when the input is not a Bundle.
    A day's steps and active minutes in the same bundle become one entry."""
    today = today or timezone.localdate()
    report = read_observation_bundle(data, today=today)
    outcome = FhirImportOutcome(duplicates=list(report.duplicates), rejected=list(report.rejected))
    minutes_days = {m.date for m in report.taken if m.kind == "minutes_per_day" and round(m.value) >= 1}
    steps_by_day: dict[dt.date, TakenMeasurement] = {}
    for m in report.taken:
        if m.kind == "steps" and m.date in minutes_days:
            steps_by_day.setdefault(m.date, m)
    joined = {id(m) for m in steps_by_day.values()}
    common = {"source": Source.IMPORT, "entered_by": entered_by, "today": today}
    with transaction.atomic():
        for m in report.taken:
            if id(m) in joined:
                continue  # stored with the day's minutes
            steps = steps_by_day.pop(m.date, None) if m.kind == "minutes_per_day" else None
            try:
                created, note = _store(patient, m, steps, **common)
            except ValidationError as err:
                outcome.rejected.append(Rejection(entry=m.entry, reason=_messages(err)))
                if steps is not None:
                    outcome.rejected.append(Rejection(entry=steps.entry, reason=_("belongs with the day's minutes, "
                                                        "which were not taken")))  # fmt: skip
                continue
            if not created:
                outcome.duplicates += [m.entry] + ([steps.entry] if steps else [])
                continue
            outcome.stored.append(StoredEntry(entry=m.entry, kind=m.kind, date=m.date, value=m.value, note=note))
            if steps is not None:
                outcome.stored.append(StoredEntry(entry=steps.entry, kind="steps", date=steps.date, value=steps.value,
                                                  note=_("with the day's minutes")))  # fmt: skip
    outcome.duplicates.sort()
    outcome.rejected.sort(key=lambda r: r.entry)
    return outcome


# --- research export ------------------------------------------------------------------------

RESOURCE_TYPES = ("Patient", "Observation", "Goal", "CarePlan", "ServiceRequest")
EXPORT_BATCH = 200


def _resources(record: FhirRecord) -> Iterator[tuple[str, Any]]:
    pid = record.patient.id
    yield "Patient", patient_resource(record.patient)
    for m in record.measurements:
        yield "Observation", observation_resource(m, patient_id=pid)
    for g in record.goals:
        yield "Goal", goal_resource(g, patient_id=pid)
    for p in record.plans:
        yield "CarePlan", careplan_resource(p, patient_id=pid)
    for r in record.referrals:
        yield "ServiceRequest", service_request_resource(r, patient_id=pid)


def _ndjson_line(resource: Any) -> str:
    return json.dumps(resource.model_dump(mode="json", exclude_none=True), ensure_ascii=False, separators=(",", ":"))


def research_export(*, practice: Practice, out_dir: Path, key: bytes, today: dt.date | None = None) -> dict[str, int]:
    """Write ``<Type>.ndjson`` (one resource a line) for every patient of the practice whose
    research consent is in force, with keyed-hash ids and no names, plus a ``manifest.json`` as
    FHIR Bulk Data describes it. Files appear complete or not at all. Returns counts per type,
    and ``left_out_patients`` when a record could not be expressed in FHIR (their pseudonyms are
    listed in the manifest's ``error``)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    counts: dict[str, int] = defaultdict(int)
    errors: list[str] = []
    temporary = {t: out_dir / f".{t}.ndjson.tmp" for t in RESOURCE_TYPES}
    files = {t: path.open("w", encoding="utf-8") for t, path in temporary.items()}
    try:
        patients = patients_with_consent(practice, Purpose.RESEARCH).order_by("pk")
        last = 0
        while True:
            batch = list(patients.filter(pk__gt=last)[:EXPORT_BATCH])
            if not batch:
                break
            last = batch[-1].pk
            for record in fhir_records(batch, pseudonymise=key, today=today):
                try:
                    lines = [(t, _ndjson_line(r)) for t, r in _resources(record)]
                except (ValueError, PydanticValidationError) as err:
                    # One record FHIR cannot hold (a value out of range, a character a FHIR string
                    # refuses) must not stop the export: that patient is left out whole, and said so.
                    logger.warning("research export left out patient %s (%s)", record.patient_pk, type(err).__name__)
                    errors.append(record.patient.id)
                    continue
                for resource_type, line in lines:
                    files[resource_type].write(line + "\n")
                    counts[resource_type] += 1
    except BaseException:
        for handle in files.values():
            handle.close()
        for path in temporary.values():
            path.unlink(missing_ok=True)
        raise
    for handle in files.values():
        handle.close()
    for resource_type, path in temporary.items():
        os.replace(path, out_dir / f"{resource_type}.ndjson")
    manifest = {
        "transactionTime": started.isoformat(),
        "request": f"backactive fhir export --practice {practice.pk}",
        "requiresAccessToken": False,
        "output": [{"type": t, "url": f"{t}.ndjson", "count": counts[t]} for t in RESOURCE_TYPES],
        "error": [{"type": "OperationOutcome", "left_out_patients": errors}] if errors else [],
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    result = {t: counts[t] for t in RESOURCE_TYPES}
    if errors:
        result["left_out_patients"] = len(errors)
    return result
