"""The study coordinator: set up, randomise once, see completeness, export pseudonymised data."""

from __future__ import annotations

import re
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


def test_no_page_or_file_the_coordinator_can_reach_names_a_patient(
    study: Any, coordinator: Any, world: Any, login: Any
) -> None:
    """Issue 20: a study coordinator sees studies and pseudonymised data only. Every address the
    access test lets them open (tests/accounts/test_url_access.py) is fetched with participants
    enrolled, questionnaires answered (a positive PHQ-4 among them) and one dropout; none shows a
    patient's name, login, e-mail, practice-software number or year of birth."""
    from django.utils import timezone

    from backactive.questionnaires import services as questionnaire_services
    from backactive.studies import services
    from backactive.studies.models import Assessment
    from tests.accounts.test_url_access import ACCESS, PATTERNS, RULES

    running = running_study(study, coordinator)
    a = enrol(running, world.patient_a, world.clinician_x, days_ago=30)
    y = enrol(running, world.patient_y, world.clinician_y, days_ago=50)
    phq4 = Assessment.objects.get(enrolment=a, timepoint__code="baseline", instrument="phq4")
    response = services.assessment_response(assessment=phq4, user=world.patient_a_user, source="patient")
    questionnaire_services.response_save(
        response=response, answers={"nervous": 3, "worry": 3, "interest": 3, "down": 3}, user=world.patient_a_user
    )
    services.enrolment_withdraw(enrolment=y, reason="health")
    world.patient_a_user.email = "anna@example.org"
    world.patient_a_user.save()
    for patient, number, born in ((world.patient_a, "PVS-4711", 1937), (world.patient_y, "PVS-0815", 1941)):
        patient.pvs_number, patient.year_of_birth = number, born  # values no page has by chance
        patient.save()
    reachable = sorted(
        name for name, (method, rule) in ACCESS.items() if method == "get" and RULES[rule]["coordinator"] in (200, "ok")
    )
    assert {"studies:list", "studies:detail", "studies:dashboard", "studies:export", "studies:codebook"} <= set(
        reachable
    )
    client = login(coordinator)
    names, numbers = ["anna@example.org"], []
    for patient in (world.patient_a, world.patient_y):
        names += [patient.display_name, patient.user.username]
        numbers += [str(patient.year_of_birth), patient.pvs_number]
    today = timezone.localdate()
    fetched = 0
    for name in reachable:
        params = PATTERNS[name]
        assert params <= {"study_id"}, f"{name}: give its parameters here"
        url = reverse(name, kwargs={"study_id": study.pk} if params else {})
        page = client.get(url, follow=True)
        text = page.content.decode()
        if name == "studies:export":
            assert str(today.year) not in text.split("\n", 1)[1]  # no calendar dates, only days
        for secret in names:
            assert secret not in text, f"{name} shows {secret!r}"
        for number in numbers:  # as a whole word: a year may be part of a hexadecimal digest
            assert not re.search(rf"(?<![\w-]){re.escape(number)}(?![\w-])", text), f"{name} shows {number!r}"
        fetched += 1
    assert fetched == len(reachable)
