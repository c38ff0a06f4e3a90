"""Reads of study mode: what is due for whom, the staff worklist, completeness per time point."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from backactive.accounts.models import Practice
from backactive.patients.models import Patient
from backactive.questionnaires import instrument

from . import timeline
from .models import Assessment, Enrolment, Study

SEVERITY = {"missing": 0, "overdue": 1, "due": 2, "upcoming": 3, "done": 4, "withdrawn": 5}


@dataclass(frozen=True)
class Row:
    assessment: Assessment
    window: timeline.Window
    state: str
    completed_on: dt.date | None

    @property
    def enrolment(self) -> Enrolment:
        return self.assessment.enrolment

    @property
    def days_late(self) -> int | None:
        return timeline.days_late(self.window, self.completed_on) if self.completed_on else None

    @property
    def short(self) -> str:
        return instrument(self.assessment.instrument).short

    @property
    def started(self) -> bool:
        return self.assessment.response_id is not None and self.completed_on is None


def _rows(assessments: QuerySet[Assessment], today: dt.date) -> list[Row]:
    rows = []
    for a in assessments.select_related(
        "enrolment__patient", "enrolment__arm", "enrolment__study", "enrolment__schedule", "timepoint", "response"
    ):
        tp, enrolment = a.timepoint, a.enrolment
        w = timeline.window(
            enrolment.start_date, offset_days=tp.offset_days, before_days=tp.before_days, after_days=tp.after_days
        )
        completed = a.response.answered_on if a.response is not None and a.response.complete else None
        state = timeline.state(w, today=today, completed_on=completed, withdrawn_on=enrolment.withdrawn_on)
        rows.append(Row(assessment=a, window=w, state=state, completed_on=completed))
    return rows


def rows_for_patient(patient: Patient, today: dt.date) -> list[Row]:
    return _rows(Assessment.objects.filter(enrolment__patient=patient), today)


def due_for_patient(patient: Patient, today: dt.date) -> list[Row]:
    """What the patient pages offer now: open windows (due or overdue), soonest first."""
    rows = [r for r in rows_for_patient(patient, today) if r.state in timeline.OPEN]
    return sorted(rows, key=lambda r: (r.window.target, r.assessment.instrument))


@dataclass(frozen=True)
class Visit:
    """One participant at one time point: its questionnaires together, as the worklist shows them."""

    rows: list[Row]
    state: str

    @property
    def enrolment(self) -> Enrolment:
        return self.rows[0].enrolment

    @property
    def timepoint(self) -> Any:
        return self.rows[0].assessment.timepoint

    @property
    def window(self) -> timeline.Window:
        return self.rows[0].window

    @property
    def open_rows(self) -> list[Row]:
        return [r for r in self.rows if r.state != "done"]


def visits(rows: list[Row]) -> list[Visit]:
    grouped: dict[tuple[int, int], list[Row]] = {}
    for row in rows:
        grouped.setdefault((row.enrolment.pk, row.assessment.timepoint_id), []).append(row)
    return [Visit(rows=group, state=visit_state(group)[0]) for group in grouped.values()]


def worklist(
    practice: Practice, today: dt.date, *, states: frozenset[str] = frozenset({"due", "overdue", "missing"})
) -> list[Visit]:
    """The practice's participants whose questionnaires need someone, one line per time point:
    missing first, then overdue, then due."""
    rows = _rows(Assessment.objects.filter(enrolment__patient__practice=practice), today)
    wanted = [v for v in visits(rows) if v.state in states]
    return sorted(wanted, key=lambda v: (SEVERITY[v.state], v.window.target, v.enrolment.patient.display_name))


def study_rows(study: Study, today: dt.date) -> list[Row]:
    return _rows(Assessment.objects.filter(enrolment__study=study), today)


def visit_state(rows: list[Row]) -> tuple[str, int | None]:
    """One patient at one time point (all its questionnaires): done when every one is answered
    (late by the last of them), otherwise the most pressing state among the unanswered."""
    if all(r.state == "done" for r in rows):
        return "done", max(r.days_late or 0 for r in rows)
    open_rows = [r for r in rows if r.state != "done"]
    return min((r.state for r in open_rows), key=lambda s: SEVERITY[s]), None


def study_completeness(study: Study, today: dt.date) -> list[timeline.Completeness]:
    """The dashboard: one line per time point, counting patients (a time point is complete when
    all its questionnaires are answered), with the dropouts and their reasons."""
    visits: dict[tuple[int, int], list[Row]] = {}
    for row in study_rows(study, today):
        visits.setdefault((row.enrolment.pk, row.assessment.timepoint_id), []).append(row)
    rows = []
    for group in visits.values():
        state, late = visit_state(group)
        rows.append(
            timeline.Row(
                timepoint=group[0].assessment.timepoint.code,
                state=state,
                days_late=late,
                dropout_reason=group[0].enrolment.withdrawal_reason,
            )
        )
    return timeline.completeness(rows, [tp.code for tp in study.schedule.timepoints.all()])


def control_arm_hold(patient: Patient) -> str | None:
    """The control arm collects questionnaires only: no suggestions, no plan (registered with
    ``consultations.holds`` when the app starts)."""
    enrolment = (
        Enrolment.objects.filter(patient=patient, arm__is_control=True, withdrawn_on__isnull=True)
        .select_related("study")
        .first()
    )
    if enrolment is None or enrolment.study is None:
        return None
    return _(
        "This patient takes part in the study “%(study)s” in the control arm: questionnaires only, "
        "no suggestions and no plan."
    ) % {"study": enrolment.study.name}
