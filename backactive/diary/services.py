"""Writes to the diary. Every path (staff form, paper week, patient phone, offline sync, import)
comes through here, so the rules are checked once and the same way; the database constraints
and triggers enforce them again underneath."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.core import codes
from backactive.patients.models import Patient

from . import effects
from .activities import ACTIVITY_CODES
from .models import (
    MAX_MINUTES_PER_DAY,
    ActivityEntry,
    DiaryChart,
    DiaryEffects,
    EntryCorrection,
    PainEntry,
    Source,
)

# Part of every stored analysis' fingerprint: raise it when the method changes, and stored
# results are recomputed at the patient's next entry (or by a data migration).
EFFECTS_METHOD = "1"

# Only what the patient entered themselves can be deleted by them. What the practice recorded
# (visits, paper diary, entries typed in by staff) is part of the medical record, which the
# practice must keep (§ 630f BGB: ten years).
OWN_SOURCES = (Source.PATIENT,)


@dataclass(frozen=True)
class Saved:
    entry: PainEntry | ActivityEntry
    created: bool  # False when an entry with the same client id was already stored


def pain_errors(*, pain: object, scale: object) -> dict[str, str]:
    """What is wrong with a pain entry's values (empty when nothing is)."""
    errors: dict[str, str] = {}
    if not isinstance(pain, int) or isinstance(pain, bool) or not 0 <= pain <= 10:
        errors["pain"] = _("Pain must be a whole number from 0 to 10.")
    if scale not in codes.PAIN_SCALES:
        errors["scale"] = _("Unknown pain scale “%(code)s”.") % {"code": scale}
    return errors


def activity_errors(*, activity: object, minutes: object, intensity: object, steps: object = None) -> dict[str, str]:
    """What is wrong with an activity entry's values, the day's total aside (empty when nothing is)."""
    errors: dict[str, str] = {}
    if activity not in ACTIVITY_CODES:
        errors["activity"] = _("Unknown activity “%(code)s”.") % {"code": activity}
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1:
        errors["minutes"] = _("Minutes must be a whole number of at least 1.")
    elif minutes > MAX_MINUTES_PER_DAY:
        errors["minutes"] = _("A day has at most 1440 minutes (24 hours).")
    if intensity not in codes.INTENSITIES:
        errors["intensity"] = _("Unknown intensity “%(code)s”.") % {"code": intensity}
    if steps is not None and (not isinstance(steps, int) or isinstance(steps, bool) or not 0 <= steps <= 200000):
        errors["steps"] = _("Steps must be a whole number from 0 to 200,000.")
    return errors


# More activity than this on one day happens (a long hike, a day of gardening) but is more often
# a slip (1000 typed for 100): it is stored once whoever enters it has confirmed it.
PLAUSIBLE_MINUTES_PER_DAY = 300


def plausibility_question(*, logged: int, minutes: int) -> str | None:
    """The question to ask before storing ``minutes`` on a day that has ``logged`` already, or None."""
    total = logged + minutes
    if total <= PLAUSIBLE_MINUTES_PER_DAY:
        return None
    return _("%(total)s minutes of activity on one day (more than 5 hours): is that right? If it is, "
             "confirm it; if not, please correct the minutes.") % {"total": total}


# No diary reaches back further (a date in year 1 made the GP page 5 MB of empty weeks).
EARLIEST = dt.date(2000, 1, 1)


def _check_date(day: dt.date, today: dt.date | None) -> None:
    if day > (today or timezone.localdate()):
        message = _("The date lies in the future. Entries can only be made for today or earlier.")
        raise ValidationError({"date": message})
    if day < EARLIEST:
        raise ValidationError({"date": _("The date lies before the year 2000. Please check it.")})


def pain_entry_create(
    *,
    patient: Patient,
    date: dt.date,
    pain: int,
    scale: str = "numeric",
    source: str = Source.STAFF,
    entered_by: User | None = None,
    client_id: uuid.UUID | None = None,
    today: dt.date | None = None,
) -> Saved:
    errors = pain_errors(pain=pain, scale=scale)
    if errors:
        raise ValidationError(errors)
    _check_date(date, today)
    with transaction.atomic():
        stored = _stored_before(PainEntry, client_id, patient)
        if stored is not None:
            return stored
        entry = PainEntry.objects.create(
            patient=patient, date=date, pain=pain, scale=scale, source=source, entered_by=entered_by,
            client_id=client_id or uuid.uuid4(),
        )
    return Saved(entry, created=True)


def activity_entry_create(
    *,
    patient: Patient,
    date: dt.date,
    activity: str,
    minutes: int,
    intensity: str = "moderate",
    steps: int | None = None,
    source: str = Source.STAFF,
    entered_by: User | None = None,
    client_id: uuid.UUID | None = None,
    today: dt.date | None = None,
    confirmed: bool = False,
) -> Saved:
    """``confirmed``: whoever entered it has confirmed a day of more than
    ``PLAUSIBLE_MINUTES_PER_DAY`` (otherwise a ValidationError on ``confirmed`` asks)."""
    errors = activity_errors(activity=activity, minutes=minutes, intensity=intensity, steps=steps)
    if errors:
        raise ValidationError(errors)
    _check_date(date, today)
    with transaction.atomic():
        stored = _stored_before(ActivityEntry, client_id, patient)
        if stored is not None:
            return stored
        # Lock the patient row so two concurrent writers cannot both pass the daily-total check.
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        logged = ActivityEntry.objects.filter(patient=patient, date=date).aggregate(t=Sum("minutes"))["t"] or 0
        if logged + minutes > MAX_MINUTES_PER_DAY:
            raise ValidationError(
                {"minutes": _("With this entry the day would have more than 24 hours of activity "
                              "(%(logged)s minutes are already recorded).") % {"logged": logged}}
            )
        question = None if confirmed else plausibility_question(logged=logged, minutes=minutes)
        if question:
            raise ValidationError({"confirmed": question})
        entry = ActivityEntry.objects.create(
            patient=patient, date=date, activity=activity, minutes=minutes, intensity=intensity, steps=steps,
            source=source, entered_by=entered_by, client_id=client_id or uuid.uuid4(),
        )
    return Saved(entry, created=True)


def _stored_before(model: type[PainEntry] | type[ActivityEntry], client_id: uuid.UUID | None,
                   patient: Patient) -> Saved | None:
    """The entry a client already sent under this id (a re-send), or None."""
    if client_id is None:
        return None
    existing = model.objects.filter(client_id=client_id).first()
    if existing is None:
        return None
    _same_patient(existing, patient)
    return Saved(existing, created=False)


def _same_patient(entry: PainEntry | ActivityEntry, patient: Patient) -> None:
    if entry.patient_id != patient.pk:
        # A client id is a random UUID; a clash across patients means a forged or broken client.
        raise ValidationError({"client_id": _("This entry id is already in use.")})


def entry_values(entry: PainEntry | ActivityEntry) -> dict[str, object]:
    """What an entry says (the history's "old" and "new")."""
    if isinstance(entry, PainEntry):
        return {"date": entry.date.isoformat(), "pain": entry.pain, "scale": entry.scale}
    return {"date": entry.date.isoformat(), "activity": entry.activity, "minutes": entry.minutes,
            "intensity": entry.intensity, "steps": entry.steps}


def entry_correct(
    *,
    patient: Patient,
    kind: str,
    entry_id: int,
    by: User,
    reason: str,
    values: dict[str, object] | None = None,
    confirmed: bool = False,
    own_only: bool = False,
) -> EntryCorrection:
    """Correct one entry (``values``: the corrected fields, checked like a new entry) or delete it
    (``values`` None), with a reason, keeping the history: who, when, the old value and the new
    one. The entry is replaced by a new one, so the chart, the analysis and the GP's sentence use
    the corrected value. ``own_only``: a patient corrects only what they entered themselves.
    Raises ``DoesNotExist`` for an entry that is not the patient's (the view answers 404)."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Please give a reason for the change.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("A reason of at most 500 characters, please.")})
    model: type[PainEntry] | type[ActivityEntry] = PainEntry if kind == "pain" else ActivityEntry
    with transaction.atomic():
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        entries = model.objects.filter(pk=entry_id, patient=patient)
        if own_only:
            entries = entries.filter(source__in=OWN_SOURCES)
        entry = entries.get()
        old, replaced_by, new = entry_values(entry), None, None
        entry.delete()
        if values is not None:
            common = {"patient": patient, "source": entry.source, "entered_by": by}
            saved = (pain_entry_create(**common, **values) if kind == "pain"  # type: ignore[arg-type]
                     else activity_entry_create(**common, **values, confirmed=confirmed))  # type: ignore[arg-type]
            replaced_by, new = saved.entry.client_id, entry_values(saved.entry)
        return EntryCorrection.objects.create(
            patient=patient, kind=kind, entry_client_id=entry.client_id, replaced_by=replaced_by,
            source=entry.source, old=old, new=new, reason=reason, by=by, by_role=getattr(by, "role", "")[:20],
        )


@transaction.atomic
def own_entries_delete_all(*, patient: Patient) -> int:
    """Delete every entry the patient made themselves; returns how many."""
    pain, _p = PainEntry.objects.filter(patient=patient, source__in=OWN_SOURCES).delete()
    activity, _a = ActivityEntry.objects.filter(patient=patient, source__in=OWN_SOURCES).delete()
    # The history of their own entries holds their values too.
    EntryCorrection.objects.filter(patient=patient, source__in=OWN_SOURCES).delete()
    return pain + activity


def _diary_fingerprint(patient_id: int) -> str:
    """Entries are only added and deleted (never edited; a correction replaces the entry,
    ``entry_correct``), and ids only grow: count and largest id of each kind change with every write."""
    pain = PainEntry.objects.filter(patient_id=patient_id).aggregate(n=Count("id"), last=Max("id"))
    activity = ActivityEntry.objects.filter(patient_id=patient_id).aggregate(n=Count("id"), last=Max("id"))
    return f"{EFFECTS_METHOD}:{pain['n']}:{pain['last']}:{activity['n']}:{activity['last']}"


def diary_effects_refresh(*, patient_id: int) -> DiaryEffects | None:
    """Analyse the patient's diary again if it changed since the stored analysis; None when the
    patient no longer exists. Runs after the commit of every diary write (``receivers.py``): the
    patient row is locked meanwhile, so concurrent writers refresh one after the other and the
    last refresh sees every entry."""
    with transaction.atomic():
        if Patient.objects.select_for_update().filter(pk=patient_id).first() is None:
            return None
        fingerprint = _diary_fingerprint(patient_id)
        stored = DiaryEffects.objects.filter(patient_id=patient_id).first()
        if stored is not None and stored.fingerprint == fingerprint:
            return stored
        pain = PainEntry.objects.filter(patient_id=patient_id).values_list("date", "pain")
        activity = ActivityEntry.objects.filter(patient_id=patient_id).values_list("date", "minutes")
        result = effects.analyse(effects.daily(list(pain), list(activity))).to_dict()
        saved, _created = DiaryEffects.objects.update_or_create(
            patient_id=patient_id, defaults={"fingerprint": fingerprint, "result": result}
        )
    return saved


def diary_chart_store(*, patient: Patient, key: str, svg: str) -> None:
    """Keep the chart just drawn for the next page with the same ``key`` (one upsert; the row of
    an older key is replaced). Losing it costs one drawing, so it runs in the request's autocommit
    and two pages drawing at once both just write."""
    DiaryChart.objects.bulk_create([DiaryChart(patient=patient, key=key, svg=svg)], update_conflicts=True,
                                   unique_fields=["patient"], update_fields=["key", "svg"])
