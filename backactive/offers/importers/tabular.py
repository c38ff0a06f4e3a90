"""Rows of a practice's own list of offers (CSV or XLSX, same columns): validation of a whole row
before anything is written. The columns are documented in ``templates_csv/README.md``.

A row becomes an ``OfferRecord`` only when every cell is valid; otherwise it is ``Skipped`` with
one ``CellError`` per bad cell, so a row is never half imported.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from backactive.core.codes import SETTINGS
from backactive.offers import geo
from backactive.offers.activities import activity_codes
from backactive.offers.models import Kind, Participation, Wheelchair
from backactive.offers.times import parse_times

from .base import CellError, ImportFileError, OfferRecord, Skipped

SOURCE: Final = "csv"
REQUIRED: Final = ("name", "kind", "activities")
COLUMNS: Final = (
    "ref", "name", "kind", "activities", "street", "postcode", "city", "lat", "lon", "times",
    "times_note", "participation", "setting", "cost_note", "free", "rehasport", "certified_20",
    "certificate_note", "wheelchair", "accessibility_note", "phone", "email", "website",
    "contact_note", "last_checked",
)  # fmt: skip
_LIMITS: Final = {
    "name": 200, "street": 200, "postcode": 10, "city": 100, "times_note": 300, "cost_note": 300,
    "certificate_note": 200, "accessibility_note": 300, "phone": 50, "email": 254, "website": 300,
    "contact_note": 300, "ref": 90,
}  # fmt: skip
# Fields set from several columns or by the import itself.
_ALWAYS: Final = frozenset({"lat", "lon", "location_approx", "licence", "attribution"})
_YES: Final = frozenset({"yes", "y", "ja", "j", "x", "1", "true", "wahr"})
_NO: Final = frozenset({"no", "n", "nein", "0", "false", "falsch"})
_PARTICIPATION_WORDS: Final = {"gruppe": "group", "einzeln": "individual", "beides": "either"}
# Where a row names no setting, the kind implies the usual one.
_DEFAULT_SETTING: Final = {
    "pool": "water", "route": "outdoor", "walking_group": "outdoor", "outdoor_fitness": "outdoor",
}  # fmt: skip


def check_header(header: Iterable[str]) -> list[str]:
    """Normalised column names; ImportFileError for an unknown or missing column."""
    names = [h.strip().lower() for h in header]
    unknown = [h for h in names if h and h not in COLUMNS]
    if unknown:
        raise ImportFileError(f"unknown column(s): {', '.join(unknown)} (see templates_csv/README.md)")
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ImportFileError(f"missing column(s): {', '.join(missing)}")
    return names


def _flag(value: str) -> bool | None:
    low = value.strip().lower()
    if not low:
        return None
    if low in _YES:
        return True
    if low in _NO:
        return False
    raise ValueError("write yes or no (ja/nein)")


def _coordinate(value: str, low: float, high: float) -> float:
    number = float(value.replace(",", "."))
    if not low <= number <= high:
        raise ValueError(f"must be between {low:g} and {high:g}")
    return number


def _date(value: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError("write the date as 2025-03-31 or 31.03.2025")


def _fields(cells: dict[str, str], errors: list[tuple[str, str]]) -> dict[str, Any]:
    """Validate one row; append (column, message) to ``errors`` for every bad cell."""
    out: dict[str, Any] = {}

    def check(column: str, fn: Any) -> Any:
        try:
            return fn(cells.get(column, ""))
        except (ValueError, ValidationError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            errors.append((column, message))
            return None

    for column, limit in _LIMITS.items():
        if len(cells.get(column, "")) > limit:
            errors.append((column, f"at most {limit} characters"))
    if not cells.get("name"):
        errors.append(("name", "a name is needed"))
    out["name"] = cells.get("name", "")[:200]
    kind = cells.get("kind", "").lower()
    if kind not in Kind.values:
        errors.append(("kind", f"'{cells.get('kind', '')}' is not one of {', '.join(Kind.values)}"))
    out["kind"] = kind
    codes = [c.strip().lower() for c in re.split(r"[,;|]", cells.get("activities", "")) if c.strip()]
    known = activity_codes()
    bad = [c for c in codes if c not in known]
    if not codes:
        errors.append(("activities", "at least one activity code is needed"))
    elif bad:
        errors.append(("activities", f"unknown activity code(s): {', '.join(bad)}"))
    out["activities"] = list(dict.fromkeys(codes))

    for column in ("street", "postcode", "city", "times_note", "cost_note", "certificate_note",
                   "accessibility_note", "phone", "contact_note"):  # fmt: skip
        out[column] = cells.get(column, "")[: _LIMITS[column]]
    out["times"] = [t.as_json() for t in check("times", parse_times) or []]

    lat_text, lon_text = cells.get("lat", ""), cells.get("lon", "")
    out["location_approx"] = False
    if lat_text or lon_text:
        out["lat"] = check("lat", lambda v: _coordinate(v, -90, 90))
        out["lon"] = check("lon", lambda v: _coordinate(v, -180, 180))
    elif out["postcode"]:
        centre = geo.postcode_centroid(out["postcode"])
        if centre is None:
            errors.append(("postcode", f"unknown postal code {out['postcode']}, and no lat/lon given"))
        else:
            out["lat"], out["lon"], out["location_approx"] = centre.lat, centre.lon, True
    else:
        errors.append(("lat", "give lat and lon, or at least a postal code"))

    participation = cells.get("participation", "").lower()
    participation = _PARTICIPATION_WORDS.get(participation, participation)
    if participation not in Participation.values:
        errors.append(("participation", "write group, individual or either (Gruppe, einzeln, beides)"))
    out["participation"] = participation
    setting = cells.get("setting", "").lower() or _DEFAULT_SETTING.get(kind, "facility")
    if setting not in SETTINGS:
        errors.append(("setting", f"write one of {', '.join(SETTINGS)}"))
    out["setting"] = setting
    wheelchair = cells.get("wheelchair", "").lower()
    wheelchair = {"ja": "yes", "teilweise": "limited", "nein": "no"}.get(wheelchair, wheelchair)
    if wheelchair not in Wheelchair.values:
        errors.append(("wheelchair", "write yes, limited or no (ja, teilweise, nein)"))
    out["wheelchair"] = wheelchair

    out["free"] = check("free", _flag)
    out["rehasport"] = bool(check("rehasport", _flag))
    out["certified_20"] = bool(check("certified_20", _flag))
    email, website = cells.get("email", ""), cells.get("website", "")
    if email:
        check("email", EmailValidator())
    if website:
        check("website", URLValidator(schemes=["http", "https"]))
    out["email"], out["website"] = email, website
    if cells.get("last_checked"):
        out["last_checked"] = check("last_checked", _date)
    out["licence"], out["attribution"] = "", ""
    return out


def _source_id(cells: dict[str, str]) -> str:
    """The practice's own reference; without one, name and postal code identify the row, so a
    re-import of the same list updates instead of duplicating (documented in the README)."""
    if cells.get("ref"):
        return "ref:" + cells["ref"][:90]
    name = re.sub(r"\s+", " ", cells.get("name", "").strip().lower())
    return f"name:{name[:70]}|{cells.get('postcode', '')[:10]}"


def read_rows(header: list[str], rows: Iterable[tuple[int, list[str]]]) -> Iterator[OfferRecord | Skipped]:
    """``rows``: (row number as the spreadsheet shows it, cell texts)."""
    names = check_header(header)
    present = set(names)
    seen: dict[str, int] = {}
    for number, values in rows:
        cells = {n: (values[i].strip() if i < len(values) and values[i] else "") for i, n in enumerate(names) if n}
        if not any(cells.values()):
            continue
        problems: list[tuple[str, str]] = []
        fields = _fields(cells, problems)
        # A column the file does not have leaves that field of an existing offer alone (staff
        # may have filled it in on the offers page).
        kept = {k: v for k, v in fields.items() if k in present or k in _ALWAYS}
        defaults = {k: v for k, v in fields.items() if k not in kept}
        source_id = _source_id(cells)
        if source_id in seen:
            problems.append(("ref" if cells.get("ref") else "name", f"same offer as row {seen[source_id]}"))
        seen.setdefault(source_id, number)
        if problems:
            errors = [CellError(number, c, m) for c, m in problems]
            yield Skipped(source_id, "; ".join(str(e) for e in errors), row=number, label=fields["name"], errors=errors)
        else:
            yield OfferRecord(SOURCE, source_id, kept, row=number, create_only=defaults)
