"""offers_near: distance order, the radius, each filter, and which directories a practice sees."""

import pytest

from backactive.offers.models import Directory
from backactive.offers.selectors import offers_near
from backactive.offers.services import directory_subscribe

from .factories import MARBURG, make_offer


@pytest.fixture
def own(practice):
    return Directory.objects.create(practice=practice, name="Praxis")


def names(hits):
    return [h.offer.name for h in hits]


def near(practice, **filters):
    return offers_near(practice=practice, lat=MARBURG[0], lon=MARBURG[1], km=10, **filters)


def test_nearest_first_with_distance_and_radius(practice, own):
    make_offer(own, "far", 8)
    make_offer(own, "near", 1)
    make_offer(own, "outside", 12)
    make_offer(own, "mid", 4)
    hits = near(practice)
    assert names(hits) == ["near", "mid", "far"]
    assert [round(h.distance_km, 2) for h in hits] == [1.0, 4.0, 8.0]
    assert names(near(practice, limit=2)) == ["near", "mid"]


def test_hidden_offers_are_not_found(practice, own):
    make_offer(own, "shown", 1)
    make_offer(own, "hidden", 2, hidden=True)
    assert names(near(practice)) == ["shown"]


def test_practice_sees_own_and_subscribed_directories_only(practice, other_practice, own):
    regional = Directory.objects.create(name="Landkreis")
    theirs = Directory.objects.create(practice=other_practice, name="Andere Praxis")
    make_offer(own, "own", 1)
    make_offer(regional, "regional", 2)
    make_offer(theirs, "theirs", 3)
    assert names(near(practice)) == ["own"]
    directory_subscribe(practice=practice, directory=regional)
    assert names(near(practice)) == ["own", "regional"]
    assert names(offers_near(practice=None, lat=MARBURG[0], lon=MARBURG[1], km=10)) == ["own", "regional", "theirs"]
    with pytest.raises(ValueError):
        directory_subscribe(practice=practice, directory=theirs)


def test_activity_group_and_setting_filters(practice, own):
    make_offer(
        own, "pool", 1, kind="pool", setting="water", activities=["swimming", "aqua_fitness"], participation="either"
    )
    make_offer(own, "walk", 2, kind="walking_group", setting="outdoor", activities=["walking"], participation="group")
    make_offer(own, "physio", 3, kind="physiotherapy", activities=["physiotherapy"], participation="individual")
    assert names(near(practice, activity="swimming")) == ["pool"]
    assert names(near(practice, activity="walking")) == ["walk"]
    assert names(near(practice, group=True)) == ["pool", "walk"]
    assert names(near(practice, group=False)) == ["pool", "physio"]
    assert names(near(practice, setting="outdoor")) == ["walk"]


def test_weekday_and_time_of_day(practice, own):
    make_offer(own, "tue evening", 1, times="Di 18:00-19:00")
    make_offer(own, "tue+thu morning", 2, times="Di, Do 9-10")
    make_offer(own, "no times", 3)
    assert names(near(practice, weekday=1)) == ["tue evening", "tue+thu morning"]
    assert names(near(practice, weekday=3)) == ["tue+thu morning"]
    assert names(near(practice, time_of_day="evening")) == ["tue evening"]
    assert names(near(practice, weekday=1, time_of_day="morning")) == ["tue+thu morning"]
    assert names(near(practice, weekday=6)) == []


def test_certified_rehasport_and_cost(practice, own):
    make_offer(own, "certified", 1, certified_20=True, free=False)
    make_offer(own, "rehasport", 2, rehasport=True)
    make_offer(own, "free", 3, free=True)
    assert names(near(practice, certified=True)) == ["certified"]
    assert names(near(practice, certified=False)) == ["rehasport", "free"]
    assert names(near(practice, rehasport=True)) == ["rehasport"]
    assert names(near(practice, free_only=True)) == ["free"]


@pytest.mark.parametrize(
    ("lat", "lon", "km"), [(91, 8, 10), (50, 181, 10), (float("nan"), 8, 10), (50, 8, 0), (50, 8, 10_000)]
)
def test_impossible_searches_raise(practice, lat, lon, km):
    with pytest.raises(ValueError):
        offers_near(practice=practice, lat=lat, lon=lon, km=km)


def test_each_weekday_filter_value_is_checked(practice):
    with pytest.raises(ValueError):
        near(practice, weekday=9)
