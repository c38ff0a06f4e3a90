"""Many diary entries of one patient at once: the offline queue of a phone coming back online,
a paper diary week. The same rules as one entry at a time (diary/services.py), checked with a
fixed number of queries per batch instead of several per entry, and stored in one INSERT per
kind. Whoever watches writes (the audit trail, the retention lock) hears of the batch through
the signals in diary/signals.py, since bulk inserts send no per-row save signals."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.patients.models import Patient

from . import signals
from .models import MAX_MINUTES_PER_DAY, ActivityEntry, PainEntry
from .services import _check_date, activity_errors, pain_errors, plausibility_question


@dataclass(frozen=True)
class EntryInput:
    kind: str  # "pain" or "activity"
    client_id: uuid.UUID
    date: dt.date
    fields: dict[str, Any]


@dataclass
class EntryResult:
    client_id: uuid.UUID
    status: str  # created, duplicate or invalid
    errors: dict[str, list[str]] = field(default_factory=dict)


def _errors(entry: EntryInput, today: dt.date) -> dict[str, str]:
    f = entry.fields
    if entry.kind == "pain":
        errors = pain_errors(pain=f.get("pain"), scale=f.get("scale", "numeric"))
    else:
        errors = activity_errors(activity=f.get("activity"), minutes=f.get("minutes"),
                                 intensity=f.get("intensity", "moderate"), steps=f.get("steps"))
    try:
        _check_date(entry.date, today)
    except ValidationError as exc:
        errors["date"] = exc.message_dict["date"][0]
    return errors


@transaction.atomic
def entries_create(*, patient: Patient, entries: list[EntryInput], source: str, entered_by: User | None,
                   today: dt.date | None = None) -> list[EntryResult]:
    """Store what is new and valid; answer for every entry, in order. An entry whose client id
    is stored already is a duplicate (a phone re-sending), never a second row."""
    today = today or timezone.localdate()
    # One writer per patient at a time, so the day totals below stay true until the INSERT.
    Patient.objects.select_for_update().filter(pk=patient.pk).first()
    ids = [e.client_id for e in entries]
    owners = dict(PainEntry.objects.filter(client_id__in=ids).order_by().values_list("client_id", "patient_id")
                  .union(ActivityEntry.objects.filter(client_id__in=ids).order_by()
                         .values_list("client_id", "patient_id"), all=True))  # one query for both kinds
    dates = {e.date for e in entries if e.kind == "activity"}
    totals: dict[dt.date, int] = dict(
        ActivityEntry.objects.filter(patient=patient, date__in=dates).values("date").annotate(t=Sum("minutes"))
        .values_list("date", "t")
    ) if dates else {}
    results: list[EntryResult] = []
    rows: list[PainEntry | ActivityEntry] = []
    for entry in entries:
        owner = owners.get(entry.client_id)
        if owner is not None:
            if owner != patient.pk:
                in_use = {"client_id": [_("This entry id is already in use.")]}
                results.append(EntryResult(entry.client_id, "invalid", in_use))
            else:
                results.append(EntryResult(entry.client_id, "duplicate"))
            continue
        errors = _errors(entry, today)
        if not errors and entry.kind == "activity":
            logged = totals.get(entry.date, 0)
            question = None if entry.fields.get("confirmed") is True else plausibility_question(
                logged=logged, minutes=entry.fields["minutes"])
            if logged + entry.fields["minutes"] > MAX_MINUTES_PER_DAY:
                errors["minutes"] = _("With this entry the day would have more than 24 hours of activity "
                                      "(%(logged)s minutes are already recorded).") % {"logged": logged}
            elif question:
                errors["confirmed"] = question  # the phone asks, and sends it again with confirmed: true
            else:
                totals[entry.date] = logged + entry.fields["minutes"]
        if errors:
            results.append(EntryResult(entry.client_id, "invalid", {k: [v] for k, v in errors.items()}))
            continue
        owners[entry.client_id] = patient.pk  # a repeat inside the batch is a duplicate too
        common = {"patient": patient, "date": entry.date, "source": source, "entered_by": entered_by,
                  "client_id": entry.client_id}
        if entry.kind == "pain":
            rows.append(PainEntry(pain=entry.fields["pain"], scale=entry.fields.get("scale", "numeric"), **common))
        else:
            rows.append(ActivityEntry(activity=entry.fields["activity"], minutes=entry.fields["minutes"],
                                      intensity=entry.fields.get("intensity", "moderate"),
                                      steps=entry.fields.get("steps"), **common))
        results.append(EntryResult(entry.client_id, "created"))
    if rows:
        signals.entries_saving.send(sender=EntryInput, patient_id=patient.pk)  # may refuse (retention lock)
        pain = PainEntry.objects.bulk_create([r for r in rows if isinstance(r, PainEntry)])
        activity = ActivityEntry.objects.bulk_create([r for r in rows if isinstance(r, ActivityEntry)])
        signals.entries_saved.send(sender=EntryInput, patient_id=patient.pk, entries=[*pain, *activity])
    return results
