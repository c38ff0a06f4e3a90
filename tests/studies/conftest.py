"""A two-arm demo study over practices X and Y of the shared ``world``, with a coordinator."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import make_user

SCHEDULE = [
    ("baseline", "Baseline", 0, ("ipaq_sf", "gcps", "phq4", "peg"), 0, 14),
    ("6w", "6 weeks", 42, ("ipaq_sf", "gcps", "phq4", "peg"), 3, 14),
    ("3m", "3 months", 91, ("ipaq_sf", "gcps", "phq4", "peg"), 7, 21),
    ("6m", "6 months", 182, ("ipaq_sf", "gcps", "phq4", "peg"), 7, 28),
]


@pytest.fixture
def coordinator(db: Any) -> Any:
    from backactive.accounts.models import Role

    return make_user(None, "coordinator", Role.COORDINATOR)


@pytest.fixture
def study(world: Any, coordinator: Any) -> Any:
    from backactive.studies import services

    study = services.study_create(
        name="Rücken aktiv – Machbarkeitsstudie",
        code="RA1",
        consent_text="Ich bin einverstanden, dass …",
        arms=[services.ArmSpec("control", "Kontrolle", is_control=True), services.ArmSpec("backactive", "BackActive")],
        timepoints=[
            services.TimePointSpec(c, label, day, codes, before, after)
            for c, label, day, codes, before, after in SCHEDULE
        ],
        coordinator=coordinator,
        seed="demo-seed-2026",
        size_cutoff=3,
    )
    services.study_practice_add(study=study, practice=world.practice_x, size=4)
    services.study_practice_add(study=study, practice=world.practice_y, size=1)
    return study
