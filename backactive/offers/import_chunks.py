"""One chunk of an import: prepared outside any transaction (validated, compared with what is
stored), then written in one short transaction of bulk statements.

Keeping Python work (validation, comparison) out of the transaction is what lets other writers
in between chunks: on SQLite a transaction holds the database's one write lock, so its length is
what a diary entry or a login waits for. Should the bulk write break a database rule after all
(a constraint the field checks do not know), the chunk is written again row by row, each row in
a savepoint, and the row that breaks it is skipped with the database's reason.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import times as weekly
from .importers import OfferRecord, Skipped
from .models import ChangeAction, ImportChange, ImportRun, Offer

if TYPE_CHECKING:
    from .importing import ImportResult


@dataclass
class Prepared:
    new: list[tuple[OfferRecord, Offer]] = field(default_factory=list)
    updated: list[tuple[OfferRecord, Offer, dict[str, Any]]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unchanged: int = 0


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _skipped(record: OfferRecord, reason: str) -> Skipped:
    return Skipped(record.source_id, reason, row=record.row, label=str(record.fields.get("name", "")))


def prepare(run: ImportRun, chunk: list[OfferRecord | Skipped], existing: dict[str, Offer]) -> Prepared:
    """Validate and compare, no writes. Existing offers are copied, so a chunk that fails leaves
    the cache as the database has it."""
    out = Prepared()
    for item in chunk:
        if isinstance(item, Skipped):
            out.skipped.append(item)
            continue
        stored = existing.get(item.source_id)
        changes: dict[str, Any] | None = None
        if stored is None:
            values = {**item.create_only, **item.fields}
            offer = Offer(directory=run.directory, source=item.source, source_id=item.source_id, **values)
        else:
            changes = {
                name: [_jsonable(getattr(stored, name)), _jsonable(value)]
                for name, value in item.fields.items()
                if getattr(stored, name) != value
            }
            if not changes:
                out.unchanged += 1
                continue
            offer = copy.copy(stored)
            for name, value in item.fields.items():
                setattr(offer, name, value)
        try:
            # Field checks here; ranges and uniqueness are the database constraints' job, and the
            # directory is the run's own (checking it would be one query per row).
            offer.full_clean(exclude=["directory"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            out.skipped.append(_skipped(item, "; ".join(exc.messages)))
            continue
        offer.slots = weekly.slots_mask(offer.weekly_times)
        if changes is None:
            out.new.append((item, offer))
        else:
            out.updated.append((item, offer, changes))
    return out


def _change(run: ImportRun, action: str, record: OfferRecord | Skipped, offer: Offer | None = None,
            changes: dict[str, Any] | None = None, reason: str = "") -> ImportChange:  # fmt: skip
    label = offer.display_name() if offer is not None else getattr(record, "label", "")
    return ImportChange(
        run=run, action=action, offer=offer, source_id=record.source_id[:100], row=record.row,
        label=label[:200], changes=changes or {}, reason=reason,
    )  # fmt: skip


def _bulk(run: ImportRun, p: Prepared) -> list[ImportChange]:
    Offer.objects.bulk_create([offer for _, offer in p.new])
    if p.updated:
        now = timezone.now()
        for _, offer, _ in p.updated:
            offer.updated_at = now
        names = sorted({n for record, _, _ in p.updated for n in record.fields} | {"slots", "updated_at"})
        Offer.objects.bulk_update([offer for _, offer, _ in p.updated], names)
    return [_change(run, ChangeAction.CREATED, r, o) for r, o in p.new] + [
        _change(run, ChangeAction.UPDATED, r, o, c) for r, o, c in p.updated
    ]


def _row_by_row(run: ImportRun, p: Prepared) -> list[ImportChange]:
    done: list[ImportChange] = []
    for record, offer, changes in [(r, o, None) for r, o in p.new] + p.updated:
        if changes is None:
            offer.pk = None
            offer._state.adding = True
        try:
            with transaction.atomic():
                offer.save()
        except IntegrityError as exc:
            p.skipped.append(_skipped(record, str(exc)))
            continue
        action = ChangeAction.CREATED if changes is None else ChangeAction.UPDATED
        done.append(_change(run, action, record, offer, changes))
    return done


def write(run: ImportRun, p: Prepared, existing: dict[str, Offer], result: ImportResult) -> None:
    """Write a prepared chunk in one transaction (the caller opens none)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                written = _bulk(run, p)
        except IntegrityError:
            written = _row_by_row(run, p)
        run.created += sum(1 for c in written if c.action == ChangeAction.CREATED)
        run.updated += sum(1 for c in written if c.action == ChangeAction.UPDATED)
        run.unchanged += p.unchanged
        run.skipped += len(p.skipped)
        skipped = [_change(run, ChangeAction.SKIPPED, s, reason=s.reason) for s in p.skipped]
        ImportChange.objects.bulk_create(written + skipped)
        run.save(update_fields=["created", "updated", "unchanged", "skipped"])
    for change in written:
        assert change.offer is not None
        existing[change.offer.source_id] = change.offer
    result.skipped.extend(p.skipped)
