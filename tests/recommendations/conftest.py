"""A plain profile every test starts from and changes one thing in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from backactive.recommendations.knowledge import Knowledge, load_knowledge

ProfileFactory = Callable[..., dict[str, Any]]


def make_profile(**changes: Any) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "age": 52,
        "pain": 5,
        "active_minutes_per_week": 40,
        "barriers": [],
        "conditions": [],
        "red_flags": [],
        "preferences": {"social": "any", "setting": "any", "enjoys": []},
        "max_minutes_per_session": 60,
        "wants_goals": False,
        "wants_reminders": False,
    }
    profile.update(changes)
    return profile


@pytest.fixture
def profile() -> ProfileFactory:
    return make_profile


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()
