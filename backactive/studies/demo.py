"""A demo study for ``backactive demo``: the demo practice and a second (small) practice in a
two-arm study, randomised with a fixed seed; some demo patients enrolled weeks ago, part of their
questionnaires answered on paper, so the worklist and the dashboard have something to show.
The coordinator's login is ``studie``."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from backactive.accounts.models import Practice, Role, User
from backactive.patients.models import Patient

from . import services
from .models import AllocationRecord, Assessment, Enrolment, Study, StudyPractice

CODE = "DEMO"
COORDINATOR = "studie"
OTHER_PRACTICE = "Praxis am Markt (Studie)"
ANSWERS = {
    "ipaq_sf": {"vigorous_days": 0, "vigorous_minutes": 0, "moderate_days": 2, "moderate_minutes": 30,
                "walking_days": 5, "walking_minutes": 30, "sitting_minutes": 420},
    "gcps": {"pain_now": 5, "pain_worst": 8, "pain_average": 6, "disability_days": 10, "interference_daily": 5,
             "interference_social": 4, "interference_work": 6},
    "phq4": {"nervous": 1, "worry": 0, "interest": 1, "down": 1},
    "peg": {"pain_average": 5, "interference_enjoyment": 6, "interference_activity": 8},
}  # fmt: skip
# Demo patients (by display name) and how many days ago they started.
STARTS = {"Inge": 50, "Christian": 20, "Barbara": 100, "Karsten": 2}


@transaction.atomic
def demo_study_create(*, practice: Practice, password: str, today: dt.date) -> str:
    """The study with its coordinator; returns the coordinator's username."""
    coordinator = User(username=COORDINATOR, role=Role.COORDINATOR, first_name="Studien", last_name="koordination")
    coordinator.set_password(password)
    coordinator.save()
    other = Practice.objects.create(name=OTHER_PRACTICE, postcode="35037")
    study = services.study_create(
        # This seed puts the demo practice (the large stratum) into the BackActive arm, so the demo's
        # consultations keep their suggestions; the small practice gets the control arm.
        name="Rücken aktiv (Demo)", code=CODE, coordinator=coordinator, seed="demo-2026", size_cutoff=3,
        consent_text="Ich bin einverstanden, an der Studie teilzunehmen. Meine Antworten werden pseudonymisiert "
                     "ausgewertet. Ich kann jederzeit ohne Nachteile aussteigen.",
        arms=[services.ArmSpec("control", "Kontrolle: nur Fragebögen", is_control=True),
              services.ArmSpec("intervention", "BackActive")],
        timepoints=[services.TimePointSpec("baseline", "Ausgangserhebung", 0, tuple(ANSWERS), 0, 14),
                    services.TimePointSpec("6w", "6 Wochen", 42, tuple(ANSWERS), 3, 14),
                    services.TimePointSpec("3m", "3 Monate", 91, tuple(ANSWERS), 7, 21),
                    services.TimePointSpec("6m", "6 Monate", 182, tuple(ANSWERS), 7, 28)],
    )  # fmt: skip
    services.study_practice_add(study=study, practice=practice, size=4)
    services.study_practice_add(study=study, practice=other, size=1)
    services.study_randomise(study=study, by=coordinator)
    staff = User.objects.filter(practice=practice, role=Role.ASSISTANT).first() or coordinator
    for name, days in STARTS.items():
        patient = Patient.objects.filter(practice=practice, display_name=name).first()
        if patient is None:
            continue
        enrolment = services.enrolment_create(patient=patient, study=study, by=staff, consent_given=True,
                                              start_date=today - dt.timedelta(days=days))  # fmt: skip
        if days > 14:  # the baseline was answered on paper, two days after the start
            for code, answers in ANSWERS.items():
                assessment = Assessment.objects.get(enrolment=enrolment, timepoint__code="baseline", instrument=code)
                services.assessment_enter(assessment=assessment, answers=dict(answers), user=staff, source="paper",
                                          answered_on=enrolment.start_date + dt.timedelta(days=2))  # fmt: skip
    return coordinator.username


@transaction.atomic
def demo_study_delete() -> None:
    study = Study.objects.filter(code=CODE).first()
    if study is not None:
        Enrolment.objects.filter(study=study).delete()
        AllocationRecord.objects.filter(study=study).delete()
        StudyPractice.objects.filter(study=study).delete()
        study.delete()
    User.objects.filter(username=COORDINATOR, role=Role.COORDINATOR).delete()
    Practice.objects.filter(name=OTHER_PRACTICE).delete()
