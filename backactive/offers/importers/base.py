"""What every import format produces, and the registry that picks a format by file name.

An importer only reads and validates; it never writes. It yields, per feature or row, either an
``OfferRecord`` (complete, valid field values for an Offer) or a ``Skipped`` (with the reason,
and for tabular files the row and column of each problem). ``services.offers_import`` writes.
Pure Python: no Django import.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column '{self.column}': {self.message}"


@dataclass
class OfferRecord:
    source: str
    source_id: str
    fields: dict[str, Any]
    row: int | None = None
    # Values used only when the offer is new (e.g. defaults for columns a file does not have).
    create_only: dict[str, Any] = field(default_factory=dict)


@dataclass
class Skipped:
    source_id: str
    reason: str
    row: int | None = None
    label: str = ""
    errors: list[CellError] = field(default_factory=list)


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong header, not an OSM file...)."""


class Importer(ABC):
    format: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]

    @abstractmethod
    def read(self, path: Path) -> Iterator[OfferRecord | Skipped]: ...

    def count(self, path: Path) -> int | None:
        """How many rows or features the file holds, where that is cheap to know (for the
        progress bar and the row cap); None otherwise."""
        return None


_REGISTRY: list[type[Importer]] = []
_T = TypeVar("_T", bound=type[Importer])


def register(cls: _T) -> _T:
    _REGISTRY.append(cls)
    return cls


def importer_for(path: Path) -> Importer:
    name = path.name.lower()
    # Longest suffix first so ".osm.pbf" is not taken for something ending in ".pbf" alone.
    candidates = sorted(((s, cls) for cls in _REGISTRY for s in cls.suffixes), key=lambda p: -len(p[0]))
    for suffix, cls in candidates:
        if name.endswith(suffix):
            return cls()
    known = ", ".join(sorted({s for cls in _REGISTRY for s in cls.suffixes}))
    raise ImportFileError(f"{path.name}: unknown file type (known: {known})")
