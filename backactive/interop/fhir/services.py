"""FHIR writes: a patient's record as a Bundle, and Observation bundles imported into the diary."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.diary.models import MAX_MINUTES_PER_DAY, Source
from backactive.diary.services import activity_entry_create, pain_entry_create
from backactive.patients.models import Patient

from .r4b import Rejection, TakenMeasurement, patient_bundle, read_observation_bundle
from .selectors import FhirRecord, fhir_records

# Imported diary entries get a client id derived from the patient and the Observation's
# identifier, so importing the same file again finds them and stores nothing twice.
IMPORT_NAMESPACE = uuid.UUID("4f3b1a52-3c1e-4f43-9a4e-0b6f0f2b7d11")
# A steps count without minutes: walking at about 100 steps a minute (the usual cadence of
# moderate walking) gives the time walked, which the diary needs; marked light, and reported.
STEPS_PER_MINUTE = 100


def _records(patient: Patient) -> FhirRecord:
    return fhir_records([patient])[0]


def record_bundle(record: FhirRecord, *, base_url: str | None = None) -> dict[str, Any]:
    bundle = patient_bundle(
        record.patient,
        measurements=record.measurements,
        goals=record.goals,
        plans=record.plans,
        referrals=record.referrals,
        responses=record.responses,
        timestamp=timezone.now(),
        base_url=base_url,
    )
    return bundle.model_dump(mode="json", exclude_none=True)


def patient_fhir_bundle(patient: Patient, *, base_url: str | None = None) -> dict[str, Any]:
    """The patient's activity record as a validated FHIR R4 ``collection`` Bundle (JSON dict)."""
    return record_bundle(_records(patient), base_url=base_url)


def patient_fhir_json(patient: Patient) -> str:
    """The Bundle as indented JSON text (the patient's GDPR export in FHIR)."""
    return json.dumps(patient_fhir_bundle(patient), ensure_ascii=False, indent=1)


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
    # Activity comes measured (a device, another system), not typed: no slip of the keyboard to
    # ask about, so a long day is taken as confirmed.
    if taken.kind == "minutes_per_day":
        minutes = round(taken.value)
        if minutes < 1:
            raise ValidationError(_("No active minutes: nothing to record."))
        saved = activity_entry_create(
            patient=patient, date=taken.date, activity="other", minutes=minutes, intensity="moderate",
            steps=round(steps.value) if steps else None, client_id=client_id, confirmed=True, **common,
        )  # fmt: skip
        return saved.created, _("with the day's steps") if steps else ""
    if taken.kind == "steps":
        steps_count = round(taken.value)
        if steps_count < 1:
            raise ValidationError(_("No steps: nothing to record."))
        minutes = min(MAX_MINUTES_PER_DAY, max(1, round(steps_count / STEPS_PER_MINUTE)))
        saved = activity_entry_create(
            patient=patient, date=taken.date, activity="walking", minutes=minutes, intensity="light",
            steps=steps_count, client_id=client_id, confirmed=True, **common,
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
    # Days are the practice's days (settings.TIME_ZONE), as everywhere in the diary.
    report = read_observation_bundle(data, today=today, tz=timezone.get_default_timezone())
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
