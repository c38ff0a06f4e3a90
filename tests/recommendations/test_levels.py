"""Exercise items in ``backactive recommend`` carry ``level`` and ``levels``; the profile may say
which level the patient is at (``exercise_levels``)."""

from __future__ import annotations

import pytest

from backactive.recommendations.engine import recommend
from backactive.recommendations.profile import ProfileError

from .conftest import ProfileFactory


def exercises(result: dict) -> list[dict]:
    return [i for i in result["items"] if i["kind"] == "exercise"]


def test_exercises_carry_their_level_and_all_levels(profile: ProfileFactory) -> None:
    result = recommend(profile(), lang="en")
    assert exercises(result)
    for item in exercises(result):
        assert item["level"] == 2 and [lv["level"] for lv in item["levels"]] == [1, 2, 3]
        assert item["dose"] == item["levels"][1]["dose"] and item["minutes"] == item["levels"][1]["minutes"]
    assert all("level" not in i for i in result["items"] if i["kind"] != "exercise")


def test_the_patients_level_sets_dose_and_minutes(profile: ProfileFactory) -> None:
    code = exercises(recommend(profile(), lang="en"))[0]["code"]
    item = next(i for i in exercises(recommend(profile(exercise_levels={code: 3}), lang="en")) if i["code"] == code)
    assert item["level"] == 3 and item["dose"] == item["levels"][2]["dose"]


def test_the_flare_up_plan_proposes_the_easier_level(profile: ProfileFactory) -> None:
    result = recommend(profile(), lang="de")
    items = [i for i in result["flare_up"]["items"] if i["kind"] == "exercise"]
    assert items and all(i["level"] == 1 and i["dose"] == i["levels"][0]["dose"] for i in items)


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ({"walking": 2}, "unknown exercise 'walking'"),
        ({"bridge": 4}, "exercise_levels.bridge: the level must be 1, 2 or 3"),
        ({"bridge": True}, "exercise_levels.bridge: the level must be 1, 2 or 3"),
        ([1], "exercise_levels must be an object"),
    ],
)
def test_bad_levels_are_refused_naming_the_field(profile: ProfileFactory, levels: object, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        recommend(profile(exercise_levels=levels))
