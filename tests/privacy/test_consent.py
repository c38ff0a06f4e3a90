"""Consent: given in a version, withdrawn, replaced by a new version; one in force at a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from backactive.privacy.models import Consent
from backactive.privacy.selectors import consent_history, has_consent, patients_with_consent
from backactive.privacy.services import consent_give, consent_withdraw


def test_no_consent_until_given(world: Any) -> None:
    assert not has_consent(world.patient_a, "research")
    consent = consent_give(patient=world.patient_a, purpose="research", version="2026-1", recorded_by=world.admin_x)
    assert has_consent(world.patient_a, "research")
    assert consent.in_force and consent.recorded_by == world.admin_x
    assert not has_consent(world.patient_b, "research")


def test_withdrawing_ends_consent_and_keeps_the_history(world: Any) -> None:
    consent_give(patient=world.patient_a, purpose="research", version="2026-1")
    assert consent_withdraw(patient=world.patient_a, purpose="research") is True
    assert not has_consent(world.patient_a, "research")
    assert consent_withdraw(patient=world.patient_a, purpose="research") is False
    [old] = consent_history(world.patient_a)
    assert old.withdrawn_at is not None and old.version == "2026-1"
    consent_give(patient=world.patient_a, purpose="research", version="2026-1")
    assert has_consent(world.patient_a, "research")
    assert consent_history(world.patient_a).count() == 2


def test_same_version_twice_changes_nothing_new_version_replaces(world: Any) -> None:
    first = consent_give(patient=world.patient_a, purpose="research", version="2026-1")
    assert consent_give(patient=world.patient_a, purpose="research", version="2026-1") == first
    later = timezone.now() + dt.timedelta(minutes=1)
    second = consent_give(patient=world.patient_a, purpose="research", version="2027-1", when=later)
    first.refresh_from_db()
    assert first.withdrawn_at == later and second.in_force
    assert [c.version for c in consent_history(world.patient_a)] == ["2027-1", "2026-1"]


def test_unknown_purpose_and_empty_version_are_refused(world: Any) -> None:
    with pytest.raises(ValidationError):
        consent_give(patient=world.patient_a, purpose="advertising", version="1")
    with pytest.raises(ValidationError):
        consent_give(patient=world.patient_a, purpose="research", version=" ")
    with pytest.raises(ValidationError):
        consent_withdraw(patient=world.patient_a, purpose="advertising")
    assert not Consent.objects.exists()


def test_the_database_allows_one_consent_in_force(world: Any) -> None:
    consent_give(patient=world.patient_a, purpose="research", version="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(patient=world.patient_a, purpose="research", version="2", given_at=timezone.now())


def test_patients_with_consent_are_those_of_the_practice_in_force(world: Any) -> None:
    for patient in (world.patient_a, world.patient_b, world.patient_y):
        consent_give(patient=patient, purpose="research", version="1")
    consent_withdraw(patient=world.patient_b, purpose="research")
    consent_give(patient=world.patient_b, purpose="research", version="1")
    consent_withdraw(patient=world.patient_b, purpose="research")
    assert list(patients_with_consent(world.practice_x, "research")) == [world.patient_a]
    assert list(patients_with_consent(world.practice_y, "research")) == [world.patient_y]
