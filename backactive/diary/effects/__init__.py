"""What activity goes together with in the patient's own pain diary (pure: numpy, no Django).

| module | what it does |
| --- | --- |
| ``analysis`` | daily series, next-day and same-day differences, trend, long sessions |
| ``bootstrap`` | the seeded circular block bootstrap behind every 90 % interval |
| ``words`` + ``texts.toml`` | the patient's and the GP's sentences, German and English |
| ``diary_input`` | validation of a diary given as JSON (the CLI's input) |
| ``report`` | the result as the CLI's JSON object |

The method, for clinicians: ``docs/effects.md``.
"""

from .analysis import DEFAULT_THRESHOLD_MINUTES, Days, Difference, Effects, LongSessions, Trend, analyse, daily
from .diary_input import Diary, DiaryError, parse_diary
from .report import KEYS, report
from .words import Statements, statements

__all__ = [
    "DEFAULT_THRESHOLD_MINUTES",
    "KEYS",
    "Days",
    "Diary",
    "DiaryError",
    "Difference",
    "Effects",
    "LongSessions",
    "Statements",
    "Trend",
    "analyse",
    "daily",
    "parse_diary",
    "report",
    "statements",
]
