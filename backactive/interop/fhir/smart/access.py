"""The SMART access token a request presents, as an API caller."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from ..api.auth import Caller


def smart_caller_for_request(request: HttpRequest) -> Caller | None:
    return None
