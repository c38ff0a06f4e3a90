"""The control arm collects questionnaires only: no suggestions and no plan for its patients; the
intervention arm's patients get both as usual."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from backactive.consultations.models import Plan
from backactive.studies.models import StudyPractice

from .factories import enrol, running_study

pytestmark = pytest.mark.django_db


def test_control_arm_patients_get_no_suggestions_and_no_plan(
    study: Any, coordinator: Any, world: Any, login: Any
) -> None:
    running_study(study, coordinator)
    arms = {m.practice_id: m.arm.is_control for m in StudyPractice.objects.filter(study=study).select_related("arm")}
    cases = {world.practice_x.pk: (world.patient_a, world.consultation_a, world.clinician_x),
             world.practice_y.pk: (world.patient_y, world.consultation_y, world.clinician_y)}  # fmt: skip
    for practice_id, (patient, consultation, gp) in cases.items():
        enrol(study, patient, gp)
        client = login(gp)
        page = client.get(reverse("consultations:suggestions", kwargs={"consultation_id": consultation.pk}))
        held = 'data-testid="plan-hold"' in page.content.decode()
        assert held == arms[practice_id], patient
        before = Plan.objects.filter(patient=patient).count()
        client.post(reverse("consultations:plan_create", kwargs={"consultation_id": consultation.pk}),
                    {"chosen": ["walking"], "times_walking": "3"})  # fmt: skip
        assert (Plan.objects.filter(patient=patient).count() == before) == arms[practice_id]
