"""Every drawn pose is physically plausible, frame by frame; and the check itself catches the
faults the old drawings had (an arm through the head, a figure floating, a joint bent too far)."""

from __future__ import annotations

import pytest

from backactive.exercises.figures.library import LEVELS, figures
from backactive.exercises.figures.plausible import problems
from backactive.exercises.figures.pose import expand, resolve
from backactive.exercises.figures.props import scene_from
from backactive.exercises.figures.svg import STEPS


@pytest.mark.parametrize("code", sorted(figures()))
def test_every_frame_of_every_level_is_plausible(code: str) -> None:
    found = {}
    for level in LEVELS:
        figure = figures()[code][level]
        for i in range(STEPS + 1):
            wrong = problems(figure.at(i / STEPS), figure.scene)
            if wrong:
                found[(level, i)] = wrong
    assert found == {}


def _problems(pose: dict[str, object], props: list[object] | None = None) -> list[str]:
    scene = scene_from(props or [])
    return problems(resolve(expand(pose, {}), scene), scene)


def test_standing_upright_is_plausible() -> None:
    assert _problems({}) == []


def test_a_knee_bent_beyond_its_range_is_caught() -> None:
    assert any("knee_r 170°" in p for p in _problems({"knee_r": 170}))


def test_a_straight_leg_raised_beyond_the_hamstrings_is_caught() -> None:
    assert any("straight knee" in p for p in _problems({"pitch": -90, "y": 11, "hip_r": 120}, ["mat"]))


def test_an_arm_through_the_head_is_caught() -> None:
    # the old child's pose: an arm bent back over the face
    wrong = _problems({"shoulder_r": 165, "shoulder_rot_r": 90, "elbow_r": 140})
    assert any("through the head" in p for p in wrong)


def test_a_floating_body_is_caught() -> None:
    assert any("floats" in p for p in _problems({"y": 140}))


def test_a_leg_through_the_floor_is_caught() -> None:
    assert any("into the floor" in p for p in _problems({"y": 80}))


def test_leaning_without_support_is_caught() -> None:
    assert any("would fall" in p for p in _problems({"pitch": 30, "hip": -30, "flat": True}))


def test_the_same_lean_against_a_wall_is_supported() -> None:
    pose = {"x": 34, "y": 86, "pitch": 24, "foot": [0, 0], "hand": [79, 134], "wrist": 80}
    assert _problems(pose, [{"kind": "wall", "x": 84}]) == []
