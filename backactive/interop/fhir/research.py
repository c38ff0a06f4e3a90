"""The research export: FHIR Bulk Data NDJSON of the patients whose research consent is in force,
pseudonymised (keyed-hash ids, no names, no practice-system numbers).

Each completed questionnaire is a QuestionnaireResponse; each instrument answered in the export is
one Questionnaire (in German, the practices' language), written once, not per patient: it is a
definition, the same for everyone, so it carries no per-patient version (``meta``).

``research_lines`` is the one reading path; two writers use it: ``research_export`` writes files
and a manifest into a folder (``backactive fhir export``), and the Bulk Data job (``bulk.py``)
stores the files of an ``$export`` in the database.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from pydantic import ValidationError as PydanticValidationError

from backactive.accounts.models import Practice
from backactive.core.replica import replica_read_time, replica_reads
from backactive.privacy.models import Consent, Purpose
from backactive.privacy.selectors import patients_with_consent

from .r4b.entries import Entry, questionnaire_entry, record_entries, with_meta
from .selectors import FhirRecord, fhir_records
from .versions import fhir_versions_stamp

logger = logging.getLogger(__name__)

RESOURCE_TYPES = ("Patient", "Observation", "Goal", "CarePlan", "ServiceRequest", "Questionnaire",
                  "QuestionnaireResponse")  # fmt: skip
QUESTIONNAIRE_LANG = "de"
EXPORT_BATCH = 200
_PARTS = {"Observation": "measurements", "Goal": "plans", "CarePlan": "plans", "ServiceRequest": "plans",
          "Questionnaire": "questionnaires", "QuestionnaireResponse": "questionnaires"}  # fmt: skip


@dataclass
class ExportRun:
    """What an export wrote: lines per type, and the pseudonyms of patients left out whole."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    left_out: list[str] = field(default_factory=list)


def _entries(record: FhirRecord, types: Sequence[str]) -> list[tuple[Entry, dict[str, Any]]]:
    """Every resource of the record of the given types, built (ValueError or a validation error
    when the record cannot be expressed in FHIR)."""
    built = []
    for resource_type in types:
        if resource_type == "Questionnaire":
            continue  # no part of a record: once per export
        for entry in record_entries(record.patient, resource_type, measurements=record.measurements,
                                    goals=record.goals, plans=record.plans, referrals=record.referrals,
                                    responses=record.responses):  # fmt: skip
            built.append((entry, entry.build()))
    return built


def _ndjson(resource: dict[str, Any]) -> str:
    return json.dumps(resource, ensure_ascii=False, separators=(",", ":"))


def research_lines(
    *,
    practice: Practice,
    key: bytes,
    run: ExportRun,
    types: Sequence[str] = RESOURCE_TYPES,
    since: dt.datetime | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[tuple[str, str]]:
    """(resource type, NDJSON line) for every resource of the consenting patients, in batches.

    With ``since``, only resources changed after it, and every resource of a patient whose consent
    was given after it (new to the group, as the Bulk Data guide asks). One record FHIR cannot
    hold (a value out of range, a character FHIR refuses) does not stop the export: that patient
    is left out whole and named in ``run.left_out``. After the patients, a Questionnaire for each
    instrument whose answers were written (with ``Questionnaire`` but without
    ``QuestionnaireResponse`` among the types: each instrument answered in the records written)."""
    patients = patients_with_consent(practice, Purpose.RESEARCH).order_by("pk")
    total = patients.count()
    parts = frozenset(_PARTS[t] for t in types if t in _PARTS)
    done = last = 0
    answered: dict[str, str] = {}  # QuestionnaireResponse id -> instrument, of the records written
    sent: set[str] = set()  # instruments of the QuestionnaireResponses written
    if progress:
        progress(0, total)
    while batch := list(patients.filter(pk__gt=last)[:EXPORT_BATCH]):
        if cancelled and cancelled():
            return
        last = batch[-1].pk
        new_to_group: set[int] = set()
        if since is not None:
            new_to_group = set(
                Consent.objects.filter(patient__in=batch, purpose=Purpose.RESEARCH, withdrawn_at__isnull=True,
                                       given_at__gt=since).values_list("patient_id", flat=True)
            )  # fmt: skip
        built: list[tuple[int, Entry, dict[str, Any]]] = []
        for record in fhir_records(batch, pseudonymise=key, today=today, parts=parts):
            try:
                built += [(record.patient_pk, entry, data) for entry, data in _entries(record, types)]
            except (ValueError, PydanticValidationError) as err:
                logger.warning("research export left out patient %s (%s)", record.patient_pk, type(err).__name__)
                run.left_out.append(record.patient.id)
                continue
            answered.update((r.id, r.instrument) for r in record.responses)
        versions = fhir_versions_stamp(items=[(pk, entry) for pk, entry, _ in built])
        for patient_pk, entry, data in built:
            version = versions[(entry.resource_type, entry.id)]
            if since is not None and version.last_updated <= since and patient_pk not in new_to_group:
                continue
            run.counts[entry.resource_type] += 1
            if entry.resource_type == "QuestionnaireResponse":
                sent.add(answered[entry.id])
            yield entry.resource_type, _ndjson(
                with_meta(data, version_id=version.version_id, last_updated=version.last_updated)
            )
        done += len(batch)
        if progress:
            progress(done, total)
    if "Questionnaire" in types:
        for code in sorted(sent if "QuestionnaireResponse" in types else set(answered.values())):
            run.counts["Questionnaire"] += 1
            yield "Questionnaire", _ndjson(questionnaire_entry(code, lang=QUESTIONNAIRE_LANG).build())


def left_out_outcome(pseudonym: str) -> dict[str, Any]:
    return {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "processing",
            "diagnostics": f"Patient/{pseudonym} was left out: its record could not be written as FHIR."}]}  # fmt: skip


def research_export(
    *, practice: Practice, out_dir: Path, key: bytes, request_url: str, today: dt.date | None = None
) -> dict[str, int]:
    """Write ``<Type>.ndjson`` (one resource a line) for every consenting patient, plus a
    ``manifest.json`` as FHIR Bulk Data describes it: ``request`` is the equivalent kick-off URL,
    every ``url`` absolute (``file:``), errors in ``errors.ndjson`` as OperationOutcomes. Files
    appear complete or not at all. Returns counts per type (and ``left_out_patients``)."""
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    started = replica_read_time(timezone.now())
    run = ExportRun()
    temporary = {t: out_dir / f".{t}.ndjson.tmp" for t in RESOURCE_TYPES}
    files = {t: path.open("w", encoding="utf-8") for t, path in temporary.items()}
    try:
        with replica_reads():  # read-only work: the read replica serves it where there is one
            for resource_type, line in research_lines(practice=practice, key=key, run=run, today=today):
                files[resource_type].write(line + "\n")
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
    errors_path = out_dir / "errors.ndjson"
    errors_path.unlink(missing_ok=True)
    if run.left_out:
        errors_path.write_text("".join(_ndjson(left_out_outcome(p)) + "\n" for p in run.left_out), encoding="utf-8")
    manifest = {
        "transactionTime": started.isoformat(),
        "request": request_url,
        "requiresAccessToken": False,
        "output": [
            {"type": t, "url": (out_dir / f"{t}.ndjson").as_uri(), "count": run.counts[t]} for t in RESOURCE_TYPES
        ],
        "error": [{"type": "OperationOutcome", "url": errors_path.as_uri(), "count": len(run.left_out)}]
        if run.left_out
        else [],
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    result = {t: run.counts[t] for t in RESOURCE_TYPES}
    if run.left_out:
        result["left_out_patients"] = len(run.left_out)
    return result
