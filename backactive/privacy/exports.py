"""The formats a patient's data is exported in (Art. 15, 20 GDPR): JSON and CSV here; other apps
register theirs at start-up (interop adds FHIR), so privacy imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backactive.patients.models import Patient

from .selectors import export_csv, export_json


@dataclass(frozen=True)
class ExportFormat:
    content_type: str
    extension: str
    render: Callable[[Patient], str]


FORMATS: dict[str, ExportFormat] = {}


def export_format_register(fmt: str, *, content_type: str, extension: str, render: Callable[[Patient], str]) -> None:
    FORMATS[fmt] = ExportFormat(content_type=content_type, extension=extension, render=render)


export_format_register("json", content_type="application/json; charset=utf-8", extension="json", render=export_json)
export_format_register("csv", content_type="text/csv; charset=utf-8", extension="csv", render=export_csv)
