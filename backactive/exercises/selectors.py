"""Reads for the patient pages: today's guided session and the level each exercise could move to
(the progression rule over the patient's sessions and daily pain)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Avg

from backactive.diary.models import PainEntry
from backactive.patients.models import Patient

from .cards import exercise_card
from .models import ExerciseSession
from .practice import practice_card
from .progression import WEEK, Proposal, Session, propose_level


def session_steps(exercises: list[tuple[str, str, int]], lang: str,
                  practice_id: int | None = None) -> list[dict[str, Any]]:
    """Today's guided session: for each (code, title, level) of the plan's home exercises, the
    three levels' cards with their animations, so easier/harder works without a connection; an
    exercise of the practice's own list as its one card (dose, instructions, picture)."""
    steps = []
    for code, title, level in exercises:
        cards = [exercise_card(code, n, lang, animated=True) for n in (1, 2, 3)]
        if all(cards):
            steps.append({"code": code, "title": title, "level": level if level in (1, 2, 3) else 2, "cards": cards})
            continue
        own = practice_card(code, practice_id, lang) if practice_id is not None else None
        if own is not None:
            card = own | {"level": 2, "level_name": "", "drawing": None}
            steps.append({"code": code, "title": title, "level": 2, "cards": [card]})
    return steps


def level_proposals(patient: Patient, exercises: list[tuple[str, int]], today: dt.date) -> dict[str, Proposal]:
    """code -> the progression rule's proposal for each (code, current level), from the last
    three weeks of guided sessions and daily mean pain."""
    since = today - dt.timedelta(days=3 * WEEK)
    by_code: dict[str, list[Session]] = defaultdict(list)
    for session in ExerciseSession.objects.filter(patient=patient, date__gte=since, date__lte=today):
        for done in session.exercises:
            by_code[done["code"]].append(Session(session.date, done["level"], session.felt or None))
    pain = {
        row["date"]: float(row["mean"])
        for row in PainEntry.objects.filter(patient=patient, date__gte=since, date__lte=today)
        .values("date")
        .annotate(mean=Avg("pain"))
    }
    return {
        code: propose_level(current=level, sessions=by_code.get(code, []), pain=pain, today=today)
        for code, level in exercises
    }
