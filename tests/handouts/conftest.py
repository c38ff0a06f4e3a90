"""Fixtures for the handout tests: the two realistic plans beside this file, fresh for each test."""

from __future__ import annotations

from typing import Any

import pytest

from tests.handouts.helpers import load_plan


@pytest.fixture
def plan_de() -> dict[str, Any]:
    return load_plan("de")


@pytest.fixture
def plan_en() -> dict[str, Any]:
    return load_plan("en")


@pytest.fixture
def minimal_plan() -> dict[str, Any]:
    """Only what ``backactive recommend`` prints: no patient, practice, offers or pictures."""
    plan = load_plan("en")
    for key in (
        "patient",
        "practice",
        "offers",
        "chart_svg",
        "goal",
        "invitation",
        "calendar_url",
        "exercises",
        "signed_by",
        "date",
    ):
        plan.pop(key)
    plan["reminders"] = None
    return plan
