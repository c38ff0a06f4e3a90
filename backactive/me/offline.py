"""Which patient pages the phone may keep for offline use. The service worker (static/me/sw.js)
keeps a page only when its answer carries this header, so a new page is never kept unless it
says so here: settings (with the calendar link), data and export pages never are."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpResponse

OFFLINE_HEADER = "X-BackActive-Offline"


def kept_offline(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a page the service worker may keep on the phone (the diary, the plan, progress, today's
    guided exercises, a questionnaire being answered)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> HttpResponse:
        response = view(*args, **kwargs)
        if response.status_code == 200:
            response[OFFLINE_HEADER] = "keep"
        return response

    return wrapper
