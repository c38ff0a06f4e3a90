"""HTTP for the FHIR API: JSON answers that no cache keeps, OperationOutcomes for every error,
content negotiation (JSON only: 406 for anything else), versions as ETag and Last-Modified with
304 for a client that has the current one, and the decorators every endpoint goes through."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt

from ..r4b.search import JSON_FORMATS, SearchError
from ..versions import Version

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/fhir+json; charset=utf-8"
FHIR_VERSION = "4.0"  # the fhirVersion parameter of our media type (R4, 4.0.1 on the wire)
READ_METHODS = ("GET", "HEAD")
R = TypeVar("R", bound=HttpResponseBase)


class ApiError(Exception):
    """Answered as an OperationOutcome with this status and issue code."""

    def __init__(self, status: int, code: str, text: str) -> None:
        super().__init__(text)
        self.status, self.code, self.text = status, code, text


def no_store(response: R) -> R:
    # Patient data: no browser, proxy or client library may keep a copy.
    response["Cache-Control"] = "no-store"
    return response


def fhir_response(data: dict[str, Any], status: int = 200, *, pretty: bool = False) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=1 if pretty else None, separators=None if pretty else (",", ":"))
    return no_store(HttpResponse(body, status=status, content_type=CONTENT_TYPE))


def outcome_resource(code: str, text: str, severity: str = "error") -> dict[str, Any]:
    return {"resourceType": "OperationOutcome", "issue": [{"severity": severity, "code": code, "diagnostics": text}]}


def outcome(status: int, code: str, text: str) -> HttpResponse:
    return fhir_response(outcome_resource(code, text), status)


def base_url(request: HttpRequest) -> str:
    """The API's base address as the client reached it, without a trailing slash."""
    return request.build_absolute_uri(reverse("interop:fhir_metadata")).removesuffix("/metadata")


def _media_ok(media: str) -> bool:
    """Whether one media range of Accept (or a _format value) lets us answer FHIR JSON."""
    kind, *params = (p.strip() for p in media.split(";"))
    kind = kind.lower()
    if kind not in JSON_FORMATS | {"*/*", "application/*"}:
        return False
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "fhirversion" and value.strip().strip('"') not in (FHIR_VERSION, "4.0.1"):
            return False
        if name.strip().lower() == "q" and value.strip() in ("0", "0.0", "0.00", "0.000"):
            return False
    return True


def negotiate(request: HttpRequest) -> HttpResponse | None:
    """406 unless the client takes FHIR JSON: ``_format`` decides if given, else Accept."""
    formats = request.GET.getlist("_format")
    if formats:
        if all(_media_ok(f) for f in formats):
            return None
        return outcome(406, "not-supported", "This server answers in JSON only (_format=json).")
    accept = request.headers.get("Accept", "").strip()
    if not accept or any(_media_ok(m) for m in accept.split(",")):
        return None
    return outcome(406, "not-supported", "This server answers in JSON only (application/fhir+json).")


def prefer(request: HttpRequest) -> dict[str, str]:
    """The Prefer header's preferences, e.g. {"handling": "strict", "respond-async": ""}."""
    found = {}
    for part in request.headers.get("Prefer", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            found[name.strip().lower()] = value.strip().strip('"').lower()
    return found


def _etag(version: Version) -> str:
    return f'W/"{version.version_id}"'


def _etag_matches(header: str, version: Version) -> bool:
    wanted = _etag(version).removeprefix("W/")
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/") == wanted:
            return True
    return False


def versioned(request: HttpRequest, data: dict[str, Any], version: Version) -> HttpResponse:
    """A resource with its ETag and Last-Modified; 304 when the client's copy is current."""
    unchanged = False
    if "If-None-Match" in request.headers:
        unchanged = _etag_matches(request.headers["If-None-Match"], version)
    elif "If-Modified-Since" in request.headers:
        since = parse_http_date_safe(request.headers["If-Modified-Since"])
        unchanged = since is not None and int(version.last_updated.timestamp()) <= since
    response = (
        HttpResponse(status=304) if unchanged else fhir_response(data, pretty=request.GET.get("_pretty") == "true")
    )
    response["ETag"] = _etag(version)
    response["Last-Modified"] = http_date(version.last_updated.timestamp())
    return no_store(response)


def not_allowed(methods: tuple[str, ...]) -> HttpResponse:
    response = outcome(405, "not-supported", f"This address answers {', '.join(methods)} only; the API is read-only.")
    response["Allow"] = ", ".join(methods)
    return response


def refuse(
    request: HttpRequest, methods: tuple[str, ...], formats: Callable[[HttpRequest], bool] | None = None
) -> HttpResponse | None:
    """405 for another method, 406 for another format; None when the request may go on."""
    if request.method not in methods:
        return not_allowed(methods)
    if formats is not None:
        return None if formats(request) else outcome(406, "not-supported", "Not in a format the client accepts.")
    return negotiate(request)


def guarded(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Errors as OperationOutcomes (404, 400, and 500 without details), no-store on every answer."""

    @csrf_exempt  # bearer tokens and signed assertions, not cookies
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return no_store(view(request, *args, **kwargs))
        except ApiError as err:
            return outcome(err.status, err.code, err.text)
        except Http404:
            return outcome(404, "not-found", "No such resource.")
        except SearchError as err:
            return outcome(400, "invalid", str(err))
        except Exception:
            route = request.resolver_match.route if request.resolver_match else "?"
            logger.exception("FHIR API error on %s", route)
            return outcome(500, "exception", "The server could not answer; the practice's IT has the details.")

    return wrapped


def open_endpoint(
    methods: tuple[str, ...] = READ_METHODS,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """An endpoint anyone may call (the CapabilityStatement)."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return refuse(request, methods) or view(request, *args, **kwargs)

        return guarded(checked)

    return decorate
