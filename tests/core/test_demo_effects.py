"""The demo shows every kind of activity-and-pain answer, each honest about its uncertainty."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from backactive.diary.effects import Effects, statements
from backactive.diary.models import DiaryEffects


@pytest.mark.django_db
def test_the_demo_patients_show_missing_unclear_lower_and_pacing() -> None:
    call_command("demo", stdout=io.StringIO())
    found = {row.patient.display_name: Effects.from_dict(row.result)
             for row in DiaryEffects.objects.select_related("patient")}
    assert len(found) == 14  # stored for every demo patient, though written in bulk
    assert not found["Anastasia"].enough_data
    assert statements(found["Anastasia"], "de").missing.startswith("noch ")  # type: ignore[union-attr]
    lower = {n for n, e in found.items() if e.next_day and e.next_day.lower_after_activity}
    unclear = {n for n, e in found.items() if e.next_day and not e.next_day.clear}
    assert {"Inge", "Dmytro", "Cordula"} <= lower and len(unclear) >= 5
    assert found["Hans"].long_session_pattern and found["Hans"].pacing_advised
    assert statements(found["Hans"], "en").patient.startswith("Shorter sessions seem to suit you better")


@pytest.mark.django_db
def test_the_demo_plans_are_dated_at_their_consultations_so_progress_compares() -> None:
    """Issue 14: plans dated today gave no patient's progress page a comparison."""
    from backactive.consultations.models import Plan
    from backactive.me.selectors import progress

    call_command("demo", stdout=io.StringIO())
    plans = list(Plan.objects.select_related("consultation", "patient"))
    assert plans and all(timezone.localdate(p.created_at) == p.consultation.date for p in plans)  # type: ignore[union-attr]
    inge = next(p.patient for p in plans if p.patient.display_name == "Inge")
    assert "started today" not in progress(inge).sentence and "→" in progress(inge).sentence
