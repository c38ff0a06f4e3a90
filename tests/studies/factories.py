"""Study-mode objects for page tests: a running two-arm study over practices X and Y, enrolments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from backactive.studies import services
from backactive.studies.models import Assessment, Enrolment, Study
from tests.conftest import make_user

SCHEDULE = [
    ("baseline", "Baseline", 0, ("ipaq_sf", "gcps", "phq4", "peg"), 0, 14),
    ("6w", "6 weeks", 42, ("ipaq_sf", "gcps", "phq4", "peg"), 3, 14),
    ("3m", "3 months", 91, ("ipaq_sf", "gcps", "phq4", "peg"), 7, 21),
    ("6m", "6 months", 182, ("ipaq_sf", "gcps", "phq4", "peg"), 7, 28),
]


def make_coordinator() -> Any:
    from backactive.accounts.models import Role

    return make_user(None, "coordinator", Role.COORDINATOR)


def make_study(world: Any, coordinator: Any) -> Study:
    """A two-arm study (control, BackActive) with the feasibility trial's schedule; practices X
    (size 4, large) and Y (size 1, small) take part; not yet randomised."""
    study = services.study_create(
        name="Rücken aktiv – Machbarkeitsstudie", code="RA1", consent_text="Ich bin einverstanden, dass …",
        arms=[services.ArmSpec("control", "Kontrolle", is_control=True), services.ArmSpec("backactive", "BackActive")],
        timepoints=[services.TimePointSpec(c, label, day, codes, before, after)
                    for c, label, day, codes, before, after in SCHEDULE],
        coordinator=coordinator, seed="demo-seed-2026", size_cutoff=3,
    )  # fmt: skip
    services.study_practice_add(study=study, practice=world.practice_x, size=4)
    services.study_practice_add(study=study, practice=world.practice_y, size=1)
    return study


def running_study(study: Any, coordinator: Any) -> Any:
    services.study_randomise(study=study, by=coordinator)
    study.refresh_from_db()
    return study


def enrol(study: Any, patient: Any, by: Any, days_ago: int = 0) -> Enrolment:
    return services.enrolment_create(
        patient=patient,
        study=study,
        by=by,
        consent_given=True,
        start_date=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def assessment(enrolment: Enrolment, timepoint: str, code: str) -> Assessment:
    return Assessment.objects.get(enrolment=enrolment, timepoint__code=timepoint, instrument=code)
