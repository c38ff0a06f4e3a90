"""The pseudonymised analysis export of a study: one CSV row per participant and time point with
scores and item answers, and its codebook (one row per column).

Nothing identifying leaves: participants and practices appear by their study pseudonyms, dates as
days since the participant's start. Scores come from the scoring module, so they match
``backactive questionnaire score`` for the same answers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from backactive import questionnaires
from backactive.questionnaires.models import Answer

from .models import Study, StudyPractice
from .selectors import Row, study_rows, visit_state

BASE_COLUMNS: list[tuple[str, str, str, str]] = [
    # name, type, values, description
    ("study", "text", "", "study code"),
    ("practice", "text", "", "practice pseudonym (the cluster)"),
    ("arm", "text", "", "arm code of the practice's allocation"),
    ("control", "0/1", "0, 1", "1 if the arm is the control arm (questionnaires only)"),
    ("stratum", "text", "small, large", "practice size stratum used for the randomisation"),
    ("participant", "text", "", "participant pseudonym"),
    ("timepoint", "text", "", "time point code"),
    ("timepoint_day", "integer", "", "target day of the time point, days after the participant's start"),
    ("status", "text", "done, missing, overdue, due, upcoming, withdrawn", "state of the time point on the export day"),
    ("days_late", "integer", ">= 0", "days after the target day the last questionnaire was answered (done only)"),
    ("withdrawn_day", "integer", "", "day of withdrawal after the start (empty if still taking part)"),
    (
        "withdrawal_reason",
        "text",
        "no_time, health, not_helpful, moved, no_contact, consent_withdrawn, other",
        "reason for leaving the study",
    ),
]
SCORE_TYPES = {bool: "0/1", int: "integer", float: "number", str: "text"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    values: str
    description: str


def _score_columns(code: str) -> list[Column]:
    """The score names of an instrument, found by scoring its lowest possible answers."""
    instrument = questionnaires.instrument(code)
    lowest = {item.key: item.min for item in instrument.items}
    try:
        sample = questionnaires.score(code, lowest)
    except questionnaires.AnswerError:  # never for the shipped instruments; keeps the export usable
        sample = {}
    items = set(instrument.keys)  # a score that repeats an answer (IPAQ's sitting minutes) is the item's column
    return [
        Column(f"{code}_{name}", SCORE_TYPES[type(value)], "", f"{instrument.title.en}: score '{name}'")
        for name, value in sample.items()
        if name not in items
    ]


def columns(study: Study) -> list[Column]:
    cols = [Column(*c) for c in BASE_COLUMNS]
    codes = sorted({code for tp in study.schedule.timepoints.all() for code in tp.instruments})
    for code in codes:
        instrument = questionnaires.instrument(code)
        cols.append(
            Column(
                f"{code}_source", "text", "patient, paper, consultation", f"{instrument.title.en}: how it was answered"
            )
        )
        cols.append(Column(f"{code}_day", "integer", "", f"{instrument.title.en}: day answered, after the start"))
        cols += _score_columns(code)
        cols += [
            Column(f"{code}_{item.key}", "integer", f"{item.min}-{item.max}", f"{instrument.title.en}: {item.label.en}")
            for item in instrument.items
        ]
    return cols


def _value(value: object) -> object:
    return int(value) if isinstance(value, bool) else value


def rows(study: Study, today: dt.date) -> list[dict[str, object]]:
    members = {m.practice_id: m for m in StudyPractice.objects.filter(study=study).select_related("arm")}
    all_rows = study_rows(study, today)
    response_ids = [r.assessment.response_id for r in all_rows if r.completed_on is not None]
    answers: dict[int, dict[str, int]] = {}
    for a in Answer.objects.filter(response_id__in=response_ids, replaced_at__isnull=True):
        answers.setdefault(a.response_id, {})[a.item] = a.value
    visits: dict[tuple[int, int], list[Row]] = {}
    for row in all_rows:
        visits.setdefault((row.enrolment.pk, row.assessment.timepoint_id), []).append(row)
    out = []
    for group in sorted(
        visits.values(), key=lambda g: (g[0].enrolment.pseudonym, g[0].assessment.timepoint.offset_days)
    ):
        enrolment, tp = group[0].enrolment, group[0].assessment.timepoint
        member = members[enrolment.patient.practice_id]
        state, late = visit_state(group)
        line: dict[str, object] = {
            "study": study.code,
            "practice": member.pseudonym,
            "arm": enrolment.arm.code if enrolment.arm else "",
            "control": int(bool(enrolment.arm and enrolment.arm.is_control)),
            "stratum": member.stratum,
            "participant": enrolment.pseudonym,
            "timepoint": tp.code,
            "timepoint_day": tp.offset_days,
            "status": state,
            "days_late": late,
            "withdrawn_day": (enrolment.withdrawn_on - enrolment.start_date).days if enrolment.withdrawn_on else None,
            "withdrawal_reason": enrolment.withdrawal_reason,
        }
        for row in group:
            code, response = row.assessment.instrument, row.assessment.response
            if row.completed_on is None or response is None:
                continue
            line[f"{code}_source"] = response.source
            line[f"{code}_day"] = (row.completed_on - enrolment.start_date).days
            line.update({f"{code}_{k}": _value(v) for k, v in questionnaires.score(code, answers[response.pk]).items()})
            line.update({f"{code}_{k}": v for k, v in answers[response.pk].items()})
        out.append(line)
    return out


def _csv(header: list[str], lines: Iterable[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(lines)
    return buffer.getvalue()


def analysis_csv(study: Study, today: dt.date) -> str:
    names = [c.name for c in columns(study)]
    return _csv(
        names, ([("" if line.get(n) is None else line.get(n, "")) for n in names] for line in rows(study, today))
    )


def codebook_csv(study: Study) -> str:
    return _csv(
        ["variable", "type", "values", "description"],
        ([c.name, c.type, c.values, c.description] for c in columns(study)),
    )
