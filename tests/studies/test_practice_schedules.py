"""Issue 20, item 3: a practice defines its own schedule (time points with windows, no study) on a
page; staff start a patient on it; its questionnaires are then due on the patient pages and in the
worklist like a study's."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from backactive.studies import services
from backactive.studies.models import Assessment, Enrolment, Schedule

pytestmark = pytest.mark.django_db


def _form(**changes: Any) -> dict[str, Any]:
    """The new-schedule form as the browser sends it with its prefilled values."""
    data: dict[str, Any] = {"name": "Unsere Ergebnisse", "instruments": ["peg", "phq4"]}
    for n, (label, day, before, after) in enumerate(
        [("Baseline", 0, 0, 14), ("6 weeks", 42, 3, 14), ("3 months", 91, 7, 21), ("6 months", 182, 7, 28)]
    ):
        data |= {f"tp{n}_use": "on", f"tp{n}_label": label, f"tp{n}_day": day, f"tp{n}_before": before,
                 f"tp{n}_after": after}
    return data | changes


def test_a_practice_admin_sets_up_a_schedule_with_windows(world: Any, login: Any) -> None:
    client = login(world.admin_x)
    response = client.post(reverse("studies:schedule_create"), _form(tp3_use=""), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    schedule = Schedule.objects.get()
    assert (schedule.practice_id, schedule.study_id, schedule.name) == (world.practice_x.pk, None, "Unsere Ergebnisse")
    points = [(t.code, t.offset_days, t.before_days, t.after_days, t.instruments) for t in schedule.timepoints.all()]
    assert points == [("baseline", 0, 0, 14, ["peg", "phq4"]), ("6w", 42, 3, 14, ["peg", "phq4"]),
                      ("3m", 91, 7, 21, ["peg", "phq4"])]
    listed = login(world.assistant_x).get(reverse("studies:schedules"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Unsere Ergebnisse" in listed and "PEG" in listed and "3 days before to 14 days after" in listed
    other = login(world.clinician_y).get(reverse("studies:schedules")).content.decode()
    assert "Unsere Ergebnisse" not in other  # practice Y sees only its own


def test_a_window_opening_before_the_start_is_refused(world: Any, login: Any) -> None:
    client = login(world.admin_x)
    page = client.post(reverse("studies:schedule_create"), _form(tp0_before=2), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "opens before the start" in page.content.decode()
    assert not Schedule.objects.exists()


def test_only_the_practice_admin_sets_up_schedules(world: Any, login: Any) -> None:
    assert login(world.clinician_x).post(reverse("studies:schedule_create"), _form()).status_code == 404
    assert not Schedule.objects.exists()


def test_staff_start_a_patient_and_the_questionnaires_are_due(world: Any, login: Any) -> None:
    schedule = services.schedule_create(practice=world.practice_x, name="Unsere Ergebnisse", timepoints=[
        services.TimePointSpec("baseline", "Baseline", 0, ("peg",), 0, 14),
        services.TimePointSpec("3m", "3 months", 91, ("peg",), 7, 21),
    ])
    client = login(world.assistant_x)
    patient_page = reverse("studies:patient", kwargs={"patient_id": world.patient_a.pk})
    assert 'data-testid="schedule-enrol"' in client.get(patient_page).content.decode()
    url = reverse("studies:schedule_enrol", kwargs={"patient_id": world.patient_a.pk})
    response = client.post(url, {"schedule": schedule.pk, "start_date": timezone.localdate().isoformat()})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert (enrolment.schedule_id, enrolment.study_id, enrolment.pseudonym) == (schedule.pk, None, "")
    assert Assessment.objects.filter(enrolment=enrolment).count() == 2
    worklist = client.get(reverse("studies:worklist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert world.patient_a.display_name in worklist and "Unsere Ergebnisse" in worklist
    world.patient_a.language = "en"  # patient pages speak the patient's language (issue 14, item 6)
    world.patient_a.save()
    mine = login(world.patient_a_user).get(reverse("me:questionnaires"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    baseline = Assessment.objects.get(enrolment=enrolment, timepoint__code="baseline")
    assert reverse("me:questionnaire", kwargs={"assessment_id": baseline.pk}) in mine
    # Once on it, the schedule is no longer offered; a second start is refused.
    again = login(world.assistant_x)
    assert 'data-testid="schedule-enrol"' not in again.get(patient_page).content.decode()
    again.post(url, {"schedule": schedule.pk})
    assert Enrolment.objects.count() == 1


def test_another_practices_schedule_cannot_be_used(world: Any, login: Any) -> None:
    theirs = services.schedule_create(practice=world.practice_y, name="Y", timepoints=[
        services.TimePointSpec("baseline", "Baseline", 0, ("peg",), 0, 14)])
    client = login(world.clinician_x)
    url = reverse("studies:schedule_enrol", kwargs={"patient_id": world.patient_a.pk})
    response = client.post(url, {"schedule": theirs.pk}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Please choose one of the practice" in response.content.decode() and not Enrolment.objects.exists()
