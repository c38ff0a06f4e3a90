"""The study coordinator: set up, randomise once, see completeness, export pseudonymised data."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from backactive.security.models import AuditEvent
from backactive.studies.models import Study

from .factories import enrol, running_study

pytestmark = pytest.mark.django_db


def test_a_coordinator_sets_up_a_study_and_randomises_once(coordinator: Any, world: Any, login: Any) -> None:
    client = login(coordinator)
    form = {
        "name": "Pilot",
        "code": "P1",
        "consent_text": "Ja.",
        "method": "minimised",
        "size_cutoff": "2",
        "control_name": "Kontrolle",
        "intervention_name": "BackActive",
        "instruments": ["phq4", "peg"],
    }
    for n, (day, before, after) in enumerate([(0, 0, 14), (42, 3, 14), (91, 7, 21), (182, 7, 28)]):
        form |= {
            f"tp{n}_use": "on",
            f"tp{n}_label": f"T{n}",
            f"tp{n}_day": day,
            f"tp{n}_before": before,
            f"tp{n}_after": after,
        }
    form.pop("tp3_use")
    response = client.post(reverse("studies:create"), form)
    study = Study.objects.get(code="P1")
    assert response.status_code == 302 and study.method == "minimised"
    assert [tp.instruments for tp in study.schedule.timepoints.all()] == [["phq4", "peg"]] * 3
    detail = reverse("studies:detail", kwargs={"study_id": study.pk})
    page = client.get(detail).content.decode()
    assert study.seed_commitment in page and study.seed not in page  # concealed until allocated
    for practice, size in ((world.practice_x, "3"), (world.practice_y, "1")):
        client.post(
            reverse("studies:practice_add", kwargs={"study_id": study.pk}), {"practice": practice.pk, "size": size}
        )
    client.post(reverse("studies:randomise", kwargs={"study_id": study.pk}))
    page = client.get(detail).content.decode()
    assert study.seed in page and 'data-testid="allocation"' in page
    client.post(reverse("studies:randomise", kwargs={"study_id": study.pk}))  # a second click changes nothing
    assert AuditEvent.objects.filter(object_type="studies.allocationrecord").count() == 1


def test_dashboard_and_export_show_pseudonyms_only(study: Any, coordinator: Any, world: Any, login: Any) -> None:
    running = running_study(study, coordinator)
    enrol(running, world.patient_a, world.clinician_x, days_ago=30)
    client = login(coordinator)
    dashboard = client.get(reverse("studies:dashboard", kwargs={"study_id": study.pk})).content.decode()
    assert 'data-testid="completeness"' in dashboard and "Anna" not in dashboard
    export = client.get(reverse("studies:export", kwargs={"study_id": study.pk}))
    text = export.content.decode()
    assert export["Content-Type"].startswith("text/csv") and "Anna" not in text and "Praxis X" not in text
    assert text.count("\n") == 1 + 4
    assert AuditEvent.objects.filter(action="export", object_type="studies.study").exists()
    codebook = client.get(reverse("studies:codebook", kwargs={"study_id": study.pk})).content.decode()
    assert codebook.startswith("variable,type,values,description")


def test_another_coordinator_sees_nothing_of_this_study(study: Any, world: Any, login: Any) -> None:
    from backactive.accounts.models import Role
    from tests.conftest import make_user

    other = make_user(None, "other_coordinator", Role.COORDINATOR)
    client = login(other)
    assert client.get(reverse("studies:detail", kwargs={"study_id": study.pk})).status_code == 404
    assert client.get(reverse("studies:export", kwargs={"study_id": study.pk})).status_code == 404
    assert study.name not in client.get(reverse("studies:list")).content.decode()
