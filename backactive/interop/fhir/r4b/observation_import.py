"""Reading Observation bundles from other apps (steps from a phone, minutes from a tracker).

Pure Python. Each entry is checked on its own, so one bad entry rejects only itself: it must be
a valid R4B Observation with a final status, a LOINC code we know, a unit we can convert, a value
in range and a date. Entries seen before (by identifier, else by kind, date and value) are
skipped as duplicates. The caller stores ``taken`` and shows the report.

A moment with a time is placed on the day it is in the practice's time zone (``tz``), not on the
day its own offset names: 2026-11-21T23:30Z is 22 November in Berlin.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from fhir.resources.R4B.observation import Observation
from pydantic import ValidationError

from . import terminology as t
from .inputs import MeasureKind

ACCEPTED_STATUSES = frozenset({"final", "amended", "corrected"})

# Units we take per measure (UCUM codes) and the factor to our unit.
UNITS: dict[str, dict[str, float]] = {
    "pain": {"{score}": 1, "1": 1, "": 1},
    "minutes_per_week": {"min/wk": 1, "h/wk": 60},
    "days_per_week": {"d/wk": 1},
    "minutes_per_day": {"min/d": 1, "h/d": 60},
    "steps": {"/d": 1, "{steps}/d": 1, "{steps}": 1, "1": 1, "": 1},
}
# Codes other apps use for a measure we know under another code: 55423-8 ("Number of steps in
# unspecified time Pedometer") is what phones and trackers commonly send for a day's steps.
ALIASES: dict[str, MeasureKind] = {"55423-8": "steps"}
# Measures whose code does not name a period: taken only when the observation covers one day.
ONE_DAY_CODES = frozenset(ALIASES)


class FhirImportError(Exception):
    """The input as a whole is not a FHIR Bundle; nothing of it can be taken."""


@dataclass(frozen=True)
class TakenMeasurement:
    kind: MeasureKind
    value: float
    date: datetime.date
    key: str  # what makes it a duplicate; store it to ignore the same entry next time
    entry: int = 0  # 1-based position in the bundle


@dataclass(frozen=True)
class Rejection:
    entry: int  # 1-based position in the bundle
    reason: str


@dataclass
class ObservationImportReport:
    taken: list[TakenMeasurement] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # entry positions


class _Reject(Exception):
    pass


def _load(data: bytes | str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(data, dict):
        loaded: Any = data
    else:
        try:
            loaded = json.loads(data)
        except (ValueError, UnicodeDecodeError) as err:
            raise FhirImportError("the file is not JSON") from err
    if not isinstance(loaded, dict) or loaded.get("resourceType") != "Bundle":
        raise FhirImportError("the file is not a FHIR Bundle")
    if not isinstance(loaded.get("entry", []), list):
        raise FhirImportError("Bundle.entry is not a list")
    return loaded


def _kind(obs: Observation) -> tuple[MeasureKind, str]:
    """The measure and the LOINC code it came under."""
    # fhir.resources accepts an explicit null for required elements, so check them here.
    for coding in (obs.code.coding if obs.code is not None else None) or []:
        if coding.system == t.LOINC and coding.code in t.MEASURE_BY_LOINC:
            return t.MEASURE_BY_LOINC[coding.code], coding.code  # type: ignore[return-value]
        if coding.system == t.LOINC and coding.code in ALIASES:
            return ALIASES[coding.code], coding.code
    raise _Reject("no LOINC code we take (72514-3, 82290-8, 89555-7, 68516-4, 41950-7, 55423-8)")


def _value(obs: Observation, kind: str) -> float:
    if obs.valueQuantity is not None:
        quantity = obs.valueQuantity
        if quantity.value is None:
            raise _Reject("the quantity has no value")
        if quantity.system not in (None, t.UCUM):
            raise _Reject("the unit is not a UCUM unit")
        unit = quantity.code if quantity.code is not None else (quantity.unit or "")
        factor = UNITS[kind].get(unit)
        if factor is None:
            raise _Reject(f"unit {unit!r} does not fit {kind}")
        return float(quantity.value) * factor
    if obs.valueInteger is not None and "" in UNITS[kind]:
        return float(obs.valueInteger)
    raise _Reject("no numeric value")


def _day_of(moment: Any, tz: tzinfo | None) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        if moment.tzinfo is not None and tz is not None:
            moment = moment.astimezone(tz)
        return moment.date()
    if isinstance(moment, datetime.date):
        return moment
    text = str(moment)
    if len(text) < 10:  # a year or month alone cannot be placed on a day
        raise _Reject("the date is not a full day")
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError as err:
        raise _Reject("the date is not a full day") from err


def _local(moment: Any, tz: tzinfo | None) -> Any:
    if isinstance(moment, datetime.datetime) and moment.tzinfo is not None and tz is not None:
        return moment.astimezone(tz)
    return moment


def _date(obs: Observation, tz: tzinfo | None, *, one_day: bool) -> datetime.date:
    """The day of the observation in ``tz``: its moment, or its period's start. With ``one_day``
    a period must end on the day it began (or at the midnight that closes it)."""
    moment: Any = obs.effectiveDateTime
    period = obs.effectivePeriod
    if moment is None and period is not None:
        moment = period.start or period.end
        if one_day and period.start is not None and period.end is not None:
            end = _local(period.end, tz)
            if isinstance(end, datetime.datetime) and end.time() == datetime.time(0):
                end -= datetime.timedelta(microseconds=1)
            if _day_of(end, tz) != _day_of(period.start, tz):
                raise _Reject("steps over more than one day; send one day's count per observation")
    if moment is None:
        raise _Reject("no date")
    return _day_of(moment, tz)


def _key(obs: Observation, kind: str, day: datetime.date, value: float) -> str:
    for identifier in obs.identifier or []:
        if identifier.value:
            return f"id|{identifier.system or ''}|{identifier.value}"
    return f"{kind}|{day.isoformat()}|{value:g}"


def read_observation_bundle(
    data: bytes | str | dict[str, Any],
    *,
    known_keys: Collection[str] = (),
    today: datetime.date | None = None,
    tz: tzinfo | None = None,
) -> ObservationImportReport:
    """Check every entry of an Observation bundle; FhirImportError if it is not a Bundle at all.
    ``tz`` is the practice's time zone (None: each moment's own offset names the day)."""
    bundle = _load(data)
    today = today or datetime.date.today()
    report = ObservationImportReport()
    seen = set(known_keys)
    for position, entry in enumerate(bundle.get("entry") or [], start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        try:
            if not isinstance(resource, dict) or resource.get("resourceType") != "Observation":
                raise _Reject("not an Observation")
            try:
                obs = Observation.model_validate(resource)
            except ValidationError as err:
                raise _Reject(f"not a valid Observation ({err.error_count()} problem(s))") from err
            if obs.status not in ACCEPTED_STATUSES:
                raise _Reject(f"status {obs.status!r} is not a final result")
            kind, code = _kind(obs)
            value = _value(obs, kind)
            measure = t.MEASURES[kind]
            if not measure.minimum <= value <= measure.maximum:
                raise _Reject(f"{kind} {value:g} is outside {measure.minimum:g}-{measure.maximum:g}")
            day = _date(obs, tz, one_day=code in ONE_DAY_CODES)
            if day > today + datetime.timedelta(days=1):
                raise _Reject("the date is in the future")
        except _Reject as reason:
            report.rejected.append(Rejection(entry=position, reason=str(reason)))
            continue
        key = _key(obs, kind, day, value)
        if key in seen:
            report.duplicates.append(position)
            continue
        seen.add(key)
        report.taken.append(TakenMeasurement(kind=kind, value=value, date=day, key=key, entry=position))
    return report
