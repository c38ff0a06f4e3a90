"""Who is calling the FHIR API, and which part of it they may use.

Two kinds of credentials, for two purposes:
- an **API token** (issued by the practice admin, ``tokens.py``): the practice's own systems
  read and search the REST API, all of the practice's patients, with our ids;
- a **SMART Backend Services** access token (``smart/``): a research platform registered by the
  practice admin runs Bulk Data exports of the patients who consented to research, pseudonymised.
Each kind is refused (403) where it does not belong, so research consent is never bypassed by
reading the REST API with a research credential.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from backactive.core.replica import replica_reads

from .. import access as fhir_access
from .http import READ_METHODS, guarded, outcome, refuse

TOKEN = "token"
SMART = "smart"


@dataclass(frozen=True)
class Caller:
    practice_id: int
    kind: str  # TOKEN or SMART
    credential_id: int  # the ApiToken's or the SmartClient's id
    types: frozenset[str] | None = None  # SMART: resource types the scopes grant; None = all

    @property
    def audit_type(self) -> str:
        return "fhir_token" if self.kind == TOKEN else "smart_client"

    def may_read(self, resource_type: str) -> bool:
        return self.types is None or resource_type in self.types


def unauthorized(request: HttpRequest, text: str = "A valid bearer token is needed.") -> HttpResponse:
    response = outcome(401, "login", text)
    sent = fhir_access.bearer_token(request) is not None
    response["WWW-Authenticate"] = 'Bearer realm="BackActive FHIR"' + (', error="invalid_token"' if sent else "")
    return response


def caller_for_request(request: HttpRequest) -> Caller | None:
    from ..smart.access import smart_caller_for_request
    from ..smart.services import TOKEN_PREFIX

    if (fhir_access.bearer_token(request) or "").startswith(TOKEN_PREFIX):
        return smart_caller_for_request(request)
    token = fhir_access.get_token_for_request(request)
    if token is not None:
        return Caller(practice_id=token.practice_id, kind=TOKEN, credential_id=token.pk)
    return None


_WRONG_KIND = {
    SMART: "A research client (SMART Backend Services) may run Bulk Data exports only; REST reads need an API "
    "token of the practice.",
    TOKEN: "Bulk Data exports need a research client registered by the practice (SMART Backend Services), not an "
    "API token.",
}


def api(
    kind: str,
    methods: tuple[str, ...] = READ_METHODS,
    formats: Callable[[HttpRequest], bool] | None = None,
    *,
    replica: bool = False,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """An endpoint for callers of ``kind``; the view gets the caller as ``caller``. Without a
    valid credential 401 (before anything else, so an address tells nothing); then 405, 406
    (``formats`` says what the client may accept; FHIR JSON by default); with the other kind of
    credential 403. The credential is always checked on the primary database (a revoked token
    stops at once); with ``replica`` the view's reads of the record may be served by the read
    replica (``backactive.core.replica``), while its audit rows and versions go to the primary."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def authenticated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            caller = caller_for_request(request)
            if caller is None:
                return unauthorized(request)
            refused = refuse(request, methods, formats)
            if refused is not None:
                return refused
            if caller.kind != kind:
                return outcome(403, "forbidden", _WRONG_KIND[caller.kind])
            if replica:
                with replica_reads():
                    return view(request, *args, caller=caller, **kwargs)
            return view(request, *args, caller=caller, **kwargs)

        return guarded(authenticated)

    return decorate
