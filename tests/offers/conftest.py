from pathlib import Path

import pytest

from backactive.accounts.models import Practice

OSM_DIR = Path("/work/shared/data/osm")
if not OSM_DIR.is_dir():  # the repository copy lives beside the main checkout
    OSM_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "osm"


@pytest.fixture
def practice(db):
    return Practice.objects.create(name="Praxis am Markt", postcode="35037")


@pytest.fixture
def other_practice(db):
    return Practice.objects.create(name="Praxis im Tal", postcode="35041")
