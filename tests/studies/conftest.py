"""A two-arm demo study over practices X and Y of the shared ``world``, with a coordinator."""

from __future__ import annotations

from typing import Any

import pytest

from .factories import make_coordinator, make_study


@pytest.fixture
def coordinator(db: Any) -> Any:
    return make_coordinator()


@pytest.fixture
def study(world: Any, coordinator: Any) -> Any:
    return make_study(world, coordinator)
