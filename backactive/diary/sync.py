"""Entries from the patient's phone: one entry (a form post) or the offline batch, parsed from
what the phone sends and stored through the diary services and ``batch`` (the same rules as every
other path), with one answer per entry."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.patients.models import Patient

from . import services as diary
from . import signals
from .batch import EntryInput, entries_create
from .models import ActivityEntry, PainEntry, Source

MAX_BATCH = 200
FEELINGS = ("easy", "right", "too_hard")
MAX_SESSION_EXERCISES = 30


def _session(raw: dict[str, Any]) -> dict[str, Any] | None:
    """A guided session riding on an activity entry: {"felt": easy|right|too_hard|None,
    "exercises": [{"code", "level"}]} (a JSON string from a form, an object from the queue)."""
    value = raw.get("session")
    if value in (None, ""):
        return None
    problem = ValidationError({"session": _("The exercise session could not be read.")})
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise problem from None
    if not isinstance(value, dict):
        raise problem
    felt = value.get("felt") or raw.get("felt") or None
    exercises = value.get("exercises", [])
    if felt not in (None, *FEELINGS) or not isinstance(exercises, list) or len(exercises) > MAX_SESSION_EXERCISES:
        raise problem
    for done in exercises:
        if (
            not isinstance(done, dict)
            or not isinstance(done.get("code"), str)
            or len(done["code"]) > 60
            or done.get("level") not in (1, 2, 3)
            or isinstance(done.get("level"), bool)
        ):
            raise problem
    return {"felt": felt, "exercises": [{"code": d["code"], "level": d["level"]} for d in exercises]}


def _announce(patient: Patient, sessions: list[tuple[uuid.UUID, dict[str, Any]]]) -> None:
    if sessions:
        def send() -> None:
            signals.exercise_sessions_logged.send(sender=ActivityEntry, patient_id=patient.pk, sessions=sessions)

        transaction.on_commit(send)


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
            # More than 5 hours on one day: the patient confirmed it on the phone (JSON true only).
            "confirmed": raw.get("confirmed") is True,
        }
    return str(kind), client_id, day, fields


def entry_save(*, patient: Patient, user: User, raw: dict[str, Any]) -> diary.Saved:
    """One entry from the patient's phone (a form post or an item of the offline batch)."""
    kind, client_id, day, fields = _parse(raw)
    session = _session(raw) if kind == "activity" else None
    create = diary.pain_entry_create if kind == "pain" else diary.activity_entry_create
    saved = create(patient=patient, date=day, source=Source.PATIENT, entered_by=user, client_id=client_id, **fields)
    if saved.created and session is not None:
        _announce(patient, [(client_id, session)])
    return saved


def entries_sync(*, patient: Patient, user: User, entries: list[Any]) -> list[dict[str, Any]]:
    """Store a batch of entries made offline and answer for each one:
    ``created`` (stored now), ``duplicate`` (stored before: the phone re-sent it) or
    ``invalid`` (with messages; the phone shows them and stops re-sending it).

    The batch is one transaction (one commit, so one disk sync, however many entries) and each
    entry its own savepoint inside it, so one bad entry does not lose the others. Answers go
    out only after the commit: an acknowledged entry is stored."""
    if len(entries) > MAX_BATCH:
        raise ValidationError(_("At most %(n)s entries at a time.") % {"n": MAX_BATCH})
    answers: list[dict[str, Any] | None] = []
    parsed: list[EntryInput] = []
    sessions: dict[uuid.UUID, dict[str, Any]] = {}
    for raw in entries:
        client_id = str(raw.get("client_id", "")) if isinstance(raw, dict) else ""
        try:
            if not isinstance(raw, dict):
                raise ValidationError({"entry": [_("Not an entry.")]})
            kind, key, day, fields = _parse(raw)
            session = _session(raw) if kind == "activity" else None
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"entry": exc.messages}
            answers.append({"client_id": client_id, "status": "invalid", "errors": errors})
            continue
        answers.append(None)
        parsed.append(EntryInput(kind=kind, client_id=key, date=day, fields=fields))
        if session is not None:
            sessions[key] = session
    try:
        stored = iter(entries_create(patient=patient, entries=parsed, source=Source.PATIENT, entered_by=user))
    except PermissionDenied as exc:  # the record is locked: nothing of the batch can be stored
        refused = {"entry": [str(exc)]}
        pending = iter(parsed)
        return [a if a is not None else {"client_id": str(next(pending).client_id), "status": "invalid",
                                         "errors": refused} for a in answers]
    except IntegrityError:
        # An id collided with another patient's entry while we looked (a forged or broken
        # client): take the batch one entry at a time, which answers each on its own.
        with transaction.atomic():
            return [_sync_one(patient=patient, user=user, raw=raw) for raw in entries]
    results: list[dict[str, Any]] = []
    for answer in answers:
        if answer is not None:
            results.append(answer)
            continue
        result = next(stored)
        item: dict[str, Any] = {"client_id": str(result.client_id), "status": result.status}
        if result.errors:
            item["errors"] = result.errors
        results.append(item)
    _announce(patient, [(k, v) for k, v in sessions.items() if any(
        r["client_id"] == str(k) and r["status"] == "created" for r in results)])
    return results


def _sync_one(*, patient: Patient, user: User, raw: Any) -> dict[str, Any]:
    client_id = str(raw.get("client_id", "")) if isinstance(raw, dict) else ""
    if not isinstance(raw, dict):
        return {"client_id": client_id, "status": "invalid", "errors": {"entry": [_("Not an entry.")]}}
    try:
        # The diary services run their writes in a savepoint of their own, so a refused entry
        # leaves the transaction usable.
        saved = entry_save(patient=patient, user=user, raw=raw)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"entry": exc.messages}
        return {"client_id": client_id, "status": "invalid", "errors": errors}
    except IntegrityError:
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
