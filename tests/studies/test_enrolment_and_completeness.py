"""Enrolment with research consent, what is due when, dropouts, and the completeness dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from backactive.studies import selectors, services
from backactive.studies.models import Assessment, Enrolment

from .helpers import ANSWERS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    """The services' messages are matched in English here (the pages' German is tested with them)."""
    with translation.override("en"):
        yield


@pytest.fixture
def running(study: Any, coordinator: Any) -> Any:
    services.study_randomise(study=study, by=coordinator)
    study.refresh_from_db()
    return study


def enrol(study: Any, patient: Any, by: Any, days_ago: int) -> Enrolment:
    return services.enrolment_create(
        patient=patient,
        study=study,
        by=by,
        consent_given=True,
        start_date=timezone.localdate() - dt.timedelta(days=days_ago),
        shown_consent_version=services.consent_version(study.consent_text),
    )


def answer(enrolment: Enrolment, timepoint: str, code: str, by: Any, day: int) -> None:
    assessment = Assessment.objects.get(enrolment=enrolment, timepoint__code=timepoint, instrument=code)
    services.assessment_enter(
        assessment=assessment,
        answers=ANSWERS[code],
        user=by,
        source="paper",
        answered_on=enrolment.start_date + dt.timedelta(days=day),
    )


def test_enrolment_needs_consent_to_this_studys_text_and_a_running_study(study: Any, world: Any) -> None:
    with pytest.raises(ValidationError, match="once the practices are randomised"):
        enrol(study, world.patient_a, world.clinician_x, 0)
    services.study_randomise(study=study, by=study.coordinators.get())
    with pytest.raises(ValidationError, match="consent"):
        services.enrolment_create(patient=world.patient_a, study=study, by=world.clinician_x, consent_given=False)
    with pytest.raises(ValidationError, match="consent text has changed"):
        services.enrolment_create(
            patient=world.patient_a,
            study=study,
            by=world.clinician_x,
            consent_given=True,
            shown_consent_version="0000000000000000",
        )
    enrolment = enrol(study, world.patient_a, world.clinician_x, 0)
    assert enrolment.consent_version == services.consent_version(study.consent_text)
    assert enrolment.pseudonym.startswith("RA1-") and "Anna" not in enrolment.pseudonym
    assert enrolment.arm is not None and enrolment.consented_at is not None
    assert Assessment.objects.filter(enrolment=enrolment).count() == 16  # 4 time points x 4 questionnaires
    with pytest.raises(ValidationError, match="enrolled already"):
        enrol(study, world.patient_a, world.clinician_x, 0)


def test_a_patient_of_a_practice_outside_the_study_cannot_be_enrolled(running: Any, world: Any) -> None:
    from backactive.accounts.models import Practice
    from backactive.patients.models import Patient

    outsider = Patient.objects.create(practice=Practice.objects.create(name="Z"), display_name="Zora")
    with pytest.raises(ValidationError, match="does not take part"):
        enrol(running, outsider, world.clinician_x, 0)


def test_what_is_due_moves_with_the_windows(running: Any, world: Any) -> None:
    enrolment = enrol(running, world.patient_a, world.clinician_x, days_ago=40)  # 6 weeks (day 42) opens on day 39
    today = timezone.localdate()
    due = selectors.due_for_patient(world.patient_a, today)
    assert {(r.assessment.timepoint.code, r.state) for r in due} == {("6w", "due")}
    states = {r.assessment.timepoint.code: r.state for r in selectors.rows_for_patient(world.patient_a, today)}
    assert states == {"baseline": "missing", "6w": "due", "3m": "upcoming", "6m": "upcoming"}
    for code in ANSWERS:
        answer(enrolment, "6w", code, world.assistant_x, day=40)
    assert selectors.due_for_patient(world.patient_a, today) == []


def test_completeness_dashboard_counts_patients_per_time_point(running: Any, world: Any) -> None:
    a = enrol(running, world.patient_a, world.clinician_x, days_ago=100)
    y = enrol(running, world.patient_y, world.clinician_y, days_ago=50)
    for code in ANSWERS:
        answer(a, "baseline", code, world.assistant_x, day=2)
    answer(a, "6w", "phq4", world.assistant_x, day=44)  # one of four: the time point stays incomplete
    services.enrolment_withdraw(enrolment=y, reason="no_time", on=y.start_date + dt.timedelta(days=45))
    table = {c.timepoint: c for c in selectors.study_completeness(running, timezone.localdate())}
    assert (table["baseline"].done, table["baseline"].missing, table["baseline"].completion_rate) == (1, 1, 0.5)
    assert table["baseline"].median_days_late == 2
    assert (table["6w"].missing, table["6w"].withdrawn, table["6w"].dropout_reasons) == (1, 1, {"no_time": 1})
    assert (table["3m"].open, table["3m"].withdrawn) == (1, 1)
    assert (table["6m"].upcoming, table["6m"].completion_rate) == (1, None)


def test_worklist_lists_what_needs_someone_missing_first(running: Any, world: Any) -> None:
    enrol(running, world.patient_a, world.clinician_x, days_ago=100)
    enrol(running, world.patient_y, world.clinician_y, days_ago=0)
    rows = selectors.worklist(world.practice_x, timezone.localdate())
    assert {r.enrolment.patient for r in rows} == {world.patient_a}  # practice Y's patient is not on X's list
    # One line per patient and time point (its four questionnaires together): baseline and 6 weeks
    # missing, 3 months overdue (window 84–112 days, target day 91 passed).
    assert [(r.timepoint.code, r.state) for r in rows] == [("baseline", "missing"), ("6w", "missing"),
                                                           ("3m", "overdue")]


def test_withdrawal_needs_a_reason_and_happens_once(running: Any, world: Any) -> None:
    enrolment = enrol(running, world.patient_a, world.clinician_x, 0)
    with pytest.raises(ValidationError, match="reason"):
        services.enrolment_withdraw(enrolment=enrolment, reason="")
    services.enrolment_withdraw(enrolment=enrolment, reason="health")
    with pytest.raises(ValidationError, match="left already"):
        services.enrolment_withdraw(enrolment=enrolment, reason="health")


def test_a_practice_schedule_without_a_study(world: Any) -> None:
    schedule = services.schedule_create(
        practice=world.practice_x,
        name="Eigene Verlaufsmessung",
        timepoints=[
            services.TimePointSpec("start", "Start", 0, ("peg",)),
            services.TimePointSpec("3m", "3 Monate", 91, ("peg",)),
        ],
    )
    enrolment = services.schedule_enrol(patient=world.patient_a, schedule=schedule, by=world.assistant_x)
    assert enrolment.study is None and enrolment.pseudonym == ""
    assert [r.state for r in selectors.due_for_patient(world.patient_a, timezone.localdate())] == ["due"]
    with pytest.raises(ValidationError, match="already"):
        services.schedule_enrol(patient=world.patient_a, schedule=schedule, by=world.assistant_x)
    with pytest.raises(ValidationError, match="not one of the practice"):
        services.schedule_enrol(patient=world.patient_y, schedule=schedule, by=world.clinician_y)
