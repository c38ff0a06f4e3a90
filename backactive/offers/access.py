"""Which offers and imports a user may curate: their own practice's directories, staff only.

Shared regional directories are read-only here (a change would reach every practice that uses
them); they are still searched. Anything else is a 404, as in ``backactive.accounts.access``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from backactive.accounts.models import User

from .models import ImportRun, Offer


def offers_for_user(user: User) -> QuerySet[Offer]:
    if not user.is_practice_staff or user.practice_id is None:
        return Offer.objects.none()
    return Offer.objects.filter(directory__practice_id=user.practice_id)


def get_offer_for_user(user: User, offer_id: int) -> Offer:
    try:
        return offers_for_user(user).select_related("directory").get(pk=offer_id)
    except Offer.DoesNotExist:
        raise Http404 from None


def import_runs_for_user(user: User) -> QuerySet[ImportRun]:
    if not user.is_practice_staff or user.practice_id is None:
        return ImportRun.objects.none()
    return ImportRun.objects.filter(directory__practice_id=user.practice_id).select_related("directory")


def get_import_run_for_user(user: User, run_id: int) -> ImportRun:
    try:
        return import_runs_for_user(user).get(pk=run_id)
    except ImportRun.DoesNotExist:
        raise Http404 from None
