"""Versions of the resources the API serves (``FhirVersion``): compare fingerprints, count a new
version where one changed, and say each resource's ``versionId`` and ``lastUpdated``.

Written to the primary database whatever a router says about reads (``PRIMARY``): a version
seen on a replica must not be lost, and the next read must see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from ..models import FhirVersion
from .r4b.entries import Entry

PRIMARY = "default"
FEW = 50  # up to this many entries are looked up by id; more by their patients and types
CHUNK = 500  # ids per query otherwise (SQLite limits the parameters of one statement)


@dataclass(frozen=True)
class Version:
    version_id: int
    last_updated: dt.datetime


def _known(items: Sequence[tuple[int, Entry]]) -> dict[tuple[str, str], FhirVersion]:
    rows = FhirVersion.objects.using(PRIMARY)
    types = {e.resource_type for _, e in items}
    # Whole records (hundreds of resources a patient) by patient and type; a few resources by id.
    keys: list[int] | list[str]
    if len(items) > FEW:
        field, keys = "patient_id", sorted({pk for pk, _ in items})
    else:
        field, keys = "resource_id", [e.id for _, e in items]
    found: list[FhirVersion] = []
    for start in range(0, len(keys), CHUNK):
        found += rows.filter(resource_type__in=types, **{f"{field}__in": keys[start : start + CHUNK]})
    return {(row.resource_type, row.resource_id): row for row in found}


def fhir_versions_stamp(*, items: Sequence[tuple[int, Entry]]) -> dict[tuple[str, str], Version]:
    """The current version of each (patient id, entry), keyed by type and id, after recording
    new ones: one read when nothing changed; one more write per changed resource and one for all
    new ones."""
    if not items:
        return {}
    rows = FhirVersion.objects.using(PRIMARY)
    known = _known(items)
    now = timezone.now()
    versions: dict[tuple[str, str], Version] = {}
    new: list[FhirVersion] = []
    for patient_pk, entry in items:
        key = (entry.resource_type, entry.id)
        row = known.get(key)
        if key in versions:
            continue
        if row is None:
            new.append(FhirVersion(patient_id=patient_pk, resource_type=entry.resource_type, resource_id=entry.id,
                                   fingerprint=entry.fingerprint, version=1, last_updated=now))  # fmt: skip
            versions[key] = Version(1, now)
        elif row.fingerprint != entry.fingerprint:
            # Only the reader that sees the old fingerprint counts the change, so two readers at
            # once do not count it twice.
            rows.filter(pk=row.pk, fingerprint=row.fingerprint).update(
                fingerprint=entry.fingerprint, version=F("version") + 1, last_updated=now
            )
            row.refresh_from_db(using=PRIMARY, fields=["version", "last_updated"])
            versions[key] = Version(row.version, row.last_updated)
        else:
            versions[key] = Version(row.version, row.last_updated)
    if new:
        rows.bulk_create(new, ignore_conflicts=True)  # a reader at the same moment may have written it
    return versions
