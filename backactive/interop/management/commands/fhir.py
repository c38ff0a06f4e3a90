"""``backactive fhir import|export|bundle``: Observation bundles into the diary, the research
export as NDJSON, one patient's record as a Bundle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from backactive.accounts.models import Practice
from backactive.interop.fhir.pseudonyms import pseudonym_key
from backactive.interop.fhir.r4b import FhirImportError
from backactive.interop.fhir.research import research_export
from backactive.interop.fhir.services import fhir_import_observations, patient_fhir_bundle
from backactive.patients.models import Patient


def _patient(patient_id: int) -> Patient:
    try:
        return Patient.objects.select_related("practice").get(pk=patient_id)
    except Patient.DoesNotExist:
        raise CommandError(f"no patient with id {patient_id}", returncode=2) from None


def _fhir_base(given: str | None) -> str:
    """The FHIR base every entry's fullUrl starts with: --base-url, or the server's public address
    (BACKACTIVE_BASE_URL) with the API's path."""
    if given:
        return given.rstrip("/")
    site = getattr(settings, "BACKACTIVE_BASE_URL", "")
    if not site:
        raise CommandError(
            "the FHIR API's address is needed: give --base-url https://…/fhir or set BACKACTIVE_BASE_URL", returncode=2
        )
    return site.rstrip("/") + reverse("interop:fhir_metadata").removesuffix("/metadata")


class Command(BaseCommand):
    help = "FHIR: import an Observation bundle, export consenting patients for research, print a patient's Bundle."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        one = sub.add_parser("import", help="store a bundle's steps, minutes and pain in a patient's diary")
        one.add_argument("file", type=Path)
        one.add_argument("--patient", type=int, required=True, help="patient id")
        one.add_argument("--json", action="store_true", help="print the report as one JSON object")
        export = sub.add_parser("export", help="NDJSON per resource type for the practice's consenting patients")
        export.add_argument("--practice", type=int, required=True, help="practice id")
        export.add_argument("--out", type=Path, required=True, help="folder for the files")
        export.add_argument(
            "--base-url", help="the FHIR API's address, for the manifest's request (default: BACKACTIVE_BASE_URL)"
        )
        bundle = sub.add_parser("bundle", help="print one patient's record as a FHIR Bundle (JSON)")
        bundle.add_argument("--patient", type=int, required=True, help="patient id")
        bundle.add_argument(
            "--base-url", help="the FHIR API's address, e.g. https://praxis.example/fhir (default: BACKACTIVE_BASE_URL)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options["file"], _patient(options["patient"]), as_json=options["json"])
        elif action == "export":
            try:
                practice = Practice.objects.get(pk=options["practice"])
            except Practice.DoesNotExist:
                raise CommandError(f"no practice with id {options['practice']}", returncode=2) from None
            request_url = f"{_fhir_base(options['base_url'])}/Group/{practice.pk}/$export"
            counts = research_export(
                practice=practice, out_dir=options["out"], key=pseudonym_key(), request_url=request_url
            )
            for resource_type, count in counts.items():
                self.stdout.write(f"{resource_type}: {count}")
        else:
            base = _fhir_base(options["base_url"])
            bundle = patient_fhir_bundle(_patient(options["patient"]), base_url=base)
            self.stdout.write(json.dumps(bundle, ensure_ascii=False))

    def _import(self, path: Path, patient: Patient, *, as_json: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError as err:
            raise CommandError(f"cannot read {path}: {err.strerror}", returncode=2) from err
        try:
            outcome = fhir_import_observations(patient=patient, data=data)
        except FhirImportError as err:
            raise CommandError(f"{path.name}: {err}; nothing was imported", returncode=2) from err
        if as_json:
            self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"stored {len(outcome.stored)}, already there {len(outcome.duplicates)}, rejected {len(outcome.rejected)}"
        )
        for stored in outcome.stored:
            note = f" ({stored.note})" if stored.note else ""
            self.stdout.write(f"  entry {stored.entry}: {stored.kind} {stored.value:g} on {stored.date}{note}")
        for rejection in outcome.rejected:
            self.stdout.write(f"  entry {rejection.entry} not taken: {rejection.reason}")
