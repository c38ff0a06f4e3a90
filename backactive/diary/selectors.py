"""Reads of the diary shared by the pages that show it (the GP screen, the patient's pages)."""

from __future__ import annotations

import datetime as dt

from backactive.patients.models import Patient

from .models import ActivityEntry, PainEntry
from .services import OWN_SOURCES


def diary_series(patient: Patient) -> tuple[list[tuple[dt.date, int]], list[tuple[dt.date, int]]]:
    """(date, pain) and (date, minutes) of every entry: the input of the weekly series."""
    pain = list(PainEntry.objects.filter(patient=patient).values_list("date", "pain"))
    activity = list(ActivityEntry.objects.filter(patient=patient).values_list("date", "minutes"))
    return pain, activity


def own_entry_exists(*, patient: Patient, kind: str, entry_id: int) -> bool:
    model = PainEntry if kind == "pain" else ActivityEntry
    return model.objects.filter(pk=entry_id, patient=patient, source__in=OWN_SOURCES).exists()
