"""The chart's table writes dates and numbers exactly as Django's ``date_format`` and
``number_format`` do in every language a reader may have (it looks the formats up once)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format, number_format

from backactive.diary.presentation import week_table
from backactive.diary.trends import Week

WEEKS = [Week(start=dt.date(2026, 1, 5), minutes=0, mean_pain=None, pain_entries=0),
         Week(start=dt.date(2026, 3, 30), minutes=150, mean_pain=4.25, pain_entries=4),
         Week(start=dt.date(2026, 11, 23), minutes=12345, mean_pain=10.0, pain_entries=7),
         Week(start=dt.date(2026, 12, 28), minutes=1000000, mean_pain=0.05, pain_entries=1)]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_week_table_writes_what_django_writes(language: str) -> None:
    with translation.override(language):
        expected = [(date_format(w.start, "SHORT_DATE_FORMAT"), number_format(w.minutes, 0, force_grouping=True),
                     "–" if w.mean_pain is None else number_format(w.mean_pain, 1)) for w in WEEKS]
        assert week_table(WEEKS) == expected


def test_week_table_groups_thousands_and_writes_no_pain_as_a_dash() -> None:
    with translation.override("de"):
        assert week_table(WEEKS)[:3] == [("05.01.2026", "0", "–"), ("30.03.2026", "150", "4,2"),
                                         ("23.11.2026", "12.345", "10,0")]
    with translation.override("en"):
        assert week_table(WEEKS)[2][1:] == ("12,345", "10.0")
