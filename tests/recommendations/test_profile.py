"""Input validation: each bad profile is refused with one specific message."""

from __future__ import annotations

from typing import Any

import pytest

from backactive.recommendations.profile import Profile, ProfileError, profile_from_assessment, validate_profile

from .conftest import ProfileFactory, make_profile


def test_a_valid_profile_is_read(profile: ProfileFactory) -> None:
    data = profile(
        barriers=["time", "time", "cost"],
        location={"lat": 50.8, "lon": 8.77},
        preferences={"social": "group", "setting": "water", "enjoys": ["swimming"]},
    )
    result = validate_profile(data)
    assert isinstance(result, Profile)
    assert result.barriers == ("time", "cost")
    assert result.location == (50.8, 8.77)
    assert result.preferences.enjoys == ("swimming",)


def test_optional_keys_have_defaults() -> None:
    data = make_profile()
    for key in ("barriers", "conditions", "red_flags", "preferences"):
        del data[key]
    result = validate_profile(data)
    assert result.barriers == () and result.preferences.social == "any" and result.location is None
    assert (result.mobility, result.floor_ok, result.risk_group) == ("independent", True, None)
    assert result.red_flags_cleared == () and result.long_session_pattern is False


def test_the_age_limits_are_inclusive_and_a_null_risk_group_is_not_recorded(profile: ProfileFactory) -> None:
    assert validate_profile(profile(age=16)).age == 16
    assert validate_profile(profile(age=110)).age == 110
    assert validate_profile(profile(risk_group=None)).risk_group is None
    assert validate_profile(profile(age=60, conditions=["pregnancy"])).conditions == ("pregnancy",)


def test_cleared_flags_are_read_and_leave_the_open_ones(profile: ProfileFactory) -> None:
    result = validate_profile(
        profile(red_flags=["cancer_history", "night_pain"], red_flags_cleared=["cancer_history"], mobility="wheelchair")
    )
    assert result.red_flags_cleared == ("cancer_history",) and result.open_red_flags == ("night_pain",)
    assert result.mobility == "wheelchair"


def test_fractional_pain_and_minutes_are_accepted(profile: ProfileFactory) -> None:
    result = validate_profile(profile(pain=6.5, active_minutes_per_week=42.4))
    assert result.pain == 6.5 and result.active_minutes_per_week == 42


BAD: list[tuple[Any, str]] = [
    ([1, 2], "the profile must be a JSON object, got a list"),
    (make_profile(pain=11), "pain must be between 0 and 10, got 11"),
    (make_profile(pain=-1), "pain must be between 0 and 10, got -1"),
    (make_profile(pain="7"), "pain must be a number, got a string"),
    (make_profile(pain=True), "pain must be a number, got a boolean"),
    (make_profile(pain=None), "pain must be a number, got null"),
    (make_profile(active_minutes_per_week=-5), "active_minutes_per_week must be between 0 and 10080, got -5"),
    (make_profile(active_minutes_per_week=[30]), "active_minutes_per_week must be a number, got a list"),
    (make_profile(max_minutes_per_session=0), "max_minutes_per_session must be between 1 and 1440, got 0"),
    (make_profile(max_minutes_per_session=12.5), "max_minutes_per_session must be a whole number"),
    (make_profile(age=130), "age must be between 16 and 110, got 130"),
    (make_profile(age=111), "age must be between 16 and 110, got 111"),
    (make_profile(age=15), "age must be between 16 and 110, got 15"),
    (make_profile(age=5), "age must be between 16 and 110, got 5"),
    (make_profile(age=80, conditions=["pregnancy"]), "conditions: pregnancy is not plausible at age 80"),
    (make_profile(mobility="crawling"), "mobility must be one of independent, walking_aid, wheelchair, got 'crawling'"),
    (make_profile(mobility=None), "mobility must be one of independent, walking_aid, wheelchair, got null"),
    (make_profile(floor_ok="no"), "floor_ok must be true or false, got a string"),
    (make_profile(risk_group="very high"), "risk_group must be one of low, medium, high, got 'very high'"),
    (make_profile(risk_group=2), "risk_group must be one of low, medium, high, got the number 2"),
    (make_profile(long_session_pattern=1), "long_session_pattern must be true or false, got the number 1"),
    (make_profile(red_flags_cleared=["cauda_equina"]), "red_flags_cleared: 'cauda_equina' is not in red_flags"),
    (
        make_profile(red_flags=["night_pain"], red_flags_cleared=["bad"]),
        "red_flags_cleared: unknown red flag code 'bad'",
    ),
    (make_profile(red_flags_cleared="night_pain"), "red_flags_cleared must be a list of codes (strings)"),
    (make_profile(age="fifty"), "age must be a whole number, got a string"),
    (make_profile(barriers=["time", "laziness"]), "barriers: unknown barrier code 'laziness'"),
    (make_profile(barriers="time"), "barriers must be a list of codes (strings), got a string"),
    (make_profile(conditions=["knee"]), "conditions: unknown condition code 'knee'"),
    (make_profile(red_flags=["headache"]), "red_flags: unknown red flag code 'headache'"),
    (make_profile(red_flags=[1]), "red_flags must be a list of codes (strings), got a list"),
    (make_profile(wants_goals="yes"), "wants_goals must be true or false, got a string"),
    (make_profile(wants_reminders=1), "wants_reminders must be true or false, got the number 1"),
    (make_profile(preferences={"social": "crowd"}), "preferences.social must be one of alone, group, any"),
    (make_profile(preferences={"setting": "gym"}), "preferences.setting must be one of home, outdoor"),
    (make_profile(preferences={"enjoys": ["chess"]}), "preferences.enjoys: unknown activity code 'chess'"),
    (make_profile(preferences={"likes": []}), "preferences: unknown key 'likes'"),
    (make_profile(preferences=[]), "preferences must be an object, got a list"),
    (make_profile(location={"lat": 95, "lon": 8}), "location.lat must be between -90 and 90, got 95"),
    (make_profile(location={"lat": 50}), "location must be an object with exactly lat and lon"),
    (make_profile(barrier=["time"]), "unknown key 'barrier'"),
    ({k: v for k, v in make_profile().items() if k != "pain"}, "missing key 'pain'"),
]


@pytest.mark.parametrize(("data", "message"), BAD, ids=[m.split(",")[0] for _, m in BAD])
def test_bad_input_is_refused_with_a_specific_message(data: Any, message: str) -> None:
    with pytest.raises(ProfileError) as error:
        validate_profile(data)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_several_settings_and_either_are_understood(profile: ProfileFactory) -> None:
    result = validate_profile(profile(preferences={"social": "either", "setting": ["home", "water"]}))
    assert result.preferences.social == "any" and result.preferences.settings == {"home", "water"}
    assert validate_profile(profile(preferences={"setting": []})).preferences.settings == frozenset()
    with pytest.raises(ProfileError, match=r"preferences\.setting must be one of .* got 'gym'"):
        validate_profile(profile(preferences={"setting": ["home", "gym"]}))


def test_profile_from_assessment_gives_a_valid_cli_profile() -> None:
    data = profile_from_assessment(
        age=61,
        pain=6,
        minutes_per_week=45,
        max_minutes_per_session=30,
        barriers=["time"],
        social="either",
        settings=["outdoor", "water"],
        favourites=["swimming", "other"],
        wants_goals=True,
        location=(50.8, 8.7),
        red_flags=["cancer_history"],
        red_flags_cleared=["cancer_history", "night_pain"],
        mobility="walking_aid",
        floor_ok=False,
        risk_group="medium",
    )
    assert data["preferences"] == {"social": "any", "setting": ["outdoor", "water"], "enjoys": ["swimming"]}
    assert data["location"] == {"lat": 50.8, "lon": 8.7}
    assert data["red_flags_cleared"] == ["cancer_history"]  # only recorded flags can be cleared
    result = validate_profile(data)
    assert result.barriers == ("time",) and result.wants_goals and not result.wants_reminders
    assert (result.mobility, result.floor_ok, result.risk_group) == ("walking_aid", False, "medium")
    assert result.open_red_flags == ()
    assert (
        profile_from_assessment(age=40, pain=2, minutes_per_week=0, max_minutes_per_session=20)["preferences"][
            "setting"
        ]
        == "any"
    )
