"""The diary's weekly sums (``DiaryWeek``, kept by database triggers) equal a recomputation from the
entries after every path that writes entries: staff entry, the phone's sync (a batch, as the
offline queue sends it, re-sent), corrections and deletions with their history, a bulk import, a
script's UPDATE, deleting one's own data, erasure and purge, and the rebuild a restore runs."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from django.db import connection
from django.utils import timezone

from backactive.diary import services, weeks
from backactive.diary.models import ActivityEntry, DiaryWeek, PainEntry, Source
from backactive.diary.sync import entries_sync
from backactive.diary.trends import monday
from backactive.privacy.services import patient_erase, patient_purge


def _recomputed() -> dict[tuple[int, dt.date], tuple[int, int, int, int]]:
    sums: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for patient_id, day, minutes in ActivityEntry.objects.values_list("patient_id", "date", "minutes"):
        row = sums[(patient_id, monday(day))]
        row[0] += minutes
        row[1] += 1
    for patient_id, day, pain in PainEntry.objects.values_list("patient_id", "date", "pain"):
        row = sums[(patient_id, monday(day))]
        row[2] += pain
        row[3] += 1
    return {key: (m, a, s, n) for key, (m, a, s, n) in sums.items()}


def _stored() -> dict[tuple[int, dt.date], tuple[int, int, int, int]]:
    return {(p, w): (m, a, s, n) for p, w, m, a, s, n in DiaryWeek.objects.values_list(
        "patient_id", "week", "minutes", "activity_entries", "pain_sum", "pain_entries")}


def _assert_in_step() -> None:
    assert _stored() == _recomputed()


def _day(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def test_staff_entries_and_corrections_keep_the_weeks(world: Any) -> None:
    a = world.patient_a
    pain = services.pain_entry_create(patient=a, date=_day(1), pain=6, source=Source.STAFF).entry
    services.pain_entry_create(patient=a, date=_day(9), pain=2, source=Source.PAPER)
    walk = services.activity_entry_create(patient=a, date=_day(1), activity="walking", minutes=40,
                                          source=Source.STAFF).entry
    _assert_in_step()
    assert DiaryWeek.objects.get(patient=a, week=monday(_day(1))).pain_sum == 6

    services.entry_correct(patient=a, kind="pain", entry_id=pain.pk, by=world.clinician_x, reason="typo",
                           values={"date": _day(15), "pain": 3})  # moved to another week
    _assert_in_step()
    services.entry_correct(patient=a, kind="activity", entry_id=walk.pk, by=world.clinician_x, reason="wrong sheet")
    _assert_in_step()
    # The week that lost its last entry has no row, as a recomputation has none.
    assert not DiaryWeek.objects.filter(patient=a, week=monday(_day(1))).exists()


def test_the_phones_sync_and_its_re_sent_queue_keep_the_weeks(world: Any) -> None:
    queue = [{"kind": "pain", "client_id": str(uuid.uuid4()), "date": _day(d).isoformat(), "pain": d % 11}
             for d in range(20)]
    queue += [{"kind": "activity", "client_id": str(uuid.uuid4()), "date": _day(d).isoformat(),
               "activity": "walking", "minutes": 10 + d} for d in range(0, 20, 2)]
    entries_sync(patient=world.patient_a, user=world.patient_a_user, entries=queue)
    _assert_in_step()
    answers = entries_sync(patient=world.patient_a, user=world.patient_a_user, entries=queue)  # sent again
    assert {a["status"] for a in answers} == {"duplicate"}
    _assert_in_step()
    assert sum(w.pain_entries for w in DiaryWeek.objects.filter(patient=world.patient_a)) == 20


def test_bulk_imports_and_a_scripts_update_keep_the_weeks(world: Any) -> None:
    PainEntry.objects.bulk_create(PainEntry(patient=world.patient_b, date=_day(d), pain=5, source=Source.IMPORT)
                                  for d in range(60))
    ActivityEntry.objects.bulk_create(ActivityEntry(patient=world.patient_b, date=_day(d), activity="cycling",
                                                    minutes=30, source=Source.IMPORT) for d in range(60))
    _assert_in_step()
    PainEntry.objects.filter(patient=world.patient_b, date__lt=_day(30)).update(pain=7)
    ActivityEntry.objects.filter(patient=world.patient_b, date=_day(3)).update(date=_day(40), minutes=90)
    PainEntry.objects.filter(patient=world.patient_b, date=_day(5)).update(patient=world.patient_a)
    _assert_in_step()
    PainEntry.objects.filter(date__lt=_day(45)).delete()
    _assert_in_step()


def test_deleting_own_data_erasure_and_purge_keep_the_weeks(world: Any) -> None:
    for d in range(10):
        services.pain_entry_create(patient=world.patient_a, date=_day(d), pain=4, source=Source.PATIENT)
        services.pain_entry_create(patient=world.patient_a, date=_day(d), pain=8, source=Source.PAPER)
        services.pain_entry_create(patient=world.patient_b, date=_day(d), pain=1, source=Source.PATIENT)
    services.own_entries_delete_all(patient=world.patient_b)
    _assert_in_step()
    assert not DiaryWeek.objects.filter(patient=world.patient_b).exists()
    patient_erase(patient=world.patient_a)  # a clinical record: own entries go, the practice's stay
    _assert_in_step()
    assert {w.pain_sum / w.pain_entries for w in DiaryWeek.objects.filter(patient=world.patient_a)} == {8}
    patient_purge(patient=world.patient_a)
    _assert_in_step()
    assert not DiaryWeek.objects.exists()


def test_rebuild_recomputes_sums_that_are_wrong_or_missing(world: Any) -> None:
    """What ``restore`` runs after a backup is back (and the migration that made the table)."""
    for d in range(30):
        services.pain_entry_create(patient=world.patient_a, date=_day(d), pain=d % 11)
    right = _stored()
    DiaryWeek.objects.filter(patient=world.patient_a).update(pain_sum=0)
    DiaryWeek.objects.create(patient=world.patient_b, week=monday(_day(0)), pain_sum=9, pain_entries=1)
    assert _stored() != right
    weeks.rebuild(connection, patient_ids=[world.patient_b.pk])
    assert (world.patient_b.pk, monday(_day(0))) not in _stored()
    weeks.rebuild(connection)
    assert _stored() == right
    _assert_in_step()


def test_the_command_recomputes_the_sums(world: Any) -> None:
    import io

    from django.core.management import call_command

    services.pain_entry_create(patient=world.patient_a, date=_day(2), pain=5)
    DiaryWeek.objects.update(pain_sum=1)
    out = io.StringIO()
    call_command("diary_weeks", stdout=out)
    assert "1 weeks" in out.getvalue()
    _assert_in_step()
