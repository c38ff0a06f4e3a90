"""Issue 20's boundary "one scoring module, one stored answer": the PHQ-2 asked in a consultation is
a stored questionnaire response (the same record a PHQ-4 on the phone or on paper gives); a PHQ-2
answered in the two weeks before is used instead of asking again; the GP screen shows a mood
screen once (the alert banner while unseen, then the yellow flags), never twice."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from backactive.consultations.models import Consultation
from backactive.consultations.plans import plan_suggestions
from backactive.consultations.services import consultation_create
from backactive.questionnaires.models import Response
from backactive.questionnaires.selectors import current_answers, open_alerts, phq2_latest
from backactive.questionnaires.services import alert_seen, response_enter

BASE: dict[str, Any] = {"pain_now": 5, "pain_average": 5, "days_per_week": 2, "minutes_per_day": 20}


def _create(world: Any, **changes: Any) -> Consultation:
    data = {**BASE, "date": timezone.localdate(), **changes}
    return consultation_create(patient=world.patient_a, clinician=world.clinician_x, data=data)


def _phq4_by_patient(world: Any, *, days_ago: int, interest: int = 2, down: int = 2) -> Response:
    return response_enter(patient=world.patient_a, instrument_code="phq4", user=world.patient_a_user,
                          answers={"nervous": 0, "worry": 1, "interest": interest, "down": down}, source="patient",
                          answered_on=timezone.localdate() - dt.timedelta(days=days_ago))


def _yellow_line(html: str) -> str:
    found = re.search(r'<p class="yellow-flags">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def test_phq2_asked_in_the_consultation_is_one_stored_questionnaire_response(world: Any, login: Any) -> None:
    before = Response.objects.filter(patient=world.patient_a).count()
    c = _create(world, phq2_interest=3, phq2_down=1)
    (stored,) = Response.objects.filter(patient=world.patient_a)[: before + 1]
    assert c.phq2_id == stored.pk and Response.objects.filter(patient=world.patient_a).count() == before + 1
    assert (stored.instrument, stored.source, stored.answered_on) == ("phq2", "consultation", c.date)
    assert stored.scores == {"total": 4, "positive": True} and current_answers(stored) == {"interest": 3, "down": 1}
    assert {a.entered_by_id for a in stored.answers.all()} == {world.clinician_x.pk}
    # The GP entered it: no alert waits for them; the yellow flags show it.
    assert stored.alert_seen_by_id == world.clinician_x.pk and not open_alerts(world.patient_a).exists()
    latest = phq2_latest(world.patient_a)
    assert latest is not None and (latest.total, latest.positive, latest.response_id) == (4, True, stored.pk)
    page = login(world.clinician_x).get(reverse("consultations:detail", args=[c.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "PHQ-2 4/6" in page.content.decode() and "positive: ask about low mood" in page.content.decode()


def test_a_recent_phq4_of_the_patient_is_used_and_not_asked_again(world: Any, login: Any) -> None:
    phq4 = _phq4_by_patient(world, days_ago=3)
    form = login(world.clinician_x).get(reverse("consultations:create", args=[world.patient_a.pk]),
                                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="recent-phq2"' in form and "4/6" in form and "No need to ask" in form
    count = Response.objects.count()
    c = _create(world)  # the two PHQ-2 questions left empty
    assert c.phq2_id == phq4.pk and Response.objects.count() == count  # one stored answer, not two
    assert "mood_talk" in [i["code"] for i in plan_suggestions(consultation=c, lang="en")["items"]]


def test_an_older_phq4_is_not_taken_for_todays_consultation(world: Any) -> None:
    _phq4_by_patient(world, days_ago=15)
    c = _create(world)
    assert c.phq2_id is None
    assert "mood_talk" not in [i["code"] for i in plan_suggestions(consultation=c, lang="en")["items"]]


def test_the_gp_screen_shows_a_positive_screen_once(world: Any, login: Any) -> None:
    phq4 = _phq4_by_patient(world, days_ago=1)
    client = login(world.clinician_x)
    url = reverse("consultations:overview", args=[world.patient_a.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count('data-testid="screen-alert"') == 1 and "PHQ-2" not in _yellow_line(html)
    alert_seen(response=phq4, user=world.clinician_x)
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    line = _yellow_line(html)
    assert 'data-testid="screen-alert"' not in html
    assert "PHQ-2 4/6" in line and "positive: ask about low mood" in line
    assert phq4.answered_on is not None and f"{phq4.answered_on:%m/%d/%Y}" in line  # dated: not from a visit
