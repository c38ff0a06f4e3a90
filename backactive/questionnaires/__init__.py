"""Questionnaires as data and their scoring: one entry point, pure Python (no Django).

API (small and stable; other apps use only these names)::

    from backactive import questionnaires as q

    q.score("phq2", {"interest": 1, "down": 2})
    # {"total": 3, "positive": True}
    q.score("startback", {"total": 5, "psychosocial": 4})
    # {"total": 5, "psychosocial": 4, "risk_group": "high"}     # "low" | "medium" | "high"
    q.score("phq4", {"nervous": 0, "worry": 1, "interest": 1, "down": 2})
    # {"total": 4, "phq2": 3, "gad2": 1, "phq2_positive": True, "gad2_positive": False, "severity": "mild"}

- ``score(code, answers) -> dict``: the instrument's scores under the names its manual uses.
  ``answers`` maps item keys to whole numbers; a missing, unknown, non-integer or out-of-range
  answer, or an impossible combination, raises ``AnswerError`` (``.item`` names the item,
  ``str(error)`` is one line). An unknown ``code`` raises ``UnknownInstrument``.
- ``check(code, answers, partial=False) -> dict[str, int]``: the same checks without scoring;
  ``partial=True`` accepts missing items (answers saved half-way).
- ``implied(code, answers) -> dict``: answers that follow from others and are not asked (IPAQ: 0 days
  of an intensity means 0 minutes of it).
- ``part(code, answers) -> dict``: the answers to ``code``'s items out of a larger set. PHQ-2 is
  part of PHQ-4 (items ``interest`` and ``down``, the very same keys), so one stored answer serves
  both: ``score("phq2", part("phq2", phq4_answers))``.
- ``instrument(code) -> Instrument`` and ``INSTRUMENTS`` (code -> Instrument): items (key, kind,
  min, max, our own ``label`` in de/en, the instrument's ``text`` where its licence allows),
  ``text_langs`` (languages a patient may answer it in), licence and source.

Instruments: ``phq2``, ``phq4``, ``startback`` (scores only: the Keele item text is not shipped),
``ipaq_sf``, ``gcps`` (answers from paper: no wording shipped), ``peg``. Licences, sources and the
output keys of each: ``docs/instruments.md``. Command line: ``backactive questionnaire score``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from .answers import AnswerError, answers_check, answers_implied, answers_part
from .instrument import Instrument, Item, Option, Text, load_all
from .scoring import SCORERS

__all__ = [
    "INSTRUMENTS",
    "AnswerError",
    "Instrument",
    "Item",
    "Option",
    "Text",
    "UnknownInstrument",
    "check",
    "implied",
    "instrument",
    "part",
    "score",
]


class UnknownInstrument(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(f"unknown instrument '{code}' (known: {', '.join(INSTRUMENTS)})")
        self.code = code


INSTRUMENTS: Final[Mapping[str, Instrument]] = load_all()

_missing = set(INSTRUMENTS) ^ set(SCORERS)
if _missing:
    raise ValueError(f"instruments and scorers differ: {sorted(_missing)}")


def instrument(code: str) -> Instrument:
    try:
        return INSTRUMENTS[code]
    except KeyError:
        raise UnknownInstrument(code) from None


def check(code: str, answers: object, *, partial: bool = False) -> dict[str, int]:
    return answers_check(instrument(code), answers, partial=partial)


def part(code: str, answers: Mapping[str, object]) -> dict[str, object]:
    return answers_part(instrument(code), answers)


def implied(code: str, answers: Mapping[str, object]) -> dict[str, int]:
    return answers_implied(instrument(code), answers)


def score(code: str, answers: object) -> dict[str, int | float | bool | str]:
    checked = check(code, answers)  # an unknown code fails here, before the scorer is looked up
    return SCORERS[code](checked)
