"""The real OpenStreetMap extracts in shared/data/osm import with the expected counts."""

import osmium
import pytest

from backactive.offers.importers import ImportFileError
from backactive.offers.models import ChangeAction, Offer
from backactive.offers.services import directory_for_import, offers_import

from .conftest import OSM_DIR

# (created, skipped, kinds) per extract; see OSM_DIR/README.md for what the files contain. Skipped:
# pitches for shooting/equestrian or without a sport, superroutes and networks (their routes are
# imported one by one).
EXPECTED = {
    "bautzen.osm": (1, 1, {"sports_facility": 1}),
    "krautsand.osm.gz": (2, 2, {"route": 2}),
    "north-bayreuth.osm.gz": (39, 5, {"sports_facility": 24, "route": 12, "pool": 3}),
}


@pytest.fixture
def directory(db):
    return directory_for_import(name="Oberfranken")


def _kinds(directory):
    counts: dict[str, int] = {}
    for kind in directory.offers.values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_extract_imports_with_expected_counts(directory, name):
    created, skipped, kinds = EXPECTED[name]
    run = offers_import(path=OSM_DIR / name, directory=directory).run
    assert (run.created, run.updated, run.unchanged, run.skipped) == (created, 0, 0, skipped)
    assert _kinds(directory) == kinds
    assert set(directory.offers.values_list("attribution", flat=True)) == {"© OpenStreetMap contributors, ODbL"}
    assert run.changes.filter(action=ChangeAction.SKIPPED).exclude(reason="").count() == skipped


def test_bayreuth_details(directory):
    offers_import(path=OSM_DIR / "north-bayreuth.osm.gz", directory=directory)
    club_pitch = Offer.objects.get(source_id="way/104488757")
    assert club_pitch.name == "SV Ramsenthal 1946 e.V."
    assert club_pitch.activities == ["football"]
    assert club_pitch.setting == "outdoor"
    pool = Offer.objects.get(source_id="node/2241054928")
    assert (pool.kind, pool.setting, pool.activities) == ("pool", "water", ["swimming"])
    assert Offer.objects.get(source_id="way/166440813").activities == ["running"]
    route = Offer.objects.get(source_id="relation/21929")
    assert route.name == "Rotmain-Wanderweg" and route.activities == ["hiking", "walking"]
    # Every point lies in the extract (north of Bayreuth), routes on one of their own nodes.
    for lat, lon in directory.offers.values_list("lat", "lon"):
        assert 49.9 < lat < 50.2 and 11.4 < lon < 11.8


def test_reimport_changes_nothing(directory):
    path = OSM_DIR / "north-bayreuth.osm.gz"
    offers_import(path=path, directory=directory)
    before = {o.source_id: (o.pk, o.updated_at) for o in directory.offers.all()}
    run = offers_import(path=path, directory=directory).run
    assert (run.created, run.updated, run.unchanged, run.skipped) == (0, 0, 39, 5)
    assert {o.source_id: (o.pk, o.updated_at) for o in directory.offers.all()} == before


def test_reimport_updates_in_place_and_keeps_what_staff_added(directory):
    path = OSM_DIR / "bautzen.osm"
    offers_import(path=path, directory=directory)
    offer = directory.offers.get()
    offer.hidden, offer.cost_note, offer.name = True, "10 € im Monat", "Alter Name"
    offer.save()
    run = offers_import(path=path, directory=directory).run
    assert (run.created, run.updated) == (0, 1)
    change = run.changes.get(action=ChangeAction.UPDATED)
    assert change.changes == {"name": ["Alter Name", ""]}
    offer.refresh_from_db()
    assert (offer.hidden, offer.cost_note, offer.name) == (True, "10 € im Monat", "")
    assert directory.offers.count() == 1


def test_pbf_gives_the_same_offers(directory, tmp_path):
    source = OSM_DIR / "north-bayreuth.osm.gz"
    pbf = tmp_path / "north-bayreuth.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(source)):
            writer.add(obj)
    run = offers_import(path=pbf, directory=directory).run
    assert (run.created, run.skipped) == (39, 5)
    # Same ids, so importing the XML afterwards finds every offer already there.
    run = offers_import(path=source, directory=directory).run
    assert (run.created, run.updated, run.unchanged) == (0, 0, 39)


def test_unreadable_file_is_an_error_and_leaves_nothing(directory, tmp_path):
    bad = tmp_path / "broken.osm"
    bad.write_text("<osm><node id='1' lat='x'", encoding="utf-8")
    with pytest.raises(ImportFileError):
        offers_import(path=bad, directory=directory)
    assert directory.offers.count() == 0 and directory.import_runs.count() == 0
