"""Offer items: nearby offers become suggestions when company or a facility is wanted."""

from __future__ import annotations

from typing import Any

from backactive.recommendations.engine import recommend

from .conftest import ProfileFactory

HERE = {"lat": 50.81, "lon": 8.77}
OFFERS: list[dict[str, Any]] = [
    {
        "id": 1,
        "name": "Aqua-Fit Hallenbad",
        "activities": ["aqua_fitness"],
        "distance_km": 3.25,
        "times": ["Di 18:00", "Do 10:00"],
        "attribution": "© OpenStreetMap contributors",
    },
    {"code": "osm-n42", "name": "Spaziertreff am Lahnufer", "activities": ["walking_group"], "distance_km": 0.8},
    {"id": 3, "name": "Lauftreff", "activities": ["running"], "distance_km": 0.2},
    {"id": 4, "name": "Rückenschule VHS", "activities": ["back_course"], "distance_km": 5.0, "times": "Mo 19:00"},
    {"id": 5, "name": "ohne Aktivitäten", "activities": ["chess"], "distance_km": 0.1},
    {"name": "ohne Kennung", "activities": ["walking_group"], "distance_km": 0.1},
]


def offers_of(result: dict) -> list[dict]:
    return [i for i in result["items"] if i["kind"] == "offer"]


def test_group_seekers_with_a_location_get_the_nearest_suitable_offers(profile: ProfileFactory) -> None:
    result = recommend(profile(location=HERE, preferences={"social": "group"}), lang="en", offers=OFFERS)
    found = offers_of(result)
    # The running club (high impact) is not suggested: nobody named running as a favourite.
    assert [i["code"] for i in found] == ["offer:osm-n42", "offer:1"]
    assert found[0]["title"] == "Spaziertreff am Lahnufer" and found[0]["social"] == "group"
    assert found[0]["why"].startswith("Nearby (0.8 km): an offer for Walking group")
    assert found[0]["family"] == "walking" and found[0]["components"] == ["aerobic"]
    assert found[1]["needs"] == ["standing", "water", "facility"]


def test_a_high_impact_offer_only_for_a_patient_who_enjoys_it(profile: ProfileFactory) -> None:
    data = profile(location=HERE, preferences={"social": "group", "enjoys": ["running"]})
    assert offers_of(recommend(data, lang="en", offers=OFFERS))[0]["code"] == "offer:3"


def test_offers_obey_the_exclusions(profile: ProfileFactory) -> None:
    data = profile(location=HERE, barriers=["fear_avoidance", "loneliness"], preferences={"social": "group"})
    found = offers_of(recommend(data, offers=OFFERS, lang="en"))
    assert [i["code"] for i in found] == ["offer:osm-n42", "offer:1"]
    assert all(i["impact"] != "high" for i in found)
    assert all("you have company while doing it" in i["why"] for i in found)
    assert all("Nobody to be active with" not in i["why"] for i in found)


def test_closures_leave_only_outdoor_offers(profile: ProfileFactory) -> None:
    data = profile(location=HERE, barriers=["closures", "loneliness"], preferences={"setting": "water"})
    found = offers_of(recommend(data, offers=OFFERS))
    assert [i["code"] for i in found] == ["offer:osm-n42"]
    assert all(i["setting"] == "outdoor" for i in found)


def test_a_favourite_offer_comes_before_a_nearer_one(profile: ProfileFactory) -> None:
    data = profile(location=HERE, preferences={"setting": "water", "enjoys": ["aqua_fitness"]})
    found = offers_of(recommend(data, offers=OFFERS))
    assert found[0]["code"] == "offer:1"
    assert "3,2 km" in found[0]["why"] and "Di 18:00, Do 10:00" in found[0]["why"]


def test_session_limit_applies_to_offers(profile: ProfileFactory) -> None:
    data = profile(location=HERE, max_minutes_per_session=40, preferences={"social": "group"})
    found = offers_of(recommend(data, offers=OFFERS))
    assert found and all(i["minutes"] <= 40 for i in found)
    assert "offer:4" not in [i["code"] for i in found]  # back school takes at least 45 minutes


def test_no_offers_without_location_or_wish(profile: ProfileFactory) -> None:
    assert not offers_of(recommend(profile(preferences={"social": "group"}), offers=OFFERS))
    assert not offers_of(recommend(profile(location=HERE, preferences={"social": "alone"}), offers=OFFERS))


def test_malformed_offers_are_skipped(profile: ProfileFactory) -> None:
    bad: list[Any] = [
        "x",
        {"id": 9},
        {"id": 8, "name": "n", "activities": "walking", "distance_km": 1},
        {"id": 7, "name": "n", "activities": ["walking_group"], "distance_km": "near"},
    ]
    assert not offers_of(recommend(profile(location=HERE, preferences={"social": "group"}), offers=bad))
