"""Typed requests for view signatures: an ``HttpRequest`` whose ``user`` is declared, so views
need no casts. The access decorators (``accounts.access``) make the declaration true: a view
wrapped in ``staff_view`` or ``admin_view`` takes a ``StaffRequest``, one in ``patient_view`` a
``PatientRequest``, one in ``login_required`` a ``UserRequest``."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class UserRequest(HttpRequest):
    user: User


class StaffRequest(UserRequest):
    htmx: HtmxDetails


class PatientRequest(UserRequest):
    pass
