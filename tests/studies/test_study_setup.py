"""Setting up a study and randomising its practices: once, concealed, audited, reproducible."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from backactive.security.models import AuditEvent
from backactive.studies import randomisation, services
from backactive.studies.models import AllocationRecord, StudyPractice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    """The services' messages are matched in English here (the pages' German is tested with them)."""
    with translation.override("en"):
        yield


def test_a_new_study_shows_only_the_commitment_of_its_seed(study: Any) -> None:
    assert study.status == "setup" and study.seed == "demo-seed-2026"
    assert study.seed_commitment == randomisation.commitment("demo-seed-2026")
    assert [m.arm for m in StudyPractice.objects.filter(study=study)] == [None, None]
    assert [tp.code for tp in study.schedule.timepoints.all()] == ["baseline", "6w", "3m", "6m"]


def test_randomisation_allocates_every_practice_once_and_is_recorded(study: Any, coordinator: Any) -> None:
    record = services.study_randomise(study=study, by=coordinator)
    study.refresh_from_db()
    assert study.status == "running"
    members = {m.practice.name: m for m in StudyPractice.objects.filter(study=study).select_related("practice", "arm")}
    assert {m.arm.code for m in members.values()} == {"control", "backactive"}  # 2 practices, 2 arms
    assert (members["Praxis X"].stratum, members["Praxis Y"].stratum) == ("large", "small")
    assert record.seed == "demo-seed-2026" and record.performed_by == coordinator
    assert services.allocation_verify(record)
    assert AuditEvent.objects.filter(object_type="studies.allocationrecord", actor_id=coordinator.pk).exists()
    with pytest.raises(ValidationError, match="randomised already"):
        services.study_randomise(study=study, by=coordinator)
    assert AllocationRecord.objects.count() == 1


def test_a_tampered_record_does_not_verify(study: Any, coordinator: Any) -> None:
    record = services.study_randomise(study=study, by=coordinator)
    record.result = {key: ("control" if arm == "backactive" else "backactive") for key, arm in record.result.items()}
    assert not services.allocation_verify(record)


def test_no_practice_joins_after_randomisation_and_not_twice(study: Any, world: Any, coordinator: Any) -> None:
    with pytest.raises(ValidationError, match="already takes part"):
        services.study_practice_add(study=study, practice=world.practice_x, size=2)
    services.study_randomise(study=study, by=coordinator)
    from backactive.accounts.models import Practice

    with pytest.raises(ValidationError, match="before the randomisation"):
        services.study_practice_add(study=study, practice=Practice.objects.create(name="Z"), size=2)


@pytest.mark.parametrize(
    ("arms", "consent", "message"),
    [
        ([services.ArmSpec("a", "A")], "text", "two arms"),
        ([services.ArmSpec("a", "A", True), services.ArmSpec("b", "B", True)], "text", "two arms"),
        ([services.ArmSpec("a", "A"), services.ArmSpec("b", "B")], "  ", "consent text"),
    ],
)
def test_a_study_needs_arms_and_its_own_consent_text(
    coordinator: Any, arms: list[services.ArmSpec], consent: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.study_create(
            name="S",
            code="S",
            consent_text=consent,
            arms=arms,
            coordinator=coordinator,
            timepoints=[services.TimePointSpec("b", "B", 0, ("phq4",))],
        )


def test_a_time_point_needs_known_questionnaires(coordinator: Any) -> None:
    with pytest.raises(ValidationError, match="Unknown or no questionnaires"):
        services.study_create(
            name="S",
            code="S",
            consent_text="ok",
            coordinator=coordinator,
            arms=[services.ArmSpec("a", "A"), services.ArmSpec("b", "B")],
            timepoints=[services.TimePointSpec("b", "B", 0, ("phq9",))],
        )
