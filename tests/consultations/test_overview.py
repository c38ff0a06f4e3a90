"""The GP screen (consultations:overview at /patients/<id>/): bounded queries, chart, sentence, table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backactive.diary.models import ActivityEntry, PainEntry
from backactive.patients.models import Patient

# The GP page is one request with a fixed number of queries, whatever the diary's length:
# session + user, patient, the audit trail's INSERT (who viewed the record), consultations, the
# diary series, plan + items, the stored activity-and-pain analysis; the follow-up panel adds the
# last four weeks of the diary, the suggestions for last visit's answers (the practice, its offer
# directories and the offers nearby, the analysis) and the practice's GPs; the suggestions read
# the practice's own exercise list (its own exercises, the library exercises it switched off);
# study mode adds positive mood screens not yet seen and the newest PHQ-2 from any source (yellow flags).
# A GP also gets the practice's open emergency alerts (the banner on every GP page) and every
# user a plan draft waiting for a GP's sign-off.
QUERY_BOUND = 27


def _fill(patient: Patient, days: int) -> None:
    today = dt.date.today()
    PainEntry.objects.bulk_create(PainEntry(patient=patient, date=today - dt.timedelta(days=d), pain=d % 11)
                                  for d in range(days))
    ActivityEntry.objects.bulk_create(
        ActivityEntry(patient=patient, date=today - dt.timedelta(days=d), activity="walking", minutes=20)
        for d in range(days)
    )


def test_patient_page_query_count_is_bounded(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    url = reverse("consultations:overview", args=[world.patient_a.pk])
    _fill(world.patient_a, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _fill(world.patient_b, 0)
    PainEntry.objects.all().delete()
    ActivityEntry.objects.all().delete()
    _fill(world.patient_a, 365)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small) <= QUERY_BOUND, [q["sql"] for q in large.captured_queries]
    assert "svg" in response.content.decode()


def test_patient_page_shows_chart_sentence_and_table(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    _fill(world.patient_a, 60)
    url = reverse("consultations:overview", args=[world.patient_a.pk])
    # the only consultation was 3 days ago: too soon to compare, and the page says so
    assert "Not enough diary entries yet" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    world.consultation_a.__class__.objects.filter(pk=world.consultation_a.pk).update(
        date=dt.date.today() - dt.timedelta(days=14))
    url = reverse("consultations:overview", args=[world.patient_a.pk])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'role="img"' in body and "<title" in body and "<desc" in body
    assert "Chart as a table" in body
    assert "Since the consultation on" in body and "min/week" in body


def test_chart_table_writes_numbers_and_dates_in_the_page_language(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday() + 14)
    PainEntry.objects.bulk_create(PainEntry(patient=world.patient_a, date=monday + dt.timedelta(days=d),
                                            pain=6 + d % 2) for d in range(4))
    ActivityEntry.objects.create(patient=world.patient_a, date=monday, activity="walking", minutes=1200)
    url = reverse("consultations:overview", args=[world.patient_a.pk])
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<td>{monday:%d.%m.%Y}</td><td>1.200</td><td>6,5</td>" in german
    assert f"<td>{monday:%m/%d/%Y}</td><td>1,200</td><td>6.5</td>" in english
