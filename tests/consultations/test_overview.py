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
# session + user, patient, the audit trail's INSERT (who viewed the record), consultations, pain
# series, activity series, plan + items, positive mood screens not yet seen (study mode), the newest
# PHQ-2 from any source (yellow flags).
QUERY_BOUND = 11


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
