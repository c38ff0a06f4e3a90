"""FHIR Bulk Data Access (v2): kick-off, status, files; for research clients (SMART) only.

    GET Patient/$export, GET Group/{practice id}/$export   202 + Content-Location (status URL)
    GET bulk/{export}                                       202 (X-Progress) | 200 manifest | 500
    DELETE bulk/{export}                                    202: cancelled, files removed
    GET bulk/{export}/{file}.ndjson                         the file, with the same access token

Both kick-offs export the practice's patients who consented to research (a practice is the only
Group), pseudonymised for the client. Kick-off parameters: ``_type``, ``_since``,
``_outputFormat``; any other is a 400 unless ``Prefer: handling=lenient``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.http import http_date

from ...models import BulkExport, BulkExportFile, ExportStatus, SmartClient
from ..bulk import bulk_export_cancel, bulk_export_start, exports_for_client
from ..r4b.search import SearchError, parse_span
from ..smart.scopes import EXPORTABLE
from .auth import SMART, Caller, api
from .http import ApiError, fhir_response, outcome_resource, prefer

NDJSON_FORMATS = ("application/fhir+ndjson", "application/ndjson", "ndjson")
KICK_OFF_PARAMS = ("_type", "_since", "_outputFormat")
RETRY_AFTER = "5"


def _types(request: HttpRequest, caller: Caller) -> list[str]:
    granted = [t for t in EXPORTABLE if caller.may_read(t)]
    asked = [t.strip() for value in request.GET.getlist("_type") for t in value.split(",") if t.strip()]
    if not asked:
        return granted
    unknown = [t for t in asked if t not in EXPORTABLE]
    if unknown and prefer(request).get("handling") != "lenient":
        raise ApiError(400, "not-supported", f"Not exported here: {', '.join(unknown)}.")
    refused = [t for t in asked if t in EXPORTABLE and t not in granted]
    if refused:
        raise ApiError(403, "forbidden", f"The access token's scopes do not cover {', '.join(refused)}.")
    return [t for t in EXPORTABLE if t in asked]


def _since(request: HttpRequest) -> dt.datetime | None:
    value = request.GET.get("_since")
    if value is None:
        return None
    if "T" not in value:
        raise ApiError(400, "invalid", "_since must be an instant with a time zone, e.g. 2026-11-01T00:00:00Z.")
    try:
        return parse_span(value, dt.UTC).start
    except SearchError as err:
        raise ApiError(400, "invalid", f"_since: {err}") from None


def _kick_off(request: HttpRequest, caller: Caller) -> HttpResponse:
    preferences = prefer(request)
    if "respond-async" not in preferences:
        raise ApiError(400, "invalid", "A Bulk Data export needs the header 'Prefer: respond-async'.")
    unsupported = sorted({name for name in request.GET if name not in KICK_OFF_PARAMS})
    if unsupported and preferences.get("handling") != "lenient":
        raise ApiError(400, "not-supported", f"Not supported for $export: {', '.join(unsupported)}.")
    output_format = request.GET.get("_outputFormat", NDJSON_FORMATS[0])
    if output_format not in NDJSON_FORMATS:
        raise ApiError(400, "not-supported", "_outputFormat: only application/fhir+ndjson.")
    client = SmartClient.objects.select_related("practice").get(pk=caller.credential_id)
    export = bulk_export_start(client=client, practice=client.practice, request_url=request.build_absolute_uri(),
                               types=_types(request, caller), since=_since(request))  # fmt: skip
    status_url = request.build_absolute_uri(reverse("interop:fhir_bulk_status", args=[export.uid]))
    response = fhir_response(outcome_resource("informational", "The export has started.", "information"), 202)
    response["Content-Location"] = status_url
    return response


@api(SMART)
def patient_export(request: HttpRequest, *, caller: Caller) -> HttpResponse:
    return _kick_off(request, caller)


@api(SMART)
def group_export(request: HttpRequest, group_id: str, *, caller: Caller) -> HttpResponse:
    if group_id != str(caller.practice_id):  # a practice is the only Group, and only its own
        raise Http404
    return _kick_off(request, caller)


def _export(caller: Caller, uid: str) -> BulkExport:
    export = exports_for_client(caller.credential_id).filter(uid=uid).first()
    if export is None:
        raise Http404
    return export


def _manifest(request: HttpRequest, export: BulkExport) -> dict[str, object]:
    def url(name: str) -> str:
        return request.build_absolute_uri(reverse("interop:fhir_bulk_file", args=[export.uid, name]))

    files = list(export.files.only("resource_type", "part", "count", "is_error"))
    assert export.transaction_time is not None
    return {
        "transactionTime": export.transaction_time.isoformat(),
        "request": export.request_url,
        "requiresAccessToken": True,
        "output": [{"type": f.resource_type, "url": url(f.name), "count": f.count} for f in files if not f.is_error],
        "error": [{"type": "OperationOutcome", "url": url(f.name), "count": f.count} for f in files if f.is_error],
    }


@api(SMART, methods=("GET", "HEAD", "DELETE"))
def status(request: HttpRequest, export_id: str, *, caller: Caller) -> HttpResponse:
    export = _export(caller, export_id)
    if request.method == "DELETE":
        bulk_export_cancel(export=export)
        return fhir_response(outcome_resource("informational", "The export was cancelled.", "information"), 202)
    if export.status in (ExportStatus.QUEUED, ExportStatus.RUNNING):
        response = HttpResponse(status=202)
        progress = f"{export.done} of {export.total} patients" if export.total is not None else "waiting"
        response["X-Progress"] = progress
        response["Retry-After"] = RETRY_AFTER
        return response
    if export.status == ExportStatus.FAILED:
        return fhir_response(outcome_resource("exception", "The export failed; please start a new one."), 500)
    response = JsonResponse(_manifest(request, export), json_dumps_params={"indent": 1})
    assert export.expires_at is not None
    response["Expires"] = http_date(export.expires_at.timestamp())
    return response


def _ndjson_accepted(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return not accept.strip() or any(
        media.split(";")[0].strip() in (*NDJSON_FORMATS, "*/*", "application/*") for media in accept.split(",")
    )


@api(SMART, methods=("GET", "HEAD"), formats=_ndjson_accepted)
def output_file(
    request: HttpRequest, export_id: str, file_id: str, *, caller: Caller
) -> HttpResponse | StreamingHttpResponse:
    """One file of a completed export; ``file_id`` is its name in the manifest (``Patient-1.ndjson``)."""
    export = _export(caller, export_id)
    if export.status != ExportStatus.COMPLETED:
        raise Http404
    listed = export.files.only("pk", "resource_type", "part", "is_error")
    found = next((f.pk for f in listed if f.name == file_id), None)
    if found is None:
        raise Http404
    data = bytes(BulkExportFile.objects.values_list("data", flat=True).get(pk=found))
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(data, content_type="application/fhir+ndjson")
        response["Content-Encoding"] = "gzip"
        return response
    return StreamingHttpResponse(_lines(data), content_type="application/fhir+ndjson")


def _lines(data: bytes) -> Iterator[bytes]:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        yield from stream
