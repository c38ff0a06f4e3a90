import math

from hypothesis import given, settings
from hypothesis import strategies as st

from backactive.offers import geo


def test_haversine_known_distance():
    # Marburg to Frankfurt am Main, about 75 km as the crow flies.
    assert 70 < geo.haversine_km(50.8021, 8.7667, 50.1109, 8.6821) < 80
    assert geo.haversine_km(50.0, 8.0, 50.0, 8.0) == 0


def test_valid_point():
    assert geo.valid_point(50.8, 8.7)
    assert not geo.valid_point(91, 0)
    assert not geo.valid_point(0, -181)
    assert not geo.valid_point(math.nan, 0)


@settings(max_examples=200)
@given(
    st.floats(-85, 85),
    st.floats(-179, 179),
    st.floats(0.1, 200),
    st.floats(0, 1),
    st.floats(0, 2 * math.pi),
)
def test_every_point_within_the_radius_is_in_the_box(lat, lon, km, fraction, bearing):
    # Walk ``fraction * km`` from the centre in direction ``bearing`` (great-circle destination).
    d = fraction * km / geo.EARTH_RADIUS_KM
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
    l2 = l1 + math.atan2(math.sin(bearing) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    lat2, lon2 = math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180
    box = geo.bounding_box(lat, lon, km * 1.000001)
    assert box.contains(lat2, lon2)


def test_postcode_centroid_averages_the_rows():
    marburg = geo.postcode_centroid("35037")
    assert marburg is not None
    assert marburg.place == "Marburg"
    assert (marburg.lat, marburg.lon) == (50.803, 8.7625)
    assert geo.postcode_centroid("00000") is None
    # 35779 (Weilburg) is on seven rows (places and institutions sharing it): the centre is their average.
    rows = [r for r in _rows() if r[0] == "35779"]
    assert len(rows) == 7
    centre = geo.postcode_centroid("35779")
    assert centre is not None
    assert math.isclose(centre.lat, sum(r[1] for r in rows) / 7, abs_tol=1e-5)
    assert math.isclose(centre.lon, sum(r[2] for r in rows) / 7, abs_tol=1e-5)


def _rows():
    import csv

    with (geo._POSTCODES_FILE).open(encoding="utf-8") as fh:
        return [(r["zipcode"], float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(fh)]
