"""Every write to offers: imports, curation by staff, subscriptions to shared directories."""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from backactive.accounts.models import Practice, User

from .importers import OfferRecord, Skipped, importer_for
from .models import ChangeAction, Directory, DirectorySubscription, ImportChange, ImportRun, Offer

PRACTICE_DIRECTORY_NAME = "Practice offers"
SHARED_DIRECTORY_NAME = "Regional offers"


def directory_for_import(
    *, practice: Practice | None = None, directory_id: int | None = None, name: str | None = None
) -> Directory:
    """The directory an import writes to: a given one; else the practice's own (created on first
    use); else a shared regional directory by name (created on first use)."""
    if directory_id is not None:
        directory = Directory.objects.get(pk=directory_id)
        if practice is not None and directory.practice_id != practice.pk:
            raise ValueError("that directory does not belong to this practice")
        return directory
    if practice is not None:
        return Directory.objects.get_or_create(practice=practice, name=name or PRACTICE_DIRECTORY_NAME)[0]
    return Directory.objects.get_or_create(practice=None, name=name or SHARED_DIRECTORY_NAME)[0]


def directory_subscribe(*, practice: Practice, directory: Directory) -> DirectorySubscription:
    """Let ``practice`` use a shared directory. Practice-owned directories are not shared."""
    if not directory.is_shared:
        raise ValueError("only shared regional directories can be subscribed to")
    return DirectorySubscription.objects.get_or_create(practice=practice, directory=directory)[0]


@dataclass
class ImportResult:
    run: ImportRun
    # The skipped rows with their row/column errors, in file order (also logged on the run).
    skipped: list[Skipped] = field(default_factory=list)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _save(offer: Offer) -> None:
    # Field checks here; uniqueness and ranges are left to the database constraints, which the
    # surrounding savepoint turns into a skipped row.
    offer.full_clean(validate_unique=False, validate_constraints=False)
    offer.save()


def _apply(run: ImportRun, record: OfferRecord, existing: dict[str, Offer]) -> None:
    offer = existing.get(record.source_id)
    if offer is None:
        values = {**record.create_only, **record.fields}
        offer = Offer(directory=run.directory, source=record.source, source_id=record.source_id, **values)
        _save(offer)
        existing[record.source_id] = offer
        run.created += 1
        ImportChange.objects.create(
            run=run, action=ChangeAction.CREATED, offer=offer, source_id=record.source_id,
            row=record.row, label=offer.display_name()[:200],
        )  # fmt: skip
        return
    changes = {
        name: [_jsonable(getattr(offer, name)), _jsonable(value)]
        for name, value in record.fields.items()
        if getattr(offer, name) != value
    }
    if not changes:
        run.unchanged += 1
        return
    for name, value in record.fields.items():
        setattr(offer, name, value)
    _save(offer)
    run.updated += 1
    ImportChange.objects.create(
        run=run, action=ChangeAction.UPDATED, offer=offer, source_id=record.source_id,
        row=record.row, label=offer.display_name()[:200], changes=changes,
    )  # fmt: skip


def _skip(run: ImportRun, skipped: Skipped) -> None:
    run.skipped += 1
    ImportChange.objects.create(
        run=run, action=ChangeAction.SKIPPED, source_id=skipped.source_id[:100], row=skipped.row,
        label=skipped.label[:200], reason=skipped.reason,
    )  # fmt: skip


def offers_import(*, path: Path, directory: Directory, user: User | None = None) -> ImportResult:
    """Import a file into ``directory``; re-importing the same file changes nothing.

    Each row/feature is validated whole before it is written, and written in its own savepoint:
    a bad row is skipped whole (with its row and column errors) and the good rows are imported.
    The run as a whole is one transaction, so an unreadable file or a crash half-way leaves the
    directory as it was. Raises ``ImportFileError`` when the file cannot be read at all.
    """
    importer = importer_for(path)
    with transaction.atomic():
        run = ImportRun.objects.create(
            directory=directory, file_name=path.name[:300], format=importer.format, user=user
        )
        result = ImportResult(run=run)
        existing: dict[str, Offer] = {}
        loaded_sources: set[str] = set()
        for item in importer.read(path):
            if isinstance(item, Skipped):
                result.skipped.append(item)
                _skip(run, item)
                continue
            if item.source not in loaded_sources:
                existing.update((o.source_id, o) for o in Offer.objects.filter(directory=directory, source=item.source))
                loaded_sources.add(item.source)
            try:
                with transaction.atomic():
                    _apply(run, item, existing)
            except (ValidationError, IntegrityError) as exc:
                reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                # An update that failed leaves the cached object with unsaved values: forget it.
                existing.pop(item.source_id, None)
                skipped = Skipped(item.source_id, reason, row=item.row, label=str(item.fields.get("name", "")))
                result.skipped.append(skipped)
                _skip(run, skipped)
        run.finished_at = timezone.now()
        run.save()
    return result


def offers_import_upload(*, upload: UploadedFile, practice: Practice, user: User | None = None) -> ImportRun:
    """An uploaded file into the practice's own directory. The importers read paths (osmium
    needs one), so the upload is written to a temporary file that keeps its name."""
    with tempfile.TemporaryDirectory(prefix="offers-upload-") as tmp:
        path = Path(tmp) / Path(upload.name or "upload").name
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        directory = directory_for_import(practice=practice)
        return offers_import(path=path, directory=directory, user=user).run


def offer_set_hidden(*, offer: Offer, hidden: bool) -> Offer:
    offer.hidden = hidden
    offer.save(update_fields=["hidden", "updated_at"])
    return offer


def offer_mark_checked(*, offer: Offer, today: datetime.date | None = None) -> Offer:
    offer.last_checked = today or timezone.localdate()
    offer.save(update_fields=["last_checked", "updated_at"])
    return offer


def offer_update(*, offer: Offer, data: dict[str, Any]) -> Offer:
    """Staff edits (already validated by the form); ``full_clean`` guards the rest."""
    for name, value in data.items():
        setattr(offer, name, value)
    _save(offer)
    return offer
