"""Checking a set of answers against an instrument. Pure Python: no Django."""

from __future__ import annotations

from collections.abc import Mapping

from .instrument import Instrument


class AnswerError(ValueError):
    """An answer set that cannot be scored. ``item`` names the item (or ``answers`` for the whole set);
    ``str(error)`` is one line, ``"<item>: <what is wrong>"``."""

    def __init__(self, item: str, problem: str) -> None:
        super().__init__(f"{item}: {problem}")
        self.item = item
        self.problem = problem


def answers_check(instrument: Instrument, answers: object, *, partial: bool = False) -> dict[str, int]:
    """The answers as ``{key: int}`` in item order, or ``AnswerError`` for the first problem.

    Every key must be an item of ``instrument`` (unknown keys are errors, never ignored); every value
    a whole number (not a bool, not a float) within the item's range. With ``partial`` missing
    items are allowed (a questionnaire saved half-way); otherwise each one is an error.
    """
    if not isinstance(answers, Mapping):
        raise AnswerError("answers", "must be an object of item keys and numbers")
    unknown = sorted(str(key) for key in answers if key not in instrument.keys)
    if unknown:
        raise AnswerError(unknown[0], f"is not an item of {instrument.code} (items: {', '.join(instrument.keys)})")
    clean: dict[str, int] = {}
    for item in instrument.items:
        if item.key not in answers or answers[item.key] is None:
            if partial:
                continue
            raise AnswerError(item.key, "is missing")
        value = answers[item.key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnswerError(item.key, f"must be a whole number from {item.min} to {item.max}")
        if not item.min <= value <= item.max:
            raise AnswerError(item.key, f"{value} is out of range ({item.min} to {item.max})")
        clean[item.key] = value
    return clean


def answers_part(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, object]:
    """The answers to ``instrument``'s items out of a larger set (e.g. the PHQ-2 out of a PHQ-4)."""
    return {key: answers[key] for key in instrument.keys if key in answers}


def answers_implied(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, int]:
    """The answers that follow from others without being asked (IPAQ: 0 days means 0 minutes)."""
    return {item.zero_skips: 0 for item in instrument.items if item.zero_skips and answers.get(item.key) == 0}
