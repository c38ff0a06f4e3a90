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
# diary's weekly sums with the days of the comparison window (one UNION), the stored chart (and,
# when the diary changed, its new drawing stored), plan + items, the stored activity-and-pain
# analysis; the follow-up panel adds the last four weeks of the diary, the suggestions for last
# visit's answers (its offer directories and the offers nearby; the analysis and the newest plan's
# exercise levels are passed in) and the practice's GPs (read once); the suggestions read the
# practice's own exercise list (its own exercises, the library exercises it switched off); study
# mode adds positive mood screens not yet seen and the newest PHQ-2 from any source (yellow flags).
# A GP also gets the practice's open emergency alerts (the banner on every GP page) and every
# user a plan draft waiting for a GP's sign-off. Before the weekly sums (issue 16, item 6): 27.
QUERY_BOUND = 24  # the chart drawn and stored; 23 when the stored chart is read


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
    with CaptureQueriesContext(connection) as again:  # the diary unchanged: the stored chart
        assert client.get(url).status_code == 200
    assert len(again) == QUERY_BOUND - 1, [q["sql"] for q in again.captured_queries]


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


def test_the_chart_is_stored_and_a_new_entry_draws_it_anew(world: Any, login: Any, monkeypatch: Any) -> None:
    from backactive.consultations import selectors
    from backactive.diary.models import DiaryChart

    client = login(world.clinician_x)
    url = reverse("consultations:overview", args=[world.patient_a.pk])
    _fill(world.patient_a, 30)
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    stored = DiaryChart.objects.get(patient=world.patient_a)
    assert stored.svg in first

    def refuse(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("drawn again although nothing changed")

    with monkeypatch.context() as patch:  # the same diary: the stored chart, not a new drawing
        patch.setattr(selectors, "render_screen_charts", refuse)
        assert stored.svg in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    ActivityEntry.objects.create(patient=world.patient_a, date=dt.date.today(), activity="walking", minutes=500)
    assert not DiaryChart.objects.filter(patient=world.patient_a).exists()  # the write dropped it
    second = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert second != first and DiaryChart.objects.get(patient=world.patient_a).svg in second
    assert DiaryChart.objects.get(patient=world.patient_a).svg != stored.svg
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()  # other words: drawn for them
    assert "Min./Woche" in german and DiaryChart.objects.get(patient=world.patient_a).svg in german


def test_weeks_and_change_equal_a_computation_from_every_entry(world: Any) -> None:
    """The screen reads weekly sums and only the comparison window's days; what it shows equals
    what every entry gives, whether the diary began long before the window, inside it or after."""
    import random

    from backactive.consultations.models import Consultation
    from backactive.consultations.selectors import patient_overview
    from backactive.diary.chart import ChartText
    from backactive.diary.selectors import diary_series
    from backactive.diary.trends import change_since_last_consultation, weekly_series

    rng = random.Random(16)
    today = dt.date.today()
    patient = world.patient_a
    for began in (300, 40, 20, 5):
        PainEntry.objects.filter(patient=patient).delete()
        ActivityEntry.objects.filter(patient=patient).delete()
        days = [d for d in range(began) if rng.random() < 0.8]
        PainEntry.objects.bulk_create(PainEntry(patient=patient, date=today - dt.timedelta(days=d),
                                                pain=rng.randint(0, 10)) for d in days)
        ActivityEntry.objects.bulk_create(ActivityEntry(patient=patient, date=today - dt.timedelta(days=d),
                                                        activity="walking", minutes=rng.randint(1, 90)) for d in days)
        for visit_ago in (3, 14, 30):
            Consultation.objects.filter(pk=world.consultation_a.pk).update(date=today - dt.timedelta(days=visit_ago))
            overview = patient_overview(patient, ChartText(title="t", description="d"), today=today)
            pain, activity = diary_series(patient)
            dates = [today - dt.timedelta(days=visit_ago)]
            assert overview.weeks == weekly_series(pain, activity, until=today, since=dates[0]), (began, visit_ago)
            assert overview.change == change_since_last_consultation(pain, activity, dates, today=today)
