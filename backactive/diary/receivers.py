"""Keep the stored activity-and-pain analysis (``DiaryEffects``) in step with the diary: every
write of an entry, one by one (model signals) or in a batch (``signals.entries_saved``), asks for
a refresh once its transaction has committed. A refresh whose diary has not changed since is a
few cheap queries, so a transaction that writes many entries costs one analysis."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from . import signals
from .models import ActivityEntry, PainEntry


def _refresh_after_commit(patient_id: int) -> None:
    from .services import diary_effects_refresh

    # robust: a failing analysis is logged and never turns a stored entry into an error page.
    transaction.on_commit(lambda: diary_effects_refresh(patient_id=patient_id), robust=True)


def _entry_changed(sender: Any, instance: PainEntry | ActivityEntry, **kwargs: Any) -> None:
    _refresh_after_commit(instance.patient_id)


def _batch_saved(sender: Any, patient_id: int, **kwargs: Any) -> None:
    _refresh_after_commit(patient_id)


def connect() -> None:
    for model in (PainEntry, ActivityEntry):
        post_save.connect(_entry_changed, sender=model, dispatch_uid=f"diary_effects_save_{model.__name__}")
        post_delete.connect(_entry_changed, sender=model, dispatch_uid=f"diary_effects_delete_{model.__name__}")
    signals.entries_saved.connect(_batch_saved, dispatch_uid="diary_effects_batch")
