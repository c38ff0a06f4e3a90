from __future__ import annotations

from backactive.accounts.models import Practice

from .models import GdtLaunch, GdtSettings


def gdt_launch_for_practice(practice: Practice) -> GdtLaunch | None:
    """The newest launch from the practice system that no GP screen has opened yet."""
    return (
        GdtLaunch.objects.filter(practice=practice, consumed_at__isnull=True)
        .select_related("patient")
        .order_by("-created_at", "-id")
        .first()
    )


def gdt_settings_get(*, practice: Practice) -> GdtSettings:
    """The practice's GDT settings; unsaved defaults if it has none yet."""
    found = GdtSettings.objects.filter(practice=practice).first()
    return found or GdtSettings(practice=practice)
