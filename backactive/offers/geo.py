"""Distances, bounding boxes and postal-code centroids. Pure Python.

The nearby search filters candidates with a latitude/longitude box that a B-tree index can answer
on any database, then computes the exact great-circle distance here.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

EARTH_RADIUS_KM: Final = 6371.0088
KM_PER_DEGREE_LAT: Final = math.pi * EARTH_RADIUS_KM / 180.0
POSTCODE_ATTRIBUTION: Final = "Postal code data © GeoNames, via zauberware/postal-codes-json-xml-csv, CC BY 4.0"
_POSTCODES_FILE: Final = Path(__file__).with_name("data") / "zipcodes.de.csv"


def valid_point(lat: float, lon: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lon) and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Box:
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


def bounding_box(lat: float, lon: float, km: float) -> Box:
    """A box that contains every point within ``km`` of (lat, lon).

    Longitude degrees shrink towards the poles, so the box uses the latitude edge nearest a pole
    (the widest longitude span). Near a pole or across the antimeridian it gives up on longitude
    and spans all of it: correct, only less selective, and no German search comes near either.
    """
    dlat = km / KM_PER_DEGREE_LAT
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    edge = max(abs(min_lat), abs(max_lat))
    cos_edge = math.cos(math.radians(edge))
    if cos_edge < 1e-6:
        return Box(min_lat, max_lat, -180.0, 180.0)
    dlon = km / (KM_PER_DEGREE_LAT * cos_edge)
    if lon - dlon < -180.0 or lon + dlon > 180.0:
        return Box(min_lat, max_lat, -180.0, 180.0)
    return Box(min_lat, max_lat, lon - dlon, lon + dlon)


@dataclass(frozen=True)
class Postcode:
    code: str
    place: str
    lat: float
    lon: float


@cache
def postcodes() -> dict[str, Postcode]:
    """All German postal codes; a code on several rows gets the average of their points (see
    data/README.md) and the first row's place name."""
    sums: dict[str, list[float]] = {}
    places: dict[str, str] = {}
    with _POSTCODES_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["zipcode"].strip()
            acc = sums.setdefault(code, [0.0, 0.0, 0.0])
            acc[0] += float(row["latitude"])
            acc[1] += float(row["longitude"])
            acc[2] += 1
            places.setdefault(code, row["place"].strip())
    return {
        code: Postcode(code=code, place=places[code], lat=round(s[0] / s[2], 5), lon=round(s[1] / s[2], 5))
        for code, s in sums.items()
    }


def postcode_centroid(code: str) -> Postcode | None:
    return postcodes().get(code.strip())
