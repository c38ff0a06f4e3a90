"""Writing the audit trail: one INSERT per event.

Who and from where come from the current request, which the middleware puts into a context
variable, so that model receivers deep inside a service can record the actor without every
service passing the request around. Outside a request (commands, tests) the actor is whoever
the caller names, or nobody.
"""

from __future__ import annotations

import contextvars
import logging
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.http import HttpRequest

from .models import AuditAction, AuditEvent
from .routes import audit_path

logger = logging.getLogger(__name__)

AUDIT_DATABASE = "default"


@dataclass(frozen=True)
class RequestInfo:
    user: Any
    ip: str | None
    path: str


_current: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar("backactive_request", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The client address as the server saw it. Behind a proxy, the proxy must set REMOTE_ADDR
    (waitress: trusted_proxy + trusted_proxy_headers), never a header the client controls."""
    ip = request.META.get("REMOTE_ADDR") or None
    return ip[:45] if ip else None


def request_info(request: HttpRequest) -> RequestInfo:
    # The path, or its route pattern where it carries an invitation code or a calendar token.
    return RequestInfo(user=getattr(request, "user", None), ip=client_ip(request), path=audit_path(request)[:200])


def set_request(request: HttpRequest | None) -> contextvars.Token[RequestInfo | None]:
    return _current.set(request_info(request) if request is not None else None)


def reset_request(token: contextvars.Token[RequestInfo | None]) -> None:
    _current.reset(token)


def current() -> RequestInfo | None:
    return _current.get()


def actor_name(user: Any) -> str:
    """The user name for the trail: staff only. A patient's user name is usually built from
    their name, and the trail outlives an erasure, so patients are recorded by id and role."""
    if user is None or getattr(user, "role", "") == "patient":
        return ""
    return str(user.get_username())[:150]


def record(
    action: str,
    *,
    user: Any = None,
    patient_id: int | None = None,
    obj: Any = None,
    object_type: str = "",
    object_id: Any = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. ``user`` defaults to the request's user; ``obj`` names the object
    (its model label and primary key, nothing of its content)."""
    info = request_info(request) if request is not None else current()
    if user is None and info is not None:
        user = info.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    # Always the primary database, whatever a router does with reads: an audited read served
    # from a replica must still leave its row where backups and exports find it.
    event = AuditEvent(
        action=action,
        actor_id=user.pk if user is not None else None,
        actor_name=actor_name(user),
        actor_role=(getattr(user, "role", "") if user is not None else "")[:20],
        patient_id=patient_id,
        object_type=object_type[:40],
        object_id=str(object_id if object_id is not None else "")[:64],
        path=info.path if info is not None else "",
        ip=info.ip if info is not None else None,
    )
    if action == AuditAction.VIEW:
        _insert_view(event)
    else:
        event.save(using=AUDIT_DATABASE, force_insert=True)
    return event


def _insert_view(event: AuditEvent) -> None:
    """A record viewed: committed before the page is answered, like every row, but on SQLite
    without waiting for the disk. In WAL mode with synchronous=NORMAL a commit is written to the
    WAL file (the operating system holds it: it survives the server process dying the next
    moment) and reaches the disk with the next synchronous commit or checkpoint; only a power cut
    or kernel crash within that moment can lose it (docs/security.md, "Audit trail: cost and
    durability"). Writes of patient data keep synchronous=FULL. Inside a transaction the row
    commits with it, as before. PostgreSQL keeps synchronous_commit on: there the commit waits
    for the WAL flush, which the server shares between concurrent commits."""
    connection = connections[AUDIT_DATABASE]
    relaxed = connection.vendor == "sqlite" and connection.get_autocommit()
    if not relaxed:
        event.save(using=AUDIT_DATABASE, force_insert=True)
        return
    connection.ensure_connection()
    # On the driver's connection: a pragma is no round trip and no query of the page.
    connection.connection.execute("PRAGMA synchronous=NORMAL")
    try:
        event.save(using=AUDIT_DATABASE, force_insert=True)
    finally:
        connection.connection.execute("PRAGMA synchronous=FULL")
