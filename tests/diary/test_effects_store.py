"""The stored activity-and-pain analysis follows every diary write, after its commit."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from backactive.diary import services
from backactive.diary.batch import EntryInput, entries_create
from backactive.diary.effects import Effects
from backactive.diary.models import ActivityEntry, DiaryEffects, PainEntry, Source

TODAY = dt.date.today()


def stored(patient: Any) -> Effects:
    return Effects.from_dict(DiaryEffects.objects.get(patient=patient).result)


def test_each_entry_updates_the_stored_analysis_after_commit(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.pain_entry_create(patient=world.patient_a, date=TODAY - dt.timedelta(days=1), pain=4)
    assert len(callbacks) == 1 and stored(world.patient_a).pain_days == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.pain_entry_create(patient=world.patient_a, date=TODAY, pain=3)
        services.activity_entry_create(patient=world.patient_a, date=TODAY - dt.timedelta(days=1),
                                       activity="walking", minutes=30)
    after = stored(world.patient_a)
    assert after.pain_days == 2 and after.active_pairs == 1 and not after.enough_data
    assert not DiaryEffects.objects.filter(patient=world.patient_b).exists()


def test_a_batch_and_a_deletion_update_it_too(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    entries = [EntryInput("pain", uuid.uuid4(), TODAY - dt.timedelta(days=d), {"pain": 5, "scale": "numeric"})
               for d in range(20)]
    entries += [EntryInput("activity", uuid.uuid4(), TODAY - dt.timedelta(days=d),
                           {"activity": "walking", "minutes": 30}) for d in range(0, 20, 2)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        entries_create(patient=world.patient_a, entries=entries, source=Source.PATIENT, entered_by=None)
    assert len(callbacks) == 1  # one analysis per batch
    full = stored(world.patient_a)
    assert full.pain_days == 20 and full.enough_data and full.next_day is not None
    with django_capture_on_commit_callbacks(execute=True):
        PainEntry.objects.filter(patient=world.patient_a, date__lt=TODAY - dt.timedelta(days=9)).delete()
    assert stored(world.patient_a).pain_days == 10 and not stored(world.patient_a).enough_data


def test_an_unchanged_diary_is_not_analysed_again(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    PainEntry.objects.create(patient=world.patient_a, date=TODAY, pain=4)
    first = services.diary_effects_refresh(patient_id=world.patient_a.pk)
    assert first is not None

    def fail(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("analysed again")

    monkeypatch.setattr(services.effects, "analyse", fail)
    again = services.diary_effects_refresh(patient_id=world.patient_a.pk)
    assert again is not None and again.fingerprint == first.fingerprint
    assert services.diary_effects_refresh(patient_id=10**9) is None  # a patient deleted meanwhile


def test_a_failing_analysis_never_loses_the_entry(world: Any, monkeypatch: pytest.MonkeyPatch,
                                                  django_capture_on_commit_callbacks: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise ValueError("bug")

    monkeypatch.setattr(services.effects, "analyse", broken)
    with django_capture_on_commit_callbacks(execute=True):
        saved = services.activity_entry_create(patient=world.patient_a, date=TODAY, activity="walking", minutes=20)
    assert ActivityEntry.objects.filter(pk=saved.entry.pk).exists()
    assert not DiaryEffects.objects.filter(patient=world.patient_a).exists()
