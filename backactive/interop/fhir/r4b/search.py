"""FHIR R4 search parameters: what each resource type supports, and a request's parameters
parsed into filters, sort, page and includes. Pure Python (no Django).

One table (``SEARCHES``) says what is supported; the API parses with it and the
CapabilityStatement is written from it, so the two cannot disagree. A parameter (or a value of
``_sort``, ``_summary``, ``_include``) that the table does not name is *unsupported*: the caller
either drops it (and says so in an OperationOutcome entry and a self link without it) or, under
``Prefer: handling=strict``, answers 400. A supported parameter with a value that cannot be read
is always a 400: guessing would answer silently wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from . import terminology as t

DEFAULT_COUNT: Final = 100
MAX_COUNT: Final = 1000
# Parameters of every search that shape the answer rather than filter it.
RESULT_PARAMS: Final = ("_count", "_offset", "_sort", "_summary", "_include", "_format", "_pretty")
JSON_FORMATS: Final = frozenset({"json", "application/json", "application/fhir+json", "application/json+fhir"})


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # FHIR search parameter type: token, reference, date
    documentation: str


@dataclass(frozen=True)
class TypeSearch:
    """What one resource type supports: ``read`` always; ``search-type`` with these parameters."""

    params: tuple[Param, ...]
    sorts: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()
    patient_required: bool = False


_ID = Param("_id", "token", "the resource id; comma-separated ids for any of them")
_LAST_UPDATED = Param("_lastUpdated", "date", "meta.lastUpdated, with eq, ne, gt, lt, ge or le")
_PATIENT = Param("patient", "reference", "Patient/{id} or {id}; required")
_SUBJECT = Param("subject", "reference", "the same as patient")


def _compartment(resource_type: str, *extra: Param, sorts: tuple[str, ...] = ()) -> TypeSearch:
    includes = (f"{resource_type}:subject", f"{resource_type}:patient")
    return TypeSearch((_PATIENT, _SUBJECT, _ID, _LAST_UPDATED, *extra), sorts, includes, patient_required=True)


SEARCHES: Final[dict[str, TypeSearch]] = {
    "Patient": TypeSearch(
        (
            Param("identifier", "token", f"the practice system's patient number: {t.PATIENT_NUMBER_SYSTEM}|{{number}}"),
            _ID,
        )
    ),
    "Observation": _compartment(
        "Observation",
        Param("code", "token", "LOINC code, e.g. http://loinc.org|41950-7; comma-separated for any of them"),
        Param("category", "token", f"{t.OBSERVATION_CATEGORY}|activity or |survey"),
        Param("date", "date", "the effective day, with eq, ne, gt, lt, ge or le"),
        sorts=("date", "-date"),
    ),
    "CarePlan": _compartment("CarePlan"),
    "Goal": _compartment("Goal"),
    "ServiceRequest": _compartment("ServiceRequest"),
}


class SearchError(ValueError):
    """A supported parameter whose value cannot be read: answered with 400."""


@dataclass(frozen=True)
class Token:
    system: str | None  # None: any system; "": no system
    code: str

    def matches(self, codings: Iterable[tuple[str, str]]) -> bool:
        return any(code == self.code and (self.system is None or system == self.system) for system, code in codings)


@dataclass(frozen=True)
class Span:
    """[start, end) in time; a date of any precision or an instant, as the spec compares them."""

    start: dt.datetime
    end: dt.datetime


_PREFIXES: Final = ("eq", "ne", "gt", "lt", "ge", "le")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?")


def _next_month(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1)


def parse_span(text: str, tz: dt.tzinfo) -> Span:
    """The span a FHIR date or dateTime of any precision covers; without a zone, ``tz``."""
    match = _DATE.fullmatch(text)
    if not match:
        raise SearchError(f"not a date: {text!r}")
    year, month, day, hour, minute, second, fraction, zone = match.groups()

    def at(day_: dt.date) -> dt.datetime:
        return dt.datetime.combine(day_, dt.time(0), tzinfo=tz)

    try:
        if month is None:
            return Span(at(dt.date(int(year), 1, 1)), at(dt.date(int(year) + 1, 1, 1)))
        if day is None:
            return Span(at(dt.date(int(year), int(month), 1)), at(_next_month(int(year), int(month))))
        first = dt.date(int(year), int(month), int(day))
        if hour is None:
            return Span(at(first), at(first + dt.timedelta(days=1)))
        zone_info: dt.tzinfo = tz
        if zone:
            zone_info = dt.UTC if zone == "Z" else dt.datetime.strptime(zone.replace(":", ""), "%z").tzinfo  # type: ignore[assignment]
        micro = int(float(fraction) * 1_000_000) if fraction else 0
        start = dt.datetime.combine(first, dt.time(int(hour), int(minute), int(second or 0), micro), tzinfo=zone_info)
    except ValueError:
        raise SearchError(f"not a date: {text!r}") from None
    step = dt.timedelta(microseconds=1) if fraction else dt.timedelta(seconds=1 if second else 60)
    return Span(start, start + step)


def _compare(prefix: str, p: Span, target: Span) -> bool:
    """The spec's comparison of a search value ``p`` with a target range."""
    contains = p.start <= target.start and target.end <= p.end
    if prefix == "eq":
        return contains
    if prefix == "ne":
        return not contains
    if prefix == "gt":
        return target.end > p.end
    if prefix == "lt":
        return target.start < p.start
    if prefix == "ge":
        return target.end > p.end or contains
    return target.start < p.start or contains  # le


def date_test(values: Sequence[str], tz: dt.tzinfo) -> Callable[[Span], bool]:
    """``date``-type parameters as a test on a target span: repeated parameters must all hold,
    comma-separated values in one are alternatives."""
    groups: list[list[tuple[str, Span]]] = []
    for value in values:
        group = []
        for part in value.split(","):
            prefix, text = (part[:2], part[2:]) if part[:2] in _PREFIXES else ("eq", part)
            group.append((prefix, parse_span(text, tz)))
        groups.append(group)
    return lambda target: all(any(_compare(prefix, span, target) for prefix, span in group) for group in groups)


def day_span(day: dt.date, tz: dt.tzinfo) -> Span:
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    return Span(start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz))


def instant_span(moment: dt.datetime) -> Span:
    return Span(moment, moment)


def parse_tokens(value: str) -> list[Token]:
    """One token parameter value: comma-separated alternatives, each ``code``, ``system|code``
    or ``|code``."""
    tokens = []
    for part in value.split(","):
        system, bar, code = part.rpartition("|")
        if not code:
            raise SearchError(f"not a token: {value!r}")
        tokens.append(Token(system if bar else None, code))
    return tokens


@dataclass
class Search:
    """A parsed search: ``filters`` by parameter name (each a list of AND-ed values), the page,
    the sort, includes, and the parameters that were dropped as unsupported."""

    resource_type: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    count: int = DEFAULT_COUNT
    offset: int = 0
    sort: str | None = None
    summary_count: bool = False
    include_subject: bool = False
    pretty: bool = False
    kept: list[tuple[str, str]] = field(default_factory=list)  # for the self link, in request order
    unsupported: list[str] = field(default_factory=list)


def _whole(name: str, value: str, maximum: int) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 9:  # "²" is a digit to str.isdigit
        raise SearchError(f"{name} must be a whole number")
    return min(int(value), maximum)


def parse_search(resource_type: str, params: Sequence[tuple[str, str]], *, max_offset: int = 10**9) -> Search:
    """Sort the request's (name, value) pairs into what the type supports and what it does not.
    ``_format`` is checked by the caller (406, not 400)."""
    spec = SEARCHES[resource_type]
    names = {p.name for p in spec.params}
    search = Search(resource_type)
    for name, value in params:
        keep = True
        if name in names:
            search.filters.setdefault(name, []).append(value)
        elif name == "_count":
            search.count = _whole(name, value, MAX_COUNT)
        elif name == "_offset":
            search.offset = _whole(name, value, max_offset)
        elif name == "_sort" and value in spec.sorts:
            search.sort = value
        elif name == "_summary" and value in ("count", "false"):
            search.summary_count = value == "count"
        elif name == "_include" and value in (*spec.includes, *(f"{i}:Patient" for i in spec.includes)):
            search.include_subject = True
        elif name == "_pretty" and value in ("true", "false"):
            search.pretty = value == "true"
        elif name == "_format" and value.split(";")[0].strip() in JSON_FORMATS:
            pass
        else:
            keep = False
            search.unsupported.append(name if name not in RESULT_PARAMS else f"{name}={value}")
        if keep:
            search.kept.append((name, value))
    if spec.patient_required:
        patients = search.filters.get("patient", []) + search.filters.get("subject", [])
        if len(patients) != 1 or not patients[0] or "," in patients[0]:
            raise SearchError("give exactly one patient, e.g. ?patient=12")
    return search


def patient_reference(value: str) -> str:
    """The id in ``12``, ``Patient/12`` or ``https://…/fhir/Patient/12``; "" if it names another type."""
    tail = value.rstrip("/").split("/")
    if len(tail) == 1:
        return tail[0]
    return tail[-1] if tail[-2] == "Patient" else ""
