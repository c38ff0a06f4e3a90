"""The analysis export: one row per participant and time point, scores matching the scoring
manuals' worked examples, item answers, pseudonyms only; a codebook line for every column."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone

from backactive.studies import export, services
from backactive.studies.models import Assessment

from .helpers import ANSWERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(study: Any, coordinator: Any, world: Any) -> tuple[list[dict[str, str]], str]:
    services.study_randomise(study=study, by=coordinator)
    today = timezone.localdate()
    a = services.enrolment_create(
        patient=world.patient_a,
        study=study,
        by=world.clinician_x,
        consent_given=True,
        start_date=today - dt.timedelta(days=60),
    )
    services.enrolment_create(
        patient=world.patient_y,
        study=study,
        by=world.clinician_y,
        consent_given=True,
        start_date=today - dt.timedelta(days=20),
    )
    for code, answers in ANSWERS.items():
        assessment = Assessment.objects.get(enrolment=a, timepoint__code="baseline", instrument=code)
        services.assessment_enter(
            assessment=assessment,
            answers=answers,
            user=world.assistant_x,
            source="paper",
            answered_on=a.start_date + dt.timedelta(days=3),
        )
    text = export.analysis_csv(study, today)
    return list(csv.DictReader(io.StringIO(text))), text


def test_one_row_per_participant_and_time_point(exported: Any) -> None:
    rows, _ = exported
    assert len(rows) == 8
    assert [r["timepoint"] for r in rows[:4]] == ["baseline", "6w", "3m", "6m"]
    assert all(r["study"] == "RA1" and r["participant"].startswith("RA1-") for r in rows)


def test_scores_match_the_worked_examples_and_items_are_there(exported: Any) -> None:
    rows, _ = exported
    done = next(r for r in rows if r["status"] == "done")
    assert done["timepoint"] == "baseline" and done["days_late"] == "3" and done["ipaq_sf_day"] == "3"
    assert (done["ipaq_sf_met_minutes_week"], done["ipaq_sf_category"]) == ("2295.0", "high")
    assert (done["gcps_characteristic_pain_intensity"], done["gcps_disability_points"], done["gcps_grade"]) == (
        "63",
        "3",
        "3",
    )
    assert done["peg_score"] == "6.33"
    assert (done["phq4_phq2"], done["phq4_phq2_positive"], done["phq4_gad2_positive"]) == ("3", "1", "0")
    assert done["phq4_interest"] == "2" and done["gcps_disability_days"] == "10" and done["peg_source"] == "paper"


def test_nothing_identifying_leaves(exported: Any, world: Any) -> None:
    _, text = exported
    cells = {cell for line in text.splitlines() for cell in line.split(",")}
    for name in ("Anna A", "Yvonne Y", "Praxis X", "Praxis Y", "patient_a"):
        assert name not in text
    # The practice-software number as a value (as a substring it may occur in a random pseudonym).
    assert world.patient_a.pvs_number not in cells
    assert str(timezone.localdate().year) not in text.split("\n", 1)[1]  # no calendar dates, only days


def test_the_codebook_describes_every_column(study: Any, exported: Any) -> None:
    rows, _ = exported
    book = list(csv.DictReader(io.StringIO(export.codebook_csv(study))))
    assert [b["variable"] for b in book] == list(rows[0].keys())
    assert all(b["description"] and b["type"] for b in book)
    by_name = {b["variable"]: b for b in book}
    assert by_name["phq4_down"]["values"] == "0-3" and by_name["phq4_phq2_positive"]["type"] == "0/1"
