"""The patient's progress page: what activity goes together with, in plain words only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from backactive.diary import services
from backactive.diary.models import ActivityEntry, PainEntry

TODAY = dt.date.today()


def diary(patient: Any, *, effect: float) -> None:
    for d in range(56):
        day = TODAY - dt.timedelta(days=d)
        yesterday_active = (d + 1) % 2 == 0
        PainEntry.objects.create(patient=patient, date=day, pain=round(5 + effect * yesterday_active + (d % 3 - 1)))
        if d % 2 == 0:
            ActivityEntry.objects.create(patient=patient, date=day, activity="walking", minutes=30)
    services.diary_effects_refresh(patient_id=patient.pk)


def test_less_pain_after_activity_in_the_patients_words(world: Any, login: Any) -> None:
    diary(world.patient_a, effect=-2)
    body = login(world.patient_a_user).get(reverse("me:progress"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "In Ihren Einträgen war der Schmerz am Tag nach Bewegung im Mittel" in body
    assert "es ist kein Beweis" in body and 'class="pa-effects"' not in body  # words, no statistics


def test_more_pain_after_activity_reaches_the_patient_only_as_pacing_advice(world: Any, login: Any) -> None:
    world.patient_a.language = "en"  # the patient's pages follow their record's language
    world.patient_a.save()
    diary(world.patient_a, effect=2)
    body = login(world.patient_a_user).get(reverse("me:progress"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = body.split('data-testid="effects"', 1)[1].split("</section>", 1)[0]
    assert "Shorter sessions seem to suit you better" in section
    assert "higher" not in section and "worse" not in section and "pain" not in section.split("</h2>", 1)[1]
    gp = login(world.clinician_x).get(reverse("consultations:overview", args=[world.patient_a.pk]),
                                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Higher after active days" in gp and "suggest pacing" in gp
