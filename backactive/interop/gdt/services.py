"""GDT exchange with the practice system: importing launch requests, sending results back.

A file is imported completely or not at all: parsing happens before the database is touched,
and every write runs in one transaction. Afterwards the file moves to ``done/``, or to
``error/`` with ``<name>.report.txt`` beside it saying why.
"""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.db import transaction
from django.utils import timezone

from backactive.accounts.models import Practice
from backactive.core import codes
from backactive.patients.models import Patient

from ..models import GdtLaunch, GdtResult, GdtSettings
from .format import GdtError, GdtRecord, build_result_6310, parse_bytes
from .format.folders import gdt_files
from .outbox import gdt_result_queue
from .selectors import gdt_launch_latest, gdt_settings_get

logger = logging.getLogger(__name__)

LAUNCH_RECORD_TYPES = frozenset({"6301", "6302"})
SHOW_RECORD_TYPE = "6311"  # show the results of a patient we already know
DONE_DIR = "done"
ERROR_DIR = "error"

# Field 3110: GDT 2.x uses digits, GDT 3.x letters (M, W, D, X/U).
_SEX_FROM_GDT = {"1": "male", "m": "male", "2": "female", "w": "female", "f": "female", "d": "diverse"}


class GdtImportError(Exception):
    """The record is readable but not one we can act on; nothing was imported."""


@dataclass(frozen=True)
class GdtImport:
    record: GdtRecord
    patient: Patient
    launch: GdtLaunch
    patient_created: bool


@dataclass
class GdtFileOutcome:
    source: Path
    moved_to: Path
    imported: GdtImport | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def _sex(value: str | None) -> str:
    code = _SEX_FROM_GDT.get((value or "").strip().lower(), "unknown")
    return code if code in codes.SEXES else "unknown"


def _patient_defaults(record: GdtRecord) -> dict[str, object]:
    data = record.patient
    name = " ".join(p for p in (data["first_name"], data["surname"]) if p)
    # Control characters (PostgreSQL refuses NUL) have no place in a name on screen.
    name = " ".join("".join(c if c.isprintable() else " " for c in name).split()) or f"PVS {data['number']}"
    year = data["birth_year"]
    return {
        "display_name": name[:120],
        "year_of_birth": year if isinstance(year, int) and 1900 <= year <= 2100 else None,
        "sex": _sex(data["sex"]),
    }


def _printable(value: str | None, length: int) -> str:
    return "".join(c for c in (value or "").strip() if c.isprintable())[:length]


def gdt_import_bytes(*, practice: Practice, data: bytes, file_name: str) -> GdtImport:
    """Open or create the patient a 6301/6302 names (matched by practice and field 3000), or
    open the known patient a 6311 names, and record a launch for the GP screen. Raises GdtError
    or GdtImportError; then nothing changed."""
    settings = gdt_settings_get(practice=practice)
    record = parse_bytes(data, charset_without_9206=settings.charset_without_9206 or None)
    if record.record_type not in LAUNCH_RECORD_TYPES | {SHOW_RECORD_TYPE}:
        raise GdtImportError(
            f"record type {record.record_type!r} is not a request to open a patient (6301, 6302) "
            "or to show results (6311)"
        )
    number = record.patient["number"]
    if not number:
        raise GdtImportError("field 3000 (patient number) is missing")
    if len(number) > Patient._meta.get_field("pvs_number").max_length:  # type: ignore[operator]
        raise GdtImportError("field 3000 (patient number) is longer than 40 characters")
    if not number.isprintable():
        raise GdtImportError("field 3000 (patient number) contains control characters")
    echo = {
        "procedure_code": _printable(record.get("8402"), 60),
        "surname": _printable(record.get("3101"), 100),
        "birth_date": _printable(record.get("3103"), 8),
    }
    with transaction.atomic():
        if record.record_type == SHOW_RECORD_TYPE:
            patient = Patient.objects.filter(practice=practice, pvs_number=number).first()
            if patient is None:
                # The number stays out of the message: reports and logs carry no patient data.
                raise GdtImportError("6311: the patient number (3000) is not known to BackActive; nothing to show")
            created = False
        else:
            patient, created = Patient.objects.get_or_create(
                practice=practice, pvs_number=number, defaults=_patient_defaults(record)
            )
        launch = GdtLaunch.objects.create(
            practice=practice, patient=patient, record_type=record.record_type, file_name=file_name[:255], **echo
        )
    return GdtImport(record=record, patient=patient, launch=launch, patient_created=created)


def _free_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/stem-N.ext`` if a practice system reused the file name."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    stem, suffix = os.path.splitext(name)
    n = 1
    while target.exists() or (folder / f"{target.name}.report.txt").exists():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    return target


def _report(error: str, source: Path) -> str:
    lines = [
        "Diese GDT-Datei wurde nicht übernommen; nichts daraus wurde gespeichert.",
        "This GDT file was not imported; nothing from it was stored.",
        "",
        f"Datei / file: {source.name}",
        f"Zeit / time: {timezone.now().isoformat(timespec='seconds')}",
        f"Grund / reason: {error}",
    ]
    return "\n".join(lines) + "\n"


def _move_to_error(path: Path, error: str) -> GdtFileOutcome:
    target = _free_path(path.parent / ERROR_DIR, path.name)
    os.replace(path, target)
    target.with_name(f"{target.name}.report.txt").write_text(_report(error, path), encoding="utf-8")
    return GdtFileOutcome(source=path, moved_to=target, error=error)


def gdt_import_file(*, practice: Practice, path: Path) -> GdtFileOutcome:
    """Import one file from the exchange folder and move it to ``done/`` or ``error/``."""
    path = Path(path)
    data = path.read_bytes()
    try:
        result = gdt_import_bytes(practice=practice, data=data, file_name=path.name)
    except (GdtError, GdtImportError) as err:
        return _move_to_error(path, str(err))
    except Exception as err:
        # A watcher must not stop on one bad file. The transaction has rolled back; the log gets
        # the kind of failure only, since database messages can quote patient data.
        logger.exception("GDT import failed unexpectedly (%s)", type(err).__name__)
        return _move_to_error(path, f"unexpected error ({type(err).__name__}); please tell the BackActive team")
    target = _free_path(path.parent / DONE_DIR, path.name)
    os.replace(path, target)
    return GdtFileOutcome(source=path, moved_to=target, imported=result, warnings=result.record.warnings)


def gdt_inbox_files(directory: Path) -> list[Path]:
    """GDT files waiting in the exchange folder, oldest first. Only plain files with GDT names
    (``PRAX0001.GDT``, ``.001``) are ever read or moved: anything else in the folder (a database
    someone pointed us at, a link, a temporary file being written) is left alone."""
    return sorted(gdt_files(Path(directory)), key=lambda p: (p.stat().st_mtime, p.name))


def gdt_import_folder(
    *, practice: Practice, directory: Path, previous: dict[Path, tuple[int, float]] | None = None
) -> tuple[list[GdtFileOutcome], dict[Path, tuple[int, float]]]:
    """One pass over the exchange folder.

    With ``previous`` (the sizes and times seen on the last pass), a file is only taken once it
    has stopped changing, so a practice system still writing it is not read half-way. Returns
    the outcomes and the state to pass to the next call.
    """
    outcomes: list[GdtFileOutcome] = []
    seen: dict[Path, tuple[int, float]] = {}
    for path in gdt_inbox_files(directory):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        state = (stat.st_size, stat.st_mtime)
        if previous is not None and previous.get(path) != state:
            seen[path] = state
            continue
        try:
            outcomes.append(gdt_import_file(practice=practice, path=path))
        except FileNotFoundError:  # the practice system took the file back meanwhile
            continue
        except OSError as err:  # locked or unreadable for now: the next pass tries again
            logger.warning("GDT file %s could not be read or moved (%s)", path.name, err.strerror)
    return outcomes, seen


def gdt_settings_save(*, form: forms.ModelForm) -> GdtSettings:
    """The practice's GDT settings from a validated form (created on first save)."""
    saved: GdtSettings = form.save()
    return saved


def gdt_launch_consume(*, launch: GdtLaunch) -> None:
    """The GP screen opened the consultation page for this launch."""
    if launch.consumed_at is None:
        launch.consumed_at = timezone.now()
        launch.save(update_fields=["consumed_at"])


def _local(when: datetime.datetime) -> datetime.datetime:
    # The practice system shows 6200/6201 as local wall-clock time.
    return timezone.localtime(when) if timezone.is_aware(when) else when


def gdt_send_result(
    *,
    patient: Patient,
    pain: int | None,
    minutes_per_week: int | None,
    plan_lines: Sequence[str],
    handout_path: str | None,
    when: datetime.datetime | None = None,
) -> GdtResult | None:
    """Queue a 6310 with the consultation's results for the practice's outbox (``outbox.py``
    writes it). Returns the queued result, or None when there is nowhere to send it: the patient
    did not come from the practice system (no patient number) or the practice has no outbox folder.
    """
    settings = gdt_settings_get(practice=patient.practice)
    if not patient.pvs_number or not settings.outbox_dir:
        return None
    request = gdt_launch_latest(patient=patient)
    data = build_result_6310(
        patient_number=patient.pvs_number,
        sender_id=settings.sender_id,
        receiver_id=settings.receiver_id,
        pain=pain,
        minutes_per_week=minutes_per_week,
        plan_lines=plan_lines,
        handout_path=handout_path,
        charset=settings.charset,
        version=settings.version,
        when=_local(when or timezone.now()),
        procedure_code=request.procedure_code if request else None,
        patient_fields=[("3101", request.surname), ("3103", request.birth_date)] if request else (),
    )
    return gdt_result_queue(patient=patient, data=data)
