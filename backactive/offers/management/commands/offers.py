"""``backactive offers import FILE [--practice ID]``, ``backactive offers near --postcode 35037
--km 10``, ``backactive offers subscribe --practice ID --directory ID``, ``backactive offers
directories``. Bad input is a clear message on stderr and exit status 2, nothing on stdout."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from backactive.accounts.models import Practice
from backactive.core.codes import SETTINGS
from backactive.offers import geo
from backactive.offers.importers import ImportFileError
from backactive.offers.models import Directory
from backactive.offers.selectors import NearbyOffer, offers_near
from backactive.offers.services import directory_for_import, directory_subscribe, offers_import
from backactive.offers.times import DAY_PARTS, weekday_from_name

USAGE_ERROR = 2


def _weekday(value: str) -> int:
    if value.isdigit() and 0 <= int(value) <= 6:
        return int(value)
    day = weekday_from_name(value)
    if day is None:
        raise CommandError(f"unknown weekday '{value}' (Mo..So, Mon..Sun or 0..6)", returncode=USAGE_ERROR)
    return day


def _as_json(hit: NearbyOffer) -> dict[str, Any]:
    o = hit.offer
    return {
        "id": o.pk,
        "name": o.display_name(),
        "kind": o.kind,
        "activities": list(o.activities),
        "lat": o.lat,
        "lon": o.lon,
        "distance_km": round(hit.distance_km, 2),
        "street": o.street,
        "postcode": o.postcode,
        "city": o.city,
        "times": o.times,
        "times_note": o.times_note,
        "times_text": o.times_text(),
        "participation": o.participation,
        "setting": o.setting,
        "rehasport": o.rehasport,
        "certified_20": o.certified_20,
        "free": o.free,
        "source": o.source,
        "source_id": o.source_id,
        "attribution": o.attribution,
    }


class Command(BaseCommand):
    help = "Local exercise offers: import a file, or search near a postal code or point."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import OpenStreetMap (.osm, .osm.gz, .osm.pbf), CSV or XLSX.")
        imp.add_argument("file", type=Path)
        imp.add_argument("--practice", type=int, help="import into this practice's own directory")
        imp.add_argument("--directory", type=int, help="import into this directory (id)")
        imp.add_argument("--directory-name", help="name of the directory to create or use")

        subscribe = sub.add_parser("subscribe", help="Let a practice use a shared regional directory.")
        subscribe.add_argument("--practice", type=int, required=True)
        subscribe.add_argument("--directory", type=int, required=True)

        sub.add_parser("directories", help="List the directories with their offer counts.")

        near = sub.add_parser("near", help="Offers near a postal code or a point, nearest first.")
        near.add_argument("--postcode")
        near.add_argument("--lat", type=float)
        near.add_argument("--lon", type=float)
        near.add_argument("--km", type=float, default=10.0)
        near.add_argument("--practice", type=int, help="only this practice's directories; its postal code as origin")
        near.add_argument("--activity")
        near.add_argument("--group", action="store_true", default=None, help="can be done in a group")
        near.add_argument("--alone", dest="group", action="store_false", help="can be done alone")
        near.add_argument("--setting", choices=sorted(SETTINGS))
        near.add_argument("--weekday", help="Mo..So, Mon..Sun or 0 (Monday)..6")
        near.add_argument("--time-of-day", choices=DAY_PARTS)
        near.add_argument("--certified", action="store_true", default=None, help="§ 20 SGB V certified only")
        near.add_argument("--rehasport", action="store_true", default=None, help="Rehasport only")
        near.add_argument("--free", action="store_true", help="free of charge only")
        near.add_argument("--limit", type=int, default=50)
        near.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        actions = {
            "import": self._import,
            "near": self._near,
            "subscribe": self._subscribe,
            "directories": self._directories,
        }
        actions[options["action"]](options)

    def _subscribe(self, options: dict[str, Any]) -> None:
        practice = self._practice(options["practice"])
        assert practice is not None
        try:
            directory = Directory.objects.get(pk=options["directory"])
            directory_subscribe(practice=practice, directory=directory)
        except Directory.DoesNotExist:
            raise CommandError(f"no directory with id {options['directory']}", returncode=USAGE_ERROR) from None
        except ValueError as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from exc
        self.stdout.write(f'Practice {practice.pk} now uses "{directory.name}" (directory {directory.pk}).')

    def _directories(self, options: dict[str, Any]) -> None:
        for d in Directory.objects.annotate(n=Count("offers")).select_related("practice").order_by("id"):
            owner = f"practice {d.practice_id}" if d.practice_id else "shared"
            self.stdout.write(f'{d.pk:5}  {owner:14}  {d.n:7} offers  "{d.name}"')

    def _practice(self, pk: int | None) -> Practice | None:
        if pk is None:
            return None
        try:
            return Practice.objects.get(pk=pk)
        except Practice.DoesNotExist:
            raise CommandError(f"no practice with id {pk}", returncode=USAGE_ERROR) from None

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=USAGE_ERROR)
        try:
            directory = directory_for_import(
                practice=self._practice(options["practice"]),
                directory_id=options["directory"],
                name=options["directory_name"],
            )
            result = offers_import(path=path, directory=directory)
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from exc
        except ValueError as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from exc
        run = result.run
        self.stdout.write(
            f'{path.name} -> "{directory.name}" (directory {directory.pk}): {run.created} created, '
            f"{run.updated} updated, {run.unchanged} unchanged, {run.skipped} skipped"
        )
        if options["verbosity"] < 1:
            return
        for change in run.changes.all():
            where = f"row {change.row}" if change.row else change.source_id
            line = f"  {change.action:8} {where}  {change.label}".rstrip()
            if change.action == "updated":
                line += "  (" + ", ".join(sorted(change.changes)) + ")"
            self.stdout.write(line)
        for skipped in result.skipped:
            where = f"row {skipped.row}" if skipped.row else skipped.source_id
            for error in skipped.errors or []:
                self.stdout.write(f"    {error}")
            if not skipped.errors:
                self.stdout.write(f"    {where}: {skipped.reason}")

    def _origin(self, options: dict[str, Any], practice: Practice | None) -> tuple[float, float, bool]:
        """(lat, lon, from a postal code)."""
        if options["postcode"]:
            found = geo.postcode_centroid(options["postcode"])
            if found is None:
                raise CommandError(f"unknown postal code '{options['postcode']}'", returncode=USAGE_ERROR)
            return found.lat, found.lon, True
        lat, lon = options["lat"], options["lon"]
        if lat is not None or lon is not None:
            if lat is None or lon is None or not geo.valid_point(lat, lon):
                raise CommandError(
                    f"impossible coordinates: --lat {lat} --lon {lon} (lat -90..90, lon -180..180, both needed)",
                    returncode=USAGE_ERROR,
                )
            return lat, lon, False
        if practice is not None and practice.postcode:
            found = geo.postcode_centroid(practice.postcode)
            if found is not None:
                return found.lat, found.lon, True
        raise CommandError("give --postcode, or --lat and --lon", returncode=USAGE_ERROR)

    def _near(self, options: dict[str, Any]) -> None:
        practice = self._practice(options["practice"])
        lat, lon, by_postcode = self._origin(options, practice)
        km = options["km"]
        if not math.isfinite(km) or km <= 0:
            raise CommandError("--km must be a positive number", returncode=USAGE_ERROR)
        try:
            hits = offers_near(
                practice=practice, lat=lat, lon=lon, km=km, activity=options["activity"],
                group=options["group"], setting=options["setting"],
                weekday=_weekday(options["weekday"]) if options["weekday"] else None,
                time_of_day=options["time_of_day"], certified=options["certified"],
                rehasport=options["rehasport"], free_only=options["free"], limit=options["limit"],
            )  # fmt: skip
        except ValueError as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from exc
        if options["json"]:
            self.stdout.write(json.dumps([_as_json(h) for h in hits], ensure_ascii=False, indent=2))
            if by_postcode:
                self.stderr.write(geo.POSTCODE_ATTRIBUTION)
            return
        for hit in hits:
            o = hit.offer
            address = ", ".join(p for p in (o.street, f"{o.postcode} {o.city}".strip()) if p)
            self.stdout.write(
                f"{hit.distance_km:6.2f} km  {o.display_name()} [{o.kind}] {', '.join(o.activities)}"
                + (f" - {address}" if address else "")
                + (f" - {o.times_text()}" if o.times_text() else "")
            )
        if not hits:
            self.stdout.write(f"No offers within {km:g} km.")
        attributions = sorted({h.offer.attribution for h in hits if h.offer.attribution})
        if by_postcode:
            attributions.append(geo.POSTCODE_ATTRIBUTION)
        for line in attributions:
            self.stdout.write(line)
