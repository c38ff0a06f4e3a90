from backactive.offers.activities import activity_codes
from backactive.offers.models import Kind
from backactive.offers.osm_rules import Mapped, Rejected, default_rules

rules = default_rules()


def test_every_rule_uses_known_kinds_settings_and_activities():
    from backactive.core.codes import SETTINGS

    known = activity_codes()
    for rule in rules.rules:
        assert rule.kind in Kind.values
        assert rule.setting in SETTINGS
        assert set(rule.activities) <= known and set(rule.default_activities) <= known
    for codes in rules.sport.values():
        assert set(codes) <= known


def test_pitch_takes_its_activity_from_the_sport():
    got = rules.apply({"leisure": "pitch", "sport": "soccer;tennis"}, "w")
    assert got == Mapped(kind="sports_facility", setting="outdoor", activities=("football", "tennis"), participation="")


def test_pitch_without_a_known_sport_is_rejected_with_the_reason():
    assert rules.apply({"leisure": "pitch", "sport": "shooting"}, "w") == Rejected(
        "sport=shooting matches no activity code"
    )
    assert isinstance(rules.apply({"leisure": "pitch"}, "w"), Rejected)


def test_private_places_are_not_offers():
    got = rules.apply({"leisure": "swimming_pool", "access": "private"}, "w")
    assert isinstance(got, Rejected) and "access=private" in got.reason


def test_outdoor_fitness_physio_and_routes():
    assert rules.apply({"leisure": "fitness_station"}, "n").kind == "outdoor_fitness"  # type: ignore[union-attr]
    assert rules.apply({"healthcare": "physiotherapist"}, "n").kind == "physiotherapy"  # type: ignore[union-attr]
    assert rules.apply({"amenity": "physiotherapist"}, "w").kind == "physiotherapy"  # type: ignore[union-attr]
    hiking = rules.apply({"type": "route", "route": "hiking"}, "r")
    assert isinstance(hiking, Mapped) and hiking.activities == ("hiking", "walking")
    # A way tagged route=hiking is a part of a route, not a route offer.
    assert rules.apply({"route": "hiking"}, "w") is None


def test_track_defaults_to_running_and_unrelated_tags_are_ignored():
    assert rules.apply({"leisure": "track"}, "w").activities == ("running",)  # type: ignore[union-attr]
    assert rules.apply({"leisure": "park"}, "w") is None
    assert rules.apply({"amenity": "bench"}, "n") is None
