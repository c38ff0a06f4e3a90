from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from backactive.accounts.models import Practice
from backactive.patients.models import Patient

from ..models import GdtLaunch, GdtResult, GdtResultStatus, GdtSettings

# A launch means "this patient, now": one left over from the morning must not pop up at noon.
LAUNCH_MAX_AGE = datetime.timedelta(minutes=30)


def gdt_launch_for_practice(
    practice: Practice, *, max_age: datetime.timedelta | None = LAUNCH_MAX_AGE
) -> GdtLaunch | None:
    """The newest launch from the practice system that no GP screen has opened yet
    (and, unless ``max_age`` is None, no older than ``max_age``)."""
    launches = GdtLaunch.objects.filter(practice=practice, consumed_at__isnull=True)
    if max_age is not None:
        launches = launches.filter(created_at__gte=timezone.now() - max_age)
    return launches.select_related("patient").order_by("-created_at", "-id").first()


def gdt_settings_get(*, practice: Practice) -> GdtSettings:
    """The practice's GDT settings; unsaved defaults if it has none yet."""
    found = GdtSettings.objects.filter(practice=practice).first()
    return found or GdtSettings(practice=practice)


def gdt_launch_latest(*, patient: Patient) -> GdtLaunch | None:
    """The patient's newest request from the practice system (its 8402, 3101, 3103 go back in
    the 6310), or None for a patient the practice system never sent."""
    return GdtLaunch.objects.filter(patient=patient).order_by("-created_at", "-id").first()


def gdt_results_open(*, practice: Practice) -> QuerySet[GdtResult]:
    """Results not yet with the practice system (waiting or failed), oldest first."""
    return GdtResult.objects.filter(practice=practice).exclude(status=GdtResultStatus.WRITTEN).select_related("patient")
