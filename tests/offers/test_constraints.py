"""The database refuses offers that break the invariants, whatever path writes them."""

import pytest
from django.db import IntegrityError, transaction

from backactive.offers.models import Directory, Offer


@pytest.mark.parametrize(
    "fields",
    [
        {"lat": 90.5},
        {"lat": -91},
        {"lon": 180.1},
        {"kind": "party"},
        {"setting": "moon"},
        {"participation": "crowd"},
        {"source": "gossip"},
    ],
)
def test_invalid_values_are_refused(db, fields):
    directory = Directory.objects.create(name="Region")
    values = {"kind": "course", "setting": "facility", "lat": 50.0, "lon": 8.0, **fields}
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(directory=directory, **values)


def test_one_offer_per_source_id_in_a_directory(db):
    directory = Directory.objects.create(name="Region")
    other = Directory.objects.create(name="Anderswo")
    values = {"kind": "pool", "setting": "water", "lat": 50.0, "lon": 8.0, "source": "osm", "source_id": "way/1"}
    Offer.objects.create(directory=directory, **values)
    Offer.objects.create(directory=other, **values)  # the same place may be in two directories
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(directory=directory, **values)
    # Hand-entered offers have no source id, and there may be many of them.
    manual = {**values, "source": "manual", "source_id": ""}
    Offer.objects.create(directory=directory, **manual)
    Offer.objects.create(directory=directory, **manual)


def test_checked_long_ago():
    import datetime

    today = datetime.date(2026, 6, 1)
    assert Offer(last_checked=None).checked_long_ago(today)
    assert Offer(last_checked=datetime.date(2025, 5, 1)).checked_long_ago(today)
    assert not Offer(last_checked=datetime.date(2025, 7, 1)).checked_long_ago(today)


def test_display_name_and_times_text():
    offer = Offer(
        kind="pool", times=[{"weekday": 3, "start": "09:30", "end": "10:30"}], times_note="nicht in den Ferien"
    )
    from django.utils import translation

    with translation.override("en"):
        assert offer.display_name() == "Swimming pool"
    assert offer.times_text() == "Do 09:30-10:30; nicht in den Ferien"
    assert Offer(name="Hallenbad Süd", kind="pool").display_name() == "Hallenbad Süd"
