"""Import formats: one module per format, each registered with ``base.register``."""

from . import csv_file, osm, xlsx_file  # noqa: F401  (registers the formats)
from .base import CellError, Importer, ImportFileError, OfferRecord, Skipped, importer_for

__all__ = ["CellError", "ImportFileError", "Importer", "OfferRecord", "Skipped", "importer_for"]
