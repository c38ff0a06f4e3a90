"""OpenStreetMap XML and PBF (``.osm``, ``.osm.gz``, ``.osm.bz2``, ``.osm.pbf``) through osmium.

Two passes over the file, because routes are relations whose place comes from their members,
which come earlier in the file than the relation itself:
1. relations only: which relations are offers, and which ways and nodes they need;
2. everything, with node locations cached (osmium's ``with_locations``): nodes and ways that are
   offers get their point; member ways and nodes of wanted relations are remembered.
A route's point is the member node nearest the middle of all its members (a place on the route,
not in a field beside it); an area's point is the mean of its nodes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import osmium
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from backactive.offers.osm_rules import Mapped, Rejected, Rules, default_rules

from .base import Importer, ImportFileError, OfferRecord, Skipped, register

SOURCE = "osm"
LICENCE = "ODbL-1.0"
ATTRIBUTION = "© OpenStreetMap contributors, ODbL"
_TYPE_NAMES = {"n": "node", "w": "way", "r": "relation"}
# Relations that describe one route or one area; superroutes and networks only group routes,
# which are imported on their own.
_RELATION_TYPES = frozenset({"route", "multipolygon"})

Point = tuple[float, float]


@dataclass
class _Relation:
    id: int
    tags: dict[str, str]
    mapped: Mapped
    ways: list[int] = field(default_factory=list)
    nodes: list[int] = field(default_factory=list)


def _mean(points: list[Point]) -> Point:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _nearest_to_middle(points: list[Point]) -> Point:
    mid = _mean(points)
    # Flat-earth distance is enough to choose among points a few kilometres apart.
    return min(points, key=lambda p: (p[0] - mid[0]) ** 2 + (p[1] - mid[1]) ** 2)


def _text(tags: Mapping[str, str], *keys: str, limit: int = 200) -> str:
    for key in keys:
        value = tags.get(key, "").strip()
        if value:
            return value[:limit]
    return ""


def _website(tags: Mapping[str, str]) -> str:
    url = _text(tags, "website", "contact:website", "url", limit=300)
    if url and not url.startswith(("http://", "https://")):
        url = "https://" + url
    return url if _valid(URLValidator(schemes=["http", "https"]), url) and len(url) <= 300 else ""


def _valid(validator: Any, value: str) -> bool:
    """Broken contact details in OSM are dropped, not a reason to lose the place."""
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def offer_fields(tags: Mapping[str, str], mapped: Mapped, point: Point) -> dict[str, Any]:
    """Offer field values from a feature's tags. Only fields OpenStreetMap knows about: what the
    practice adds (times, cost, flags, hidden, last checked) is never overwritten by a re-import."""
    street = " ".join(p for p in (_text(tags, "addr:street"), _text(tags, "addr:housenumber")) if p)
    email = _text(tags, "email", "contact:email", limit=254)
    fee = tags.get("fee")
    wheelchair = tags.get("wheelchair", "")
    return {
        "name": _text(tags, "name"),
        "kind": mapped.kind,
        "setting": mapped.setting,
        "activities": list(mapped.activities),
        "participation": mapped.participation,
        "street": street[:200],
        "postcode": _text(tags, "addr:postcode", limit=10),
        "city": _text(tags, "addr:city", limit=100),
        "lat": round(point[0], 7),
        "lon": round(point[1], 7),
        "times_note": _text(tags, "opening_hours", limit=300),
        "phone": _text(tags, "phone", "contact:phone", limit=50),
        "email": email if email and _valid(EmailValidator(), email) else "",
        "website": _website(tags),
        "wheelchair": wheelchair if wheelchair in ("yes", "limited", "no") else "",
        "free": True if fee == "no" else False if fee == "yes" else None,
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
    }


@register
class OsmImporter(Importer):
    format = "osm"
    suffixes = (".osm", ".osm.gz", ".osm.bz2", ".osm.pbf", ".pbf")

    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules or default_rules()

    def read(self, path: Path) -> Iterator[OfferRecord | Skipped]:
        try:
            relations, skipped = self._relations(path)
            yield from skipped
            yield from self._nodes_and_ways(path, relations)
        except RuntimeError as exc:  # osmium reports unreadable files as RuntimeError
            raise ImportFileError(f"{path.name}: not a readable OpenStreetMap file ({exc})") from exc

    def _relations(self, path: Path) -> tuple[dict[int, _Relation], list[Skipped]]:
        wanted: dict[int, _Relation] = {}
        skipped: list[Skipped] = []
        for rel in osmium.FileProcessor(str(path), osmium.osm.RELATION):
            tags = dict(rel.tags)
            result = self.rules.apply(tags, "r")
            if result is None:
                continue
            source_id = f"relation/{rel.id}"
            if isinstance(result, Rejected):
                skipped.append(Skipped(source_id=source_id, reason=result.reason, label=tags.get("name", "")))
            elif tags.get("type") not in _RELATION_TYPES:
                skipped.append(
                    Skipped(
                        source_id=source_id,
                        reason=f"type={tags.get('type', '')} groups other routes; those are imported one by one",
                        label=tags.get("name", ""),
                    )
                )
            else:
                entry = _Relation(id=rel.id, tags=tags, mapped=result)
                assert isinstance(rel, osmium.osm.Relation)
                for m in rel.members:
                    if m.type == "w":
                        entry.ways.append(m.ref)
                    elif m.type == "n":
                        entry.nodes.append(m.ref)
                wanted[rel.id] = entry
        return wanted, skipped

    def _nodes_and_ways(self, path: Path, relations: dict[int, _Relation]) -> Iterator[OfferRecord | Skipped]:
        member_ways = {w for r in relations.values() for w in r.ways}
        way_points: dict[int, list[Point]] = {}
        wanted_values = self.rules.values_by_key()
        # Untagged nodes are most of any file: a C++ key filter keeps them out of Python. Their
        # locations still go into the location cache, which the ways (and relation node members,
        # looked up at the end) use.
        node_filter = osmium.filter.KeyFilter(*wanted_values)
        node_filter.enable_for(osmium.osm.NODE)
        processor = (
            osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY).with_locations().with_filter(node_filter)
        )
        for obj in processor:
            if isinstance(obj, osmium.osm.Node):
                if obj.location.valid():
                    point = (obj.location.lat, obj.location.lon)
                    yield from self._feature("n", obj.id, dict(obj.tags), [point])
            elif isinstance(obj, osmium.osm.Way):
                wanted = obj.id in member_ways
                tags = obj.tags
                candidate = any(tags.get(k) in values for k, values in wanted_values.items())
                if not (wanted or candidate):
                    continue
                points = [(n.lat, n.lon) for n in obj.nodes if n.location.valid()]
                if wanted and points:
                    way_points[obj.id] = points
                if candidate:
                    # A closed way repeats its first node; count it once for the mean.
                    unique = points[:-1] if len(points) > 1 and points[0] == points[-1] else points
                    yield from self._feature("w", obj.id, dict(tags), unique)
        locations = processor.node_location_storage
        node_points: dict[int, Point] = {}
        for node_id in {n for r in relations.values() for n in r.nodes}:
            try:
                loc = locations.get(node_id) if locations is not None else None
            except KeyError:
                continue
            if loc is not None and loc.valid():
                node_points[node_id] = (loc.lat, loc.lon)
        for rel in relations.values():
            pts = [p for w in rel.ways for p in way_points.get(w, [])]
            pts.extend(node_points[n] for n in rel.nodes if n in node_points)
            source_id = f"relation/{rel.id}"
            if not pts:
                yield Skipped(
                    source_id, "none of its members are in this file, so it has no location", label=_name(rel.tags)
                )
                continue
            point = _nearest_to_middle(pts) if rel.tags.get("type") == "route" else _mean(pts)
            yield OfferRecord(SOURCE, source_id, offer_fields(rel.tags, rel.mapped, point))

    def _feature(
        self, osm_type: str, osm_id: int, tags: dict[str, str], points: list[Point]
    ) -> Iterator[OfferRecord | Skipped]:
        result = self.rules.apply(tags, osm_type)
        if result is None:
            return
        source_id = f"{_TYPE_NAMES[osm_type]}/{osm_id}"
        if isinstance(result, Rejected):
            yield Skipped(source_id, result.reason, label=_name(tags))
        elif not points:
            yield Skipped(source_id, "its nodes are not in this file, so it has no location", label=_name(tags))
        else:
            yield OfferRecord(SOURCE, source_id, offer_fields(tags, result, _mean(points)))


def _name(tags: Mapping[str, str]) -> str:
    return tags.get("name", "")[:200]
