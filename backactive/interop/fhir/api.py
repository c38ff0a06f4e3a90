"""The read-only FHIR REST API (JSON, application/fhir+json).

    GET metadata                                   CapabilityStatement (open, no patient data)
    GET Patient/{id}                               the pseudonymous Patient
    GET Observation?patient=&code=&date=           searchset Bundle; date takes eq/ge/le/gt/lt
    GET CarePlan?patient=                          searchset Bundle, every plan version

Searches answer in pages (``_count``, default 100, and ``_offset``) with ``next`` links.

Every other answer needs a bearer token (see ``access.py``). Errors are OperationOutcomes.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from ..models import ApiToken
from . import access as fhir_access
from .r4b import MeasurementData, PlanData, careplan_resource, observation_resource, patient_resource
from .r4b import terminology as t
from .selectors import fhir_records

CONTENT_TYPE = "application/fhir+json; charset=utf-8"
DATE_PREFIXES = ("eq", "ge", "le", "gt", "lt")
DEFAULT_COUNT = 100  # a page of a search; clients follow the "next" link for more
MAX_COUNT = 1000
T = TypeVar("T")


def fhir_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})


def outcome(status: int, code: str, text: str) -> JsonResponse:
    data = {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": code, "diagnostics": text}]}
    return fhir_response(data, status)


class BadRequest(Exception):
    pass


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("interop:fhir_metadata")).removesuffix("metadata").rstrip("/")


def token_api(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer only requests with an active token; the view gets it as ``token``."""

    @csrf_exempt  # bearer tokens, not cookies: a browser cannot be tricked into sending one
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = fhir_access.get_token_for_request(request)
        if token is None:
            response = outcome(401, "login", "A valid bearer token is needed.")
            sent = fhir_access.bearer_token(request) is not None
            response["WWW-Authenticate"] = 'Bearer realm="BackActive FHIR"' + (
                ', error="invalid_token"' if sent else ""
            )
            return response
        if request.method not in ("GET", "HEAD"):
            response = outcome(405, "not-supported", "This API is read-only.")
            response["Allow"] = "GET"
            return response
        try:
            return view(request, *args, token=token, **kwargs)
        except Http404:
            return outcome(404, "not-found", "No such resource.")
        except BadRequest as err:
            return outcome(400, "invalid", str(err))

    return wrapped


@csrf_exempt
def metadata(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return outcome(405, "not-supported", "This API is read-only.")
    patient_param = {"name": "patient", "type": "reference", "documentation": "Patient/{id} or {id}; required"}
    data = {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": timezone.now().date().isoformat(),
        "kind": "instance",
        "software": {"name": "BackActive"},
        "implementation": {"description": "BackActive read-only FHIR API", "url": _base_url(request)},
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "rest": [
            {
                "mode": "server",
                "security": {"description": "Authorization: Bearer <token>, issued by the practice admin."},
                "resource": [
                    {"type": "Patient", "interaction": [{"code": "read"}]},
                    {
                        "type": "Observation",
                        "interaction": [{"code": "search-type"}],
                        "searchParam": [
                            patient_param,
                            {"name": "code", "type": "token", "documentation": "LOINC, e.g. 41950-7"},
                            {"name": "date", "type": "date", "documentation": "with eq, ge, le, gt or lt"},
                        ],
                    },
                    {"type": "CarePlan", "interaction": [{"code": "search-type"}], "searchParam": [patient_param]},
                ],
            }
        ],
    }
    return fhir_response(CapabilityStatement.model_validate(data).model_dump(mode="json", exclude_none=True))


@token_api
def patient_read(request: HttpRequest, patient_id: str, *, token: ApiToken) -> HttpResponse:
    patient = fhir_access.get_patient_for_token(token, patient_id)
    [record] = fhir_records([patient], parts=frozenset())
    return fhir_response(patient_resource(record.patient).model_dump(mode="json", exclude_none=True))


def _search_patient(request: HttpRequest, token: ApiToken, part: str) -> Any:
    """The record of the ``patient`` (or ``subject``) parameter; None when it is not ours, so the
    search finds nothing, as for a patient that does not exist."""
    values = request.GET.getlist("patient") or request.GET.getlist("subject")
    if len(values) != 1 or not values[0]:
        raise BadRequest("Give exactly one patient, e.g. ?patient=12.")
    try:
        patient = fhir_access.get_patient_for_token(token, values[0])
    except Http404:
        return None
    return fhir_records([patient], parts=frozenset({part}))[0]


def _date_range(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day a FHIR date of any precision covers."""
    try:
        if len(text) == 4:
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day = dt.date.fromisoformat(text[:10])
        return day, day
    except ValueError:
        raise BadRequest(f"Not a date: {text!r}.") from None


def _date_test(prefix: str, first: dt.date, last: dt.date) -> Callable[[dt.date], bool]:
    if prefix == "ge":
        return lambda d: d >= first
    if prefix == "le":
        return lambda d: d <= last
    if prefix == "gt":
        return lambda d: d > last
    if prefix == "lt":
        return lambda d: d < first
    return lambda d: first <= d <= last


def date_filter(values: list[str]) -> Callable[[dt.date], bool]:
    """``date`` search parameters (all must hold) as a test on a day."""
    tests: list[Callable[[dt.date], bool]] = []
    for value in values:
        prefix, text = (value[:2], value[2:]) if value[:2] in DATE_PREFIXES else ("eq", value)
        first, last = _date_range(text)
        tests.append(_date_test(prefix, first, last))
    return lambda day: all(test(day) for test in tests)


def code_filter(values: list[str]) -> Callable[[str], bool] | None:
    """``code`` tokens (comma = or, repeated parameter = and) as a test on a LOINC code."""
    groups: list[set[str]] = []
    for value in values:
        codes = set()
        for token in value.split(","):
            system, bar, code = token.rpartition("|")
            if not bar or system in ("", t.LOINC):
                codes.add(code)
        groups.append(codes)
    if not groups:
        return None
    return lambda loinc: all(loinc in group for group in groups)


def _day(measurement: MeasurementData) -> dt.date:
    moment = measurement.effective
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _int_param(request: HttpRequest, name: str, default: int, maximum: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:  # "²" is a digit to str.isdigit
        raise BadRequest(f"{name} must be a whole number.")
    return min(int(raw), maximum)


def _page_url(request: HttpRequest, offset: int, count: int) -> str:
    query = request.GET.copy()
    query["_offset"], query["_count"] = str(offset), str(count)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def searchset(request: HttpRequest, matches: Sequence[T], build: Callable[[T], Any]) -> HttpResponse:
    """A page of ``matches`` (``_count``, default 100, at most 1000; ``_offset``) as a searchset
    Bundle with self, next and previous links. Only the page's resources are built."""
    count = _int_param(request, "_count", DEFAULT_COUNT, MAX_COUNT)
    offset = _int_param(request, "_offset", 0, len(matches))
    resources = [build(m) for m in matches[offset : offset + count]]
    links = [{"relation": "self", "url": _page_url(request, offset, count)}]
    if count and offset + count < len(matches):
        links.append({"relation": "next", "url": _page_url(request, offset + count, count)})
    if count and offset > 0:
        links.append({"relation": "previous", "url": _page_url(request, max(0, offset - count), count)})
    base = _base_url(request)
    data = {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": timezone.now().isoformat(),
        "total": len(matches),
        "link": links,
        "entry": [
            {
                "fullUrl": f"{base}/{r.get_resource_type()}/{r.id}",
                "resource": r.model_dump(mode="json", exclude_none=True),
                "search": {"mode": "match"},
            }
            for r in resources
        ],
    }
    # Each resource was validated when it was built; validate the envelope alone rather than
    # every resource a second time (that doubled the time of a year's search).
    Bundle.model_validate({**data, "entry": []})
    return fhir_response(data)


@token_api
def observation_search(request: HttpRequest, *, token: ApiToken) -> HttpResponse:
    record = _search_patient(request, token, "measurements")
    on_day = date_filter(request.GET.getlist("date"))
    has_code = code_filter(request.GET.getlist("code"))
    found: list[MeasurementData] = []
    if record is not None:
        found = [
            m
            for m in record.measurements
            if on_day(_day(m)) and (has_code is None or has_code(t.MEASURES[m.kind].loinc))
        ]
    return searchset(request, found, lambda m: observation_resource(m, patient_id=record.patient.id))


@token_api
def careplan_search(request: HttpRequest, *, token: ApiToken) -> HttpResponse:
    record = _search_patient(request, token, "plans")
    plans: list[PlanData] = record.plans if record is not None else []
    return searchset(request, plans, lambda p: careplan_resource(p, patient_id=record.patient.id))
