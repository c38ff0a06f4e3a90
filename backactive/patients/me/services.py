"""Writes from the patient's own pages. New entries go through the diary services (the same
rules as every other path); this module adds the offline batch and the patient's own deletion."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.diary import services as diary
from backactive.diary.models import ActivityEntry, PainEntry, Source
from backactive.patients.models import Patient

MAX_BATCH = 200
# Only what the patient entered themselves can be deleted by them. What the practice recorded
# (visits, paper diary, entries typed in by staff) is part of the medical record, which the
# practice must keep (§ 630f BGB: ten years).
OWN_SOURCES = (Source.PATIENT,)


def _parse(raw: dict[str, Any]) -> tuple[str, uuid.UUID, dt.date, dict[str, Any]]:
    errors: dict[str, str] = {}
    kind = raw.get("kind")
    if kind not in ("pain", "activity"):
        errors["kind"] = _("Unknown kind of entry.")
    try:
        client_id = uuid.UUID(str(raw.get("client_id")))
    except ValueError:
        errors["client_id"] = _("Missing entry id.")
    try:
        day = dt.date.fromisoformat(str(raw.get("date")))
    except ValueError:
        errors["date"] = _("Please give a date.")
    if errors:
        raise ValidationError(errors)
    if kind == "pain":
        fields = {"pain": raw.get("pain"), "scale": raw.get("scale", "numeric")}
    else:
        fields = {
            "activity": raw.get("activity"),
            "minutes": raw.get("minutes"),
            "intensity": raw.get("intensity", "moderate"),
        }
    return str(kind), client_id, day, fields


def entry_save(*, patient: Patient, user: User, raw: dict[str, Any]) -> diary.Saved:
    """One entry from the patient's phone (a form post or an item of the offline batch)."""
    kind, client_id, day, fields = _parse(raw)
    create = diary.pain_entry_create if kind == "pain" else diary.activity_entry_create
    return create(patient=patient, date=day, source=Source.PATIENT, entered_by=user, client_id=client_id, **fields)


def entries_sync(*, patient: Patient, user: User, entries: list[Any]) -> list[dict[str, Any]]:
    """Store a batch of entries made offline and answer for each one:
    ``created`` (stored now), ``duplicate`` (stored before: the phone re-sent it) or
    ``invalid`` (with messages; the phone shows them and stops re-sending it).

    The batch is one transaction (one commit, so one disk sync, however many entries) and each
    entry its own savepoint inside it, so one bad entry does not lose the others. Answers go
    out only after the commit: an acknowledged entry is stored."""
    if len(entries) > MAX_BATCH:
        raise ValidationError(_("At most %(n)s entries at a time.") % {"n": MAX_BATCH})
    results: list[dict[str, Any]] = []
    with transaction.atomic():
        for raw in entries:
            results.append(_sync_one(patient=patient, user=user, raw=raw))
    return results


def _sync_one(*, patient: Patient, user: User, raw: Any) -> dict[str, Any]:
    client_id = str(raw.get("client_id", "")) if isinstance(raw, dict) else ""
    if not isinstance(raw, dict):
        return {"client_id": client_id, "status": "invalid", "errors": {"entry": [_("Not an entry.")]}}
    try:
        # The diary services run their writes in a savepoint of their own, so a refused entry
        # leaves the batch's transaction usable.
        saved = entry_save(patient=patient, user=user, raw=raw)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"entry": exc.messages}
        return {"client_id": client_id, "status": "invalid", "errors": errors}
    except IntegrityError:
        # The same entry arrived twice at the same moment (two tabs, a retry racing the first
        # request): the other request stored it; this one is a repeat.
        if _stored(client_id, patient):
            return {"client_id": client_id, "status": "duplicate"}
        raise
    return {"client_id": client_id, "status": "created" if saved.created else "duplicate"}


def _stored(client_id: str, patient: Patient) -> bool:
    try:
        key = uuid.UUID(client_id)
    except ValueError:
        return False
    return (
        PainEntry.objects.filter(client_id=key, patient=patient).exists()
        or ActivityEntry.objects.filter(client_id=key, patient=patient).exists()
    )


def own_entry_exists(*, patient: Patient, kind: str, entry_id: int) -> bool:
    model = PainEntry if kind == "pain" else ActivityEntry
    return model.objects.filter(pk=entry_id, patient=patient, source__in=OWN_SOURCES).exists()


def own_entry_delete(*, patient: Patient, kind: str, entry_id: int) -> bool:
    """Delete one entry the patient made; False when there is no such entry of theirs."""
    model = PainEntry if kind == "pain" else ActivityEntry
    deleted, _detail = model.objects.filter(pk=entry_id, patient=patient, source__in=OWN_SOURCES).delete()
    return deleted > 0


@transaction.atomic
def own_entries_delete_all(*, patient: Patient) -> int:
    """Delete every entry the patient made themselves; returns how many."""
    pain, _p = PainEntry.objects.filter(patient=patient, source__in=OWN_SOURCES).delete()
    activity, _a = ActivityEntry.objects.filter(patient=patient, source__in=OWN_SOURCES).delete()
    return pain + activity
