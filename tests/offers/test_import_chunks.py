"""Imports write a few hundred rows per transaction, so one upload never holds the database's
write lock for long (a 40,000-row CSV used to hold it for 28 s in one transaction)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from backactive.accounts.models import Practice
from backactive.offers import import_chunks, importing
from backactive.offers.importers import ImportFileError
from backactive.offers.models import Offer
from backactive.offers.services import directory_for_import, offers_import

ROWS = 3000


def big_csv(tmp_path: Path, rows: int = ROWS, name: str = "kurse.csv") -> Path:
    lines = ["ref;name;kind;activities;lat;lon"]
    lines += [f"R{n};Kurs {n};course;yoga;50.{n:05d};8.7" for n in range(rows)]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db(transaction=True)
def test_a_few_thousand_rows_are_written_a_chunk_per_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = directory_for_import(practice=Practice.objects.create(name="P"))
    stored = Offer.objects.filter(directory=directory)
    written: list[int] = []
    real = importing._write_chunk

    def spy(run: Any, chunk: list[Any], *args: Any) -> None:
        # No transaction is open before or after a chunk; what it wrote is committed when it returns.
        assert not connection.in_atomic_block
        before = stored.count()
        real(run, chunk, *args)
        assert not connection.in_atomic_block
        written.append(stored.count() - before)

    monkeypatch.setattr(importing, "_write_chunk", spy)
    progress: list[int] = []

    class Progress:
        def set_total(self, total: int | None) -> None:
            assert total == ROWS

        def advance(self, count: int) -> None:
            progress.append(count)

    run = offers_import(path=big_csv(tmp_path), directory=directory, progress=Progress()).run  # type: ignore[arg-type]
    assert run.created == ROWS and run.finished_at is not None and stored.count() == ROWS
    # At most CHUNK_ROWS per transaction (fewer where a transaction took longer than 40 ms).
    assert written == progress and sum(written) == ROWS and len(written) >= ROWS // importing.CHUNK_ROWS
    assert max(written) <= importing.CHUNK_ROWS
    assert run.changes.filter(action="created").count() == ROWS


def test_chunks_shrink_when_a_transaction_takes_long_and_grow_back() -> None:
    size = importing.ChunkSize(250, target_seconds=0.04, least=10)
    assert size.rows == 50  # starts small
    size.observe(50, 0.4)  # ten times too long
    assert size.rows == 28
    for _ in range(10):
        size.observe(size.rows, 0.4)
    assert size.rows == 10
    for _ in range(20):
        size.observe(size.rows, 0.001)
    assert size.rows == 250
    fixed = importing.ChunkSize(250, target_seconds=None)
    fixed.observe(250, 10)
    assert fixed.rows == 250


def test_a_chunk_that_breaks_a_database_rule_is_written_row_by_row(
    tmp_path: Path, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = directory_for_import(practice=Practice.objects.create(name="P"))
    real = import_chunks.prepare

    def meanwhile(run: Any, chunk: Any, existing: Any) -> Any:
        prepared = real(run, chunk, existing)
        # Another process stores offer R3 between validation and the write: the bulk insert breaks
        # the one-offer-per-source-id rule.
        Offer.objects.create(directory=directory, source="csv", source_id="ref:R3", name="Elsewhere",
                             kind="course", setting="facility", lat=50, lon=8)  # fmt: skip
        return prepared

    monkeypatch.setattr(import_chunks, "prepare", meanwhile)
    run = offers_import(path=big_csv(tmp_path, 10), directory=directory).run
    assert (run.created, run.skipped) == (9, 1)
    assert Offer.objects.get(source_id="ref:R3").name == "Elsewhere"
    assert "unique" in run.changes.get(action="skipped").reason.lower()


@pytest.mark.django_db(transaction=True)
def test_a_crash_half_way_keeps_the_chunks_written_and_a_second_run_continues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = directory_for_import(practice=Practice.objects.create(name="P"))
    path = big_csv(tmp_path, 1000)
    real = importing._write_chunk
    calls = {"n": 0}

    def crash_on_third(*args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        real(*args)

    monkeypatch.setattr(importing, "_write_chunk", crash_on_third)
    with pytest.raises(RuntimeError):
        offers_import(path=path, directory=directory, transaction_seconds=None)
    assert Offer.objects.filter(directory=directory).count() == 2 * importing.CHUNK_ROWS
    monkeypatch.setattr(importing, "_write_chunk", real)
    run = offers_import(path=path, directory=directory).run
    assert (run.created, run.unchanged, run.updated) == (500, 500, 0)
    assert Offer.objects.filter(directory=directory).count() == 1000


def test_too_many_rows_is_refused_before_anything_is_written(tmp_path: Path, db: Any) -> None:
    directory = directory_for_import(practice=Practice.objects.create(name="P"))
    limits = importing.import_limits.Limits(max_rows=2000)
    with translation.override("en"), pytest.raises(ImportFileError, match="more than 2,000 rows"):
        offers_import(path=big_csv(tmp_path, 2001), directory=directory, limits=limits)
    assert not Offer.objects.filter(directory=directory).exists() and not directory.import_runs.exists()
