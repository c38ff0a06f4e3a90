"""The GP screen beside the chart: the stored activity-and-pain analysis, never computed there."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from backactive.diary import services
from backactive.diary.models import ActivityEntry, PainEntry

TODAY = dt.date.today()


def diary(patient: Any, *, effect: float) -> None:
    """Eight weeks: active every other day, pain the next day ``effect`` points off (plus a
    repeating wobble), analysed as a write would."""
    for d in range(56):
        day = TODAY - dt.timedelta(days=d)
        yesterday_active = (d + 1) % 2 == 0
        PainEntry.objects.create(patient=patient, date=day, pain=round(5 + effect * yesterday_active + (d % 3 - 1)))
        if d % 2 == 0:
            ActivityEntry.objects.create(patient=patient, date=day, activity="walking", minutes=30)
    services.diary_effects_refresh(patient_id=patient.pk)


def test_the_dot_plot_and_the_sentence_sit_beside_the_chart(world: Any, login: Any) -> None:
    diary(world.patient_a, effect=-2)
    body = login(world.clinician_x).get(reverse("consultations:overview", args=[world.patient_a.pk]),
                                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = body.split('data-testid="effects"', 1)[1].split("</section>", 1)[0]
    assert 'class="pa-effects"' in section and 'role="img"' in section
    assert "Next-day pain after active days (20 min or more) minus after rest days" in section
    assert "not proof of a cause" in section


def test_without_enough_entries_the_gp_reads_what_is_missing(world: Any, login: Any) -> None:
    PainEntry.objects.create(patient=world.patient_a, date=TODAY, pain=4)
    services.diary_effects_refresh(patient_id=world.patient_a.pk)
    body = login(world.clinician_x).get(reverse("consultations:overview", args=[world.patient_a.pk]),
                                        HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Noch keine Aussage zu Bewegung und Schmerz möglich; es braucht noch 13 Tage mit Schmerzeintrag" in body
    assert 'class="pa-effects"' not in body


def test_the_page_never_analyses_in_its_request(world: Any, login: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    diary(world.patient_a, effect=0)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("analysed in the request")

    monkeypatch.setattr(services.effects, "analyse", fail)
    response = login(world.clinician_x).get(reverse("consultations:overview", args=[world.patient_a.pk]))
    assert response.status_code == 200 and 'data-testid="effects"' in response.content.decode()
