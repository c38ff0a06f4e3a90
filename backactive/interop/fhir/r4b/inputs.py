"""Plain inputs for the FHIR builders, so they need no database: the caller copies what it has
from its models into these."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

MeasureKind = Literal["pain", "minutes_per_week", "days_per_week", "minutes_per_day", "steps"]


@dataclass(frozen=True)
class PatientData:
    id: str  # a pseudonym usable as FHIR id: [A-Za-z0-9-.]{1,64}
    sex: str = "unknown"  # a code of core/codes.toml [sexes]
    year_of_birth: int | None = None
    # The practice system's number and the practice it belongs to; never in research exports.
    practice_id: int | None = None
    patient_number: str | None = None


@dataclass(frozen=True)
class MeasurementData:
    id: str
    kind: MeasureKind
    value: float
    effective: datetime.date | datetime.datetime
    device: bool = False  # measured by a phone or tracker rather than reported


@dataclass(frozen=True)
class GoalData:
    id: str
    description: str
    minutes_per_week: int | None = None  # target of weekly activity, if the goal has one
    start: datetime.date | None = None
    due: datetime.date | None = None
    status: str = "active"  # FHIR Goal.lifecycleStatus


@dataclass(frozen=True)
class PlanData:
    id: str
    title: str
    created: datetime.date
    items: tuple[str, ...]
    goal_ids: tuple[str, ...] = ()
    status: str = "active"  # FHIR CarePlan.status


@dataclass(frozen=True)
class ReferralData:
    id: str
    offer_name: str
    authored: datetime.date
    note: str | None = None
    goal_ids: tuple[str, ...] = ()
    status: str = "active"  # FHIR ServiceRequest.status
