"""The research export: FHIR Bulk Data style NDJSON of the consenting patients, pseudonymised."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils import timezone
from pydantic import ValidationError as PydanticValidationError

from backactive.accounts.models import Practice
from backactive.privacy.models import Purpose
from backactive.privacy.selectors import patients_with_consent
from backactive.questionnaires import instrument

from .r4b import (
    careplan_resource,
    goal_resource,
    observation_resource,
    patient_resource,
    questionnaire_resource,
    questionnaire_response_resource,
    service_request_resource,
)
from .selectors import FhirRecord, fhir_records

logger = logging.getLogger(__name__)

RESOURCE_TYPES = ("Patient", "Observation", "Goal", "CarePlan", "ServiceRequest", "Questionnaire",
                  "QuestionnaireResponse")
# Questionnaires are written once per export (in German, the practices' language), not per patient.
QUESTIONNAIRE_LANG = "de"
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
    for q in record.responses:
        yield "QuestionnaireResponse", questionnaire_response_resource(q, instrument(q.instrument), patient_id=pid)


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
    answered: set[str] = set()
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
                answered.update(q.instrument for q in record.responses)
        for code in sorted(answered):
            resource = questionnaire_resource(instrument(code), lang=QUESTIONNAIRE_LANG)
            files["Questionnaire"].write(_ndjson_line(resource) + "\n")
            counts["Questionnaire"] += 1
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
