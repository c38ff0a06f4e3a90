"""Old addresses that moved: each answers with a permanent redirect to its new place.

GET and HEAD get 301; every other method gets 308, which keeps the method and the body (a 301
turns a POST into a GET). The query string goes along. Access is decided at the new address."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import URLPattern, path, reverse
from django.views.decorators.csrf import csrf_exempt


class HttpResponsePermanentRedirectKeepMethod(HttpResponsePermanentRedirect):
    status_code = 308


def moved(old: str, new: str) -> URLPattern:
    """The old route ``old`` answers with a redirect to the URL named ``new`` (same parameters)."""

    @csrf_exempt  # the redirect changes nothing; the new address checks the token
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        target = reverse(new, kwargs=kwargs)
        if request.META.get("QUERY_STRING"):
            target += "?" + request.META["QUERY_STRING"]
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(target)
        return HttpResponsePermanentRedirectKeepMethod(target)

    view.moved_to = new  # type: ignore[attr-defined]  # tests/core/test_moved_urls.py finds them by it
    return path(old, view)
