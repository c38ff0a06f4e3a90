"""Migration 0004 moves a consultation's two PHQ-2 columns into one stored questionnaire response
(and back): nothing recorded before issue 20 is lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("consultations", "0003_yellow_flags_mobility_clearances_safety_net"), ("questionnaires", "0001_initial")]
AFTER = [("consultations", "0004_phq2_as_questionnaire_response")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # The models as the database now has them: the named apps at their targets, the patients at
    # their newest migration (going back in consultations leaves the patient's language column).
    patients = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "patients"]
    return executor.loader.project_state(targets + patients).apps


def _migrate_to_the_latest() -> None:
    """Back to every app's newest migration (going back to 0003 also undid the consultation
    migrations that came after 0004 on other branches: levels, accountability, drafts), so the
    tests after this one find the schema they expect, also when this one fails."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def restore_schema() -> Any:
    yield
    _migrate_to_the_latest()


@pytest.mark.django_db(transaction=True)
def test_phq2_columns_become_one_response_and_come_back(restore_schema: Any) -> None:
    old = _migrate(BEFORE)
    practice = old.get_model("accounts", "Practice").objects.create(name="P", postcode="35037")
    gp = old.get_model("accounts", "User").objects.create(username="gp_m", role="clinician", practice=practice)
    patient = old.get_model("patients", "Patient").objects.create(practice=practice, display_name="M", clinician=gp,
                                                                  language="de")
    consultation = old.get_model("consultations", "Consultation")
    base = {"patient": patient, "clinician": gp, "pain_now": 4, "pain_average": 4, "days_per_week": 1,
            "minutes_per_day": 10, "minutes_per_week": 10}
    asked = consultation.objects.create(date=dt.date(2026, 10, 1), phq2_interest=2, phq2_down=2, **base)
    consultation.objects.create(date=dt.date(2026, 10, 8), **base)  # not asked

    new = _migrate(AFTER)
    response = new.get_model("questionnaires", "Response").objects.get()
    assert new.get_model("consultations", "Consultation").objects.get(pk=asked.pk).phq2_id == response.pk
    day = dt.date(2026, 10, 1)
    assert (response.instrument, response.source, response.answered_on) == ("phq2", "consultation", day)
    assert response.scores == {"total": 4, "positive": True} and response.alert_seen_by_id == gp.pk
    answers = new.get_model("questionnaires", "Answer").objects.filter(response=response)
    assert {(a.item, a.value, a.entered_by_id) for a in answers} == {("interest", 2, gp.pk), ("down", 2, gp.pk)}

    back = _migrate(BEFORE)
    restored = back.get_model("consultations", "Consultation").objects.get(pk=asked.pk)
    assert (restored.phq2_interest, restored.phq2_down) == (2, 2)
