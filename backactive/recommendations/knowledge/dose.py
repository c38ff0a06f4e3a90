"""A dose in words ("2 × 10 Wiederholungen, je Seite, ..."), the one place that phrases it, so the
plan, the handout and the patient pages say the same. Pure Python."""

from __future__ import annotations

from .model import Dose

_WORDS = {
    "de": {
        "sets": "{n} Durchgänge",
        "reps": "{n} Wiederholungen",
        "rep": "1 Wiederholung",
        "hold": "{n} Sekunden halten",
        "hold_each": "jeweils {n} Sekunden halten",
        "stay": "{n} Minuten in der Position bleiben",
        "per_side": "je Seite",
        "rest": "{n} Sekunden Pause zwischen den Durchgängen",
        "minutes": "etwa {n} Min.",
    },
    "en": {
        "sets": "{n} sets",
        "reps": "{n} repetitions",
        "rep": "1 repetition",
        "hold": "hold for {n} seconds",
        "hold_each": "hold each for {n} seconds",
        "stay": "stay in the position for {n} minutes",
        "per_side": "each side",
        "rest": "{n} seconds' rest between sets",
        "minutes": "about {n} min",
    },
}


def dose_text(dose: Dose, lang: str) -> str:
    """The dose as one line in ``lang`` (German unless "en"), ending with its minutes."""
    w = _WORDS["en" if lang == "en" else "de"]
    parts = [w["sets"].format(n=dose.sets)] if dose.sets > 1 else []
    if dose.reps:
        parts.append(w["reps"].format(n=dose.reps) if dose.reps > 1 else w["rep"])
        if dose.hold_seconds:
            parts.append(w["hold_each"].format(n=dose.hold_seconds))
    elif dose.hold_seconds and dose.hold_seconds >= 60 and dose.hold_seconds % 60 == 0:
        parts.append(w["stay"].format(n=dose.hold_seconds // 60))
    elif dose.hold_seconds:
        parts.append(w["hold"].format(n=dose.hold_seconds))
    if dose.per_side:
        parts.append(w["per_side"])
    if dose.rest_seconds and dose.sets > 1:
        parts.append(w["rest"].format(n=dose.rest_seconds))
    return ", ".join(parts) + f" ({w['minutes'].format(n=dose.minutes())})"
