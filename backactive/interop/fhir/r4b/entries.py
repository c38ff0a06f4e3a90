"""The API's view of a patient's record: one ``Entry`` per resource, with what a search filters
and sorts on, a fingerprint of its content, and the resource built only when it is sent.

Pure Python. The fingerprint is a hash of the builder's inputs and of the builders' own source
(``FORMAT``): the same inputs through the same code give the same resource, so a changed
fingerprint means a changed resource (a new ``meta.versionId``) without building every resource
of a year's record to compare.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Final

from backactive.questionnaires import instrument

from . import terminology as t
from .builders import careplan_resource, goal_resource, observation_resource, patient_resource, service_request_resource
from .inputs import GoalData, MeasurementData, PatientData, PlanData, ReferralData
from .questionnaires import ResponseData, questionnaire_id, questionnaire_resource, questionnaire_response_resource
from .search import Search, date_test, day_span, instant_span, parse_tokens

_HERE = Path(__file__).parent
_BUILDERS = ("builders.py", "terminology.py", "inputs.py", "questionnaires.py")
FORMAT: Final = hashlib.sha256(b"".join((_HERE / name).read_bytes() for name in _BUILDERS)).hexdigest()[:16]


def fingerprint(*parts: object) -> str:
    return hashlib.sha256(f"{FORMAT}|{parts!r}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Entry:
    resource_type: str
    id: str
    fingerprint: str
    build: Callable[[], dict[str, Any]]  # the resource as JSON, without version meta
    day: dt.date | None = None  # Observation: the effective day
    codings: tuple[tuple[str, str], ...] = ()  # Observation.code
    categories: tuple[tuple[str, str], ...] = ()  # Observation.category


def _json(resource: Any) -> dict[str, Any]:
    return dict(resource.model_dump(mode="json", exclude_none=True))


def patient_entry(patient: PatientData) -> Entry:
    return Entry("Patient", patient.id, fingerprint("Patient", patient), lambda: _json(patient_resource(patient)))


def _observation_entry(m: MeasurementData, patient_id: str) -> Entry:
    measure = t.MEASURES[m.kind]
    categories = [(t.OBSERVATION_CATEGORY, measure.category)]
    if measure.category == "activity":
        categories.append((t.PA_TEMPORARY_CODES, str(t.PHYSICAL_ACTIVITY_CATEGORY["code"])))
    day = m.effective.date() if isinstance(m.effective, dt.datetime) else m.effective
    return Entry(
        "Observation", m.id, fingerprint("Observation", patient_id, m),
        lambda: _json(observation_resource(m, patient_id=patient_id)),
        day=day, codings=((t.LOINC, measure.loinc),), categories=tuple(categories),
    )  # fmt: skip


def _response_entry(response: ResponseData, patient_id: str) -> Entry:
    # The instrument is part of the fingerprint (its items decide how an answer is written); the
    # answers in key order, as the order they were read in says nothing.
    used = instrument(response.instrument)
    content = (response.id, response.instrument, sorted(response.answers.items()), response.authored.isoformat(),
               response.complete, response.source)  # fmt: skip
    return Entry(
        "QuestionnaireResponse", response.id, fingerprint("QuestionnaireResponse", patient_id, content, used),
        lambda: _json(questionnaire_response_resource(response, used, patient_id=patient_id)),
    )  # fmt: skip


def questionnaire_entry(code: str, *, lang: str) -> Entry:
    """An instrument as a Questionnaire: the same for every patient, so it belongs to no record."""
    used = instrument(code)
    return Entry("Questionnaire", questionnaire_id(code), fingerprint("Questionnaire", used, lang),
                 lambda: _json(questionnaire_resource(used, lang=lang)))  # fmt: skip


def record_entries(
    patient: PatientData,
    resource_type: str,
    *,
    measurements: Sequence[MeasurementData] = (),
    goals: Sequence[GoalData] = (),
    plans: Sequence[PlanData] = (),
    referrals: Sequence[ReferralData] = (),
    responses: Sequence[ResponseData] = (),
) -> list[Entry]:
    """The entries of one type in a patient's record, in the record's order (a Questionnaire is
    no part of a record: ``questionnaire_entry``)."""
    pid = patient.id
    if resource_type == "Patient":
        return [patient_entry(patient)]
    if resource_type == "Observation":
        return [_observation_entry(m, pid) for m in measurements]
    if resource_type == "QuestionnaireResponse":
        return [_response_entry(r, pid) for r in responses]
    builders: dict[str, tuple[Callable[..., Any], Sequence[Any]]] = {
        "Goal": (goal_resource, goals),
        "CarePlan": (careplan_resource, plans),
        "ServiceRequest": (service_request_resource, referrals),
    }
    if resource_type not in builders:
        raise ValueError(f"no entries of type {resource_type}")
    builder, items = builders[resource_type]
    return [
        Entry(resource_type, item.id, fingerprint(resource_type, pid, item), partial(_built, builder, item, pid))
        for item in items
    ]


def _built(builder: Callable[..., Any], item: Any, patient_id: str) -> dict[str, Any]:
    return _json(builder(item, patient_id=patient_id))


def with_meta(resource: dict[str, Any], *, version_id: int, last_updated: dt.datetime) -> dict[str, Any]:
    """The resource with ``meta.versionId`` and ``meta.lastUpdated`` (other meta kept)."""
    meta = dict(resource.get("meta") or {})
    meta["versionId"] = str(version_id)
    meta["lastUpdated"] = last_updated.isoformat(timespec="milliseconds")
    # FHIR's JSON puts meta right after id; keep that order for people reading the answers.
    ordered = {k: resource[k] for k in ("resourceType", "id") if k in resource}
    return {**ordered, "meta": meta, **{k: v for k, v in resource.items() if k not in ordered and k != "meta"}}


def select(
    entries: Iterable[Entry], search: Search, *, tz: dt.tzinfo, last_updated: dict[str, dt.datetime]
) -> list[Entry]:
    """The entries that match the search's filters, in its sort order (record order otherwise)."""
    found = list(entries)
    filters = search.filters
    for value in filters.get("_id", []):
        wanted = set(value.split(","))
        found = [e for e in found if e.id in wanted]
    for value in filters.get("code", []):
        tokens = parse_tokens(value)
        found = [e for e in found if any(token.matches(e.codings) for token in tokens)]
    for value in filters.get("category", []):
        tokens = parse_tokens(value)
        found = [e for e in found if any(token.matches(e.categories) for token in tokens)]
    if filters.get("date"):
        on = date_test(filters["date"], tz)
        found = [e for e in found if e.day is not None and on(day_span(e.day, tz))]
    if filters.get("_lastUpdated"):
        at = date_test(filters["_lastUpdated"], tz)
        found = [e for e in found if e.id in last_updated and at(instant_span(last_updated[e.id]))]
    if search.sort in ("date", "-date"):
        found.sort(key=lambda e: (e.day or dt.date.min, e.id), reverse=search.sort == "-date")
    return found
