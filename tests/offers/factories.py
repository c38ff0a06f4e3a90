import math

from backactive.offers.geo import KM_PER_DEGREE_LAT
from backactive.offers.models import Directory, Offer
from backactive.offers.times import parse_times

# Marburg, Schulstraße area, and points east of it at known distances along the parallel.
MARBURG = (50.803, 8.7625)


def east_of(km: float) -> tuple[float, float]:
    return MARBURG[0], MARBURG[1] + km / (KM_PER_DEGREE_LAT * math.cos(math.radians(MARBURG[0])))


def make_offer(directory: Directory, name: str, km: float, *, times: str = "", **fields) -> Offer:
    lat, lon = east_of(km)
    values = {"kind": "course", "setting": "facility", "activities": ["back_course"], **fields}
    return Offer.objects.create(
        directory=directory, name=name, lat=lat, lon=lon, times=[t.as_json() for t in parse_times(times)], **values
    )
