"""Every form that writes is saved once, however often it is sent (issue 12, item 4).

A form carries a one-time token (``{% form_token %}``, a random id made when the page is
shown). A view wrapped in ``once`` runs in one transaction with the token's record: the first
successful send stores the token with where it led; the same token sent again, even at the
same moment, saves nothing and is sent where the first one went. A send that fails (the form
shown again with its messages) does not use the token up, so the corrected form goes through.

Success is a redirect, an htmx redirect (``HX-Redirect``), or an answer a view marks with
``succeeded(response, location)`` (the consultation form shows the suggestions in place).
Forms from patients' phones use the entries' own ids instead (``diary/sync.py``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "form_token"
# A form page older than this is not sent again by accident; older records are dropped.
KEEP = dt.timedelta(days=30)
_LOCATION = "_once_location"


def succeeded(response: HttpResponse, location: str) -> HttpResponse:
    """Mark an answer that is not a redirect as the form's success, leading to ``location``."""
    setattr(response, _LOCATION, location)
    return response


def _location(response: HttpResponse) -> str | None:
    if 300 <= response.status_code < 400 and response.has_header("Location"):
        return str(response["Location"])
    if response.has_header("HX-Redirect"):
        return str(response["HX-Redirect"])
    marked = getattr(response, _LOCATION, None)
    return str(marked) if marked is not None else None


def _token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(request.POST.get(FIELD, "")))
    except ValueError:
        return None


def _stored(token: uuid.UUID) -> FormSubmission | None:
    return FormSubmission.objects.filter(token=token).first()


def _again(request: HttpRequest, done: FormSubmission, user_id: int) -> HttpResponse:
    if done.user_id != user_id:  # random ids do not collide: someone replays another's form
        return HttpResponseBadRequest(_("This form cannot be sent again."))
    location = done.location
    messages.info(request, _("This form had already been sent. It was saved once."))
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = location
        return response
    return redirect(location)


def once(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _token(request) if request.method == "POST" else None
        user_id = request.user.pk
        if token is None or user_id is None:  # (the access decorators outside let no one anonymous in)
            return view(request, *args, **kwargs)
        done = _stored(token)
        if done is not None:
            return _again(request, done, user_id)
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                location = _location(response)
                if location is not None:
                    # Raises when the same form was saved meanwhile: this send is rolled back.
                    FormSubmission.objects.create(token=token, user_id=user_id, location=location[:500])
                    FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
        except IntegrityError:
            first = _stored(token)
            if first is None:
                raise
            return _again(request, first, user_id)
        return response

    return wrapper
