"""The read-only REST API (FHIR R4, JSON): the CapabilityStatement, read and search.

    GET metadata                       CapabilityStatement (open, no patient data)
    GET {type}/{id}                    read, with ETag/Last-Modified; 304 for If-None-Match
    GET Patient?identifier=&_id=       the practice's patients
    GET {type}?patient=&...            Observation, Goal, CarePlan, ServiceRequest of one patient

What each type's search takes is ``r4b.search.SEARCHES``; anything else under /fhir/ is an
OperationOutcome (404 for an unknown address or type, 405 for a method, 406 for XML).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from .. import access as fhir_access
from ..r4b import terminology as t
from ..r4b.capability import capability_statement
from ..r4b.entries import Entry, patient_entry, record_entries, select, with_meta
from ..r4b.search import SEARCHES, Search, parse_search, parse_tokens, patient_reference
from ..selectors import FhirRecord, fhir_patient_pk_for, fhir_records
from ..versions import Version, fhir_versions_stamp
from .auth import TOKEN, Caller, api
from .http import ApiError, base_url, fhir_response, open_endpoint, outcome, outcome_resource, prefer, versioned

PARTS = {"Patient": frozenset(), "Observation": frozenset({"measurements"})} | dict.fromkeys(
    ("Goal", "CarePlan", "ServiceRequest"), frozenset({"plans"})
)
# Every resource type of FHIR R4 that we do not serve: asked for, they are "not supported" (404).
KNOWN_ELSEWHERE = ("Encounter", "Condition", "Practitioner", "Organization", "MedicationRequest", "Procedure",
                   "DiagnosticReport", "QuestionnaireResponse", "Questionnaire", "AllergyIntolerance",
                   "Immunization", "DocumentReference", "Device", "Location", "Appointment", "Bundle")  # fmt: skip


@open_endpoint()
def metadata(request: HttpRequest) -> HttpResponse:
    token_url = request.build_absolute_uri(reverse("interop:fhir_smart_token"))
    data = capability_statement(base_url=base_url(request), date=timezone.localdate().isoformat(), token_url=token_url)
    return fhir_response(data, pretty=request.GET.get("_pretty") == "true")


def _params(request: HttpRequest) -> list[tuple[str, str]]:
    return [(name, value) for name, values in request.GET.lists() for value in values]


def _record(patient: Any, resource_type: str) -> tuple[FhirRecord, list[Entry]]:
    [record] = fhir_records([patient], parts=PARTS[resource_type])
    entries = record_entries(
        record.patient, resource_type, measurements=record.measurements, goals=record.goals, plans=record.plans,
        referrals=record.referrals,
    )  # fmt: skip
    return record, entries


def _stamped(entry: Entry, version: Version) -> dict[str, Any]:
    return with_meta(entry.build(), version_id=version.version_id, last_updated=version.last_updated)


@api(TOKEN, replica=True)
def read(request: HttpRequest, resource_id: str, *, resource_type: str, caller: Caller) -> HttpResponse:
    patient_pk = fhir_patient_pk_for(resource_type, resource_id)
    if patient_pk is None:
        raise Http404
    patient = fhir_access.get_patient_for_reader(caller, patient_pk)
    entries = _record(patient, resource_type)[1]
    entry = next((e for e in entries if e.id == resource_id), None)
    if entry is None:
        raise Http404
    version = fhir_versions_stamp(items=[(patient.pk, entry)])[(resource_type, entry.id)]
    return versioned(request, _stamped(entry, version), version)


def _self_url(request: HttpRequest, search: Search, offset: int | None = None) -> str:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in search.kept:
        if name not in ("_count", "_offset"):
            query.appendlist(name, value)
    query["_count"] = str(search.count)
    query["_offset"] = str(search.offset if offset is None else offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _searchset(
    request: HttpRequest,
    search: Search,
    *,
    total: int,
    page: list[dict[str, Any]],
    included: list[dict[str, Any]],
    started: Any,
) -> HttpResponse:
    links = [{"relation": "self", "url": _self_url(request, search)}]
    if not search.summary_count and search.count and search.offset + search.count < total:
        links.append({"relation": "next", "url": _self_url(request, search, search.offset + search.count)})
    if not search.summary_count and search.count and search.offset > 0:
        links.append({"relation": "previous", "url": _self_url(request, search, max(0, search.offset - search.count))})
    base = base_url(request)

    def entry(resource: dict[str, Any], mode: str) -> dict[str, Any]:
        return {"fullUrl": f"{base}/{resource['resourceType']}/{resource['id']}", "resource": resource,
                "search": {"mode": mode}}  # fmt: skip

    entries = [entry(r, "match") for r in page] + [entry(r, "include") for r in included]
    if search.unsupported:
        text = f"Ignored (not supported here): {', '.join(search.unsupported)}. The self link shows what was applied."
        entries.append({"resource": outcome_resource("not-supported", text, "warning"), "search": {"mode": "outcome"}})
    data: dict[str, Any] = {
        "resourceType": "Bundle",
        # When the search began: a client syncing by _lastUpdated asks from here next time.
        "meta": {"lastUpdated": started.isoformat(timespec="milliseconds")},
        "type": "searchset",
        "timestamp": started.isoformat(timespec="milliseconds"),
        "total": total,
        "link": links,
    }
    if entries:
        data["entry"] = entries
    # Each resource was validated when it was built; the envelope alone is checked here.
    Bundle.model_validate({**data, "entry": []})
    return fhir_response(data, pretty=search.pretty)


def _parsed(request: HttpRequest, resource_type: str) -> Search:
    search = parse_search(resource_type, _params(request))
    if search.unsupported and prefer(request).get("handling") == "strict":
        raise ApiError(400, "not-supported", f"Not supported here: {', '.join(search.unsupported)}.")
    return search


def _patient_search(request: HttpRequest, search: Search, caller: Caller, started: Any) -> HttpResponse:
    patients = fhir_access.patients_for_reader(caller).order_by("pk")
    system = t.patient_number_system(caller.practice_id)
    for value in search.filters.get("identifier", []):
        numbers = [token.code for token in parse_tokens(value) if token.system in (None, system)]
        patients = patients.filter(pvs_number__in=numbers)
    for value in search.filters.get("_id", []):
        ids = [int(i) for i in value.split(",") if i.isascii() and i.isdigit() and len(i) <= 18]
        patients = patients.filter(pk__in=ids)
    total = patients.count()
    found = [] if search.summary_count else list(patients[search.offset : search.offset + search.count])
    for patient in found:
        fhir_access.reader_audit(caller, patient_id=patient.pk)
    records = fhir_records(found, parts=frozenset())
    items = [(r.patient_pk, patient_entry(r.patient)) for r in records]
    versions = fhir_versions_stamp(items=items)
    page = [_stamped(e, versions[("Patient", e.id)]) for _pk, e in items]
    return _searchset(request, search, total=total, page=page, included=[], started=started)


def search_view(request: HttpRequest, *, resource_type: str, caller: Caller) -> HttpResponse:
    started = timezone.now()
    search = _parsed(request, resource_type)
    if resource_type == "Patient":
        return _patient_search(request, search, caller, started)
    reference = patient_reference((search.filters.get("patient") or search.filters["subject"])[0])
    try:
        patient = fhir_access.get_patient_for_reader(caller, reference) if reference else None
    except Http404:
        patient = None  # not ours, or nobody: the search finds nothing, as for an unknown patient
    if patient is None:
        return _searchset(request, search, total=0, page=[], included=[], started=started)
    record, entries = _record(patient, resource_type)
    versions = fhir_versions_stamp(items=[(patient.pk, e) for e in entries])
    last_updated = {e.id: versions[(resource_type, e.id)].last_updated for e in entries}
    matched = select(entries, search, tz=timezone.get_default_timezone(), last_updated=last_updated)
    page_entries = [] if search.summary_count else matched[search.offset : search.offset + search.count]
    page = [_stamped(e, versions[(resource_type, e.id)]) for e in page_entries]
    included = []
    if search.include_subject and page:
        subject = patient_entry(record.patient)
        version = fhir_versions_stamp(items=[(patient.pk, subject)])[("Patient", subject.id)]
        included.append(_stamped(subject, version))
    return _searchset(request, search, total=len(matched), page=page, included=included, started=started)


search = api(TOKEN, replica=True)(search_view)


def _unknown(request: HttpRequest) -> HttpResponse:
    # The address below the API base; no named URL parameter (path parameters are ids or words).
    first = request.path_info.removeprefix("/fhir/").split("/", 1)[0]
    if first in KNOWN_ELSEWHERE or (first[:1].isupper() and first.isalpha() and first not in SEARCHES):
        return outcome(404, "not-supported", f"Resource type {first!r} is not supported here; see /metadata.")
    return outcome(404, "not-found", "No such address in this FHIR API; see /metadata for what it offers.")


unknown = open_endpoint(("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"))(_unknown)
