"""``backactive demo`` brings a running demo study: the demo practice in the BackActive arm,
enrolled patients with answered and missing questionnaires, and a coordinator login."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from backactive.demo import demo
from backactive.studies.models import Enrolment, Study, StudyPractice

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_running_study_and_a_coordinator(client: Any) -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "study coordinator:  studie" in out.getvalue()
    study = Study.objects.get(code="DEMO")
    member = StudyPractice.objects.select_related("arm").get(study=study, practice__name=demo.DEMO_PRACTICE)
    assert study.status == "running" and not member.arm.is_control
    assert Enrolment.objects.filter(study=study).count() == 4
    client.login(username="studie", password=demo.DEMO_PASSWORD)
    page = client.get(reverse("studies:dashboard", kwargs={"study_id": study.pk})).content.decode()
    assert 'data-testid="completeness"' in page and "Inge" not in page
    client.login(username="mfa", password=demo.DEMO_PASSWORD)
    assert "Inge" in client.get(reverse("studies:worklist")).content.decode()
    call_command("demo", "--reset", stdout=io.StringIO())
    assert Study.objects.filter(code="DEMO").count() == 1
