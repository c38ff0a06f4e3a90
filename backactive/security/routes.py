"""The route pattern of a request ("/invitation/<str:code>/") instead of its raw path: paths can
carry invitation codes and calendar tokens, which must reach neither the logs nor the audit trail.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest
from django.urls import Resolver404, resolve

UNMATCHED = "<no route>"


def route_of_path(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return UNMATCHED
    except Exception:  # a path that cannot even be resolved (bad encoding): say nothing about it
        return UNMATCHED
    return "/" + match.route


# URL parameters that are secrets: a path holding one is never written down as it is.
SECRET_PARAMETERS = frozenset({"code", "token"})


def audit_path(request: HttpRequest) -> str:
    """What the audit trail records: the path (it names the patient page that was looked at),
    but the route pattern where the path carries a secret (an invitation code, a calendar token)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Exception:
            return UNMATCHED
    return "/" + match.route if SECRET_PARAMETERS & set(match.kwargs) else request.path


def route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return "/" + match.route
    return route_of_path(request.path_info)


class RoutePatternFilter(logging.Filter):
    """For django.request ("Not Found: /invitation/ABC/") and django.server ("GET /calendar/x.ics"):
    the path in the message's arguments becomes its route pattern."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(self._clean(a, request) for a in record.args)
        return True

    def _clean(self, arg: Any, request: Any) -> Any:
        if not isinstance(arg, str) or "/" not in arg:
            return arg
        if arg.startswith("/"):
            return route_of(request) if isinstance(request, HttpRequest) else route_of_path(arg.split("?")[0])
        parts = arg.split(" ")  # django.server: 'GET /path?query HTTP/1.1'
        if len(parts) == 3 and parts[1].startswith("/"):
            return f"{parts[0]} {route_of_path(parts[1].split('?')[0])} {parts[2]}"
        return arg
