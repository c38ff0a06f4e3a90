"""SMART system scopes, v1 (``system/*.read``) and v2 (``system/*.rs``). Pure Python.

A client asks for scopes; it is granted what is read-only among them, for the resource types
this server exports. Write permissions (v1 ``write``, v2 ``c``/``u``/``d``) are never granted:
``system/*.*`` becomes ``system/*.read`` and ``system/Observation.cruds`` becomes
``system/Observation.rs``. v2 scopes with query parameters (``?category=…``) are not supported
and not granted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

EXPORTABLE: Final = ("Patient", "Observation", "Goal", "CarePlan", "ServiceRequest", "Questionnaire",
                     "QuestionnaireResponse")  # fmt: skip
_SCOPE = re.compile(r"system/(\*|[A-Z][A-Za-z]{1,63})\.(read|write|\*|[cruds]{1,5})")


@dataclass(frozen=True)
class Grant:
    scope: str  # what the token response says, space-separated
    types: frozenset[str]


def _granted(resource: str, permission: str) -> str | None:
    """The read-only form of one scope, or None if it grants no reading."""
    if permission in ("read", "*"):
        return f"system/{resource}.read"
    if permission in ("write",):
        return None
    letters = set(permission)
    if "".join(sorted(letters, key="cruds".index)) != permission:
        return None  # v2 letters must be unique and in the order c, r, u, d, s
    if {"r", "s"} <= letters:
        return f"system/{resource}.rs"
    return None


def grant(requested: str) -> Grant:
    """What a request for ``requested`` (space-separated scopes) is granted."""
    scopes: list[str] = []
    types: set[str] = set()
    for scope in requested.split():
        match = _SCOPE.fullmatch(scope)
        if match is None:
            continue
        resource, permission = match.groups()
        if resource != "*" and resource not in EXPORTABLE:
            continue
        granted = _granted(resource, permission)
        if granted is None or granted in scopes:
            continue
        scopes.append(granted)
        types |= set(EXPORTABLE) if resource == "*" else {resource}
    return Grant(" ".join(scopes), frozenset(types))
