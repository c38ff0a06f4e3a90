"""Every write to offers: imports, curation by staff, subscriptions to shared directories."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from backactive.accounts.models import Practice

from .importing import ImportResult, directory_for_import, offers_import, offers_import_upload, save_offer
from .models import Directory, DirectorySubscription, Offer

__all__ = [
    "ImportResult", "directory_for_import", "directory_subscribe", "offer_mark_checked", "offer_set_hidden",
    "offer_update", "offers_import", "offers_import_upload",
]  # fmt: skip

def directory_subscribe(*, practice: Practice, directory: Directory) -> DirectorySubscription:
    """Let ``practice`` use a shared directory. Practice-owned directories are not shared."""
    if not directory.is_shared:
        raise ValueError("only shared regional directories can be subscribed to")
    return DirectorySubscription.objects.get_or_create(practice=practice, directory=directory)[0]


def offer_set_hidden(*, offer: Offer, hidden: bool) -> Offer:
    offer.hidden = hidden
    offer.save(update_fields=["hidden", "updated_at"])
    return offer


def offer_mark_checked(*, offer: Offer, today: datetime.date | None = None) -> Offer:
    offer.last_checked = today or timezone.localdate()
    offer.save(update_fields=["last_checked", "updated_at"])
    return offer


def offer_update(*, offer: Offer, data: dict[str, Any]) -> Offer:
    """Staff edits (already validated by the form); ``full_clean`` guards the rest."""
    for name, value in data.items():
        setattr(offer, name, value)
    save_offer(offer)
    return offer
