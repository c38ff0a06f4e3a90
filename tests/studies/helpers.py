"""Answers shared by the study tests: the scoring tests' worked examples."""

from __future__ import annotations

IPAQ = {
    "vigorous_days": 5,
    "vigorous_minutes": 30,
    "moderate_days": 5,
    "moderate_minutes": 30,
    "walking_days": 5,
    "walking_minutes": 30,
    "sitting_minutes": 300,
}
GCPS = {
    "pain_now": 5,
    "pain_worst": 8,
    "pain_average": 6,
    "disability_days": 10,
    "interference_daily": 5,
    "interference_social": 4,
    "interference_work": 6,
}
PEG = {"pain_average": 5, "interference_enjoyment": 6, "interference_activity": 8}
PHQ4 = {"nervous": 1, "worry": 1, "interest": 2, "down": 1}
ANSWERS = {"ipaq_sf": IPAQ, "gcps": GCPS, "peg": PEG, "phq4": PHQ4}
