"""Who may see what: the roles behind every view, and the helpers every access module builds on.

Every view wraps itself in ``staff_view`` / ``admin_view`` / ``patient_view`` (here) and gets the
objects it shows through a ``get_<thing>_for_user`` helper of the app that owns them, built on
``denied`` and ``viewed`` here: ``patients/access.py`` (patients, a patient's own record),
``consultations/access.py`` (consultations, plans), ``offers/access.py``. Anything a user may not
see is a 404, never a 403, so that the existence of another practice's patient is not revealed.
Anonymous users are sent to the login page by the decorators. Denials and views are announced
with ``accounts.signals``; the audit trail (security) records them.

The FHIR API authenticates bearer tokens, not users: its counterpart of this module is
``backactive.interop.fhir.access`` (``get_token_for_request``, ``get_patient_for_reader``,
``tokens_for_admin``), with the same rule of 404 outside the token's practice.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from . import signals
from .models import Practice, Role, User

View = TypeVar("View", bound=Callable[..., HttpResponse])


def _role_view(check: Callable[[User], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = cast(User, request.user)  # login_required: never anonymous here
            if not check(user):
                raise denied(user)
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator


staff_view = _role_view(lambda u: u.is_practice_staff)
"""Practice staff of any role (admin, GP, assistant)."""

admin_view = _role_view(lambda u: u.is_practice_admin)
"""Practice admins only."""

patient_view = _role_view(lambda u: u.is_patient and hasattr(u, "patient"))
"""Patients with a linked record; their pages show only their own data."""

coordinator_view = _role_view(lambda u: u.is_study_coordinator)
"""Study coordinators: their own studies, pseudonymised (backactive/studies/access.py)."""


def denied(user: User, what: str = "", object_id: object = "") -> Http404:
    """Announce the denial (the audit trail records it) and return the 404 to raise."""
    signals.access_denied.send(sender=User, user=user, object_type=what, object_id=object_id)
    return Http404()


def viewed(user: User, patient_id: int, obj: object) -> None:
    """Announce that ``user`` was shown ``obj`` of patient ``patient_id`` (the audit trail records it)."""
    signals.record_viewed.send(sender=User, user=user, patient_id=patient_id, obj=obj)


def clinicians_for_user(user: User) -> QuerySet[User]:
    """GPs of the user's practice (for choosing a patient's GP)."""
    if not user.is_practice_staff:
        return User.objects.none()
    return User.objects.filter(practice_id=user.practice_id or 0, role=Role.CLINICIAN, is_active=True)


def staff_for_admin(user: User) -> QuerySet[User]:
    """The staff accounts a practice admin manages: their own practice's, never patients."""
    if not user.is_practice_admin:
        return User.objects.none()
    return User.objects.filter(practice_id=user.practice_id or 0).exclude(role=Role.PATIENT)


def get_staff_member_for_admin(user: User, user_id: int) -> User:
    try:
        return staff_for_admin(user).get(pk=user_id)
    except User.DoesNotExist:
        raise Http404 from None


def get_practice_for_user(user: User) -> Practice:
    if user.practice_id is None:
        raise Http404
    return cast(Practice, user.practice)
