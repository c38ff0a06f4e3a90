"""The recommendation knowledge base: strategies, barrier answers, activities and exercises,
support prompts and conversation guides, kept as version-controlled TOML beside this file.

Pure Python: no Django. ``load_knowledge()`` reads and validates the files once per process;
the helpers below are what screens, the diary and handouts call.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import Any

from backactive.core import codes
from backactive.core.languages import PATIENT_LANGS

from .dose import dose_text
from .loader import DRAWINGS_DIR, KNOWLEDGE_DIR, KnowledgeError, load
from .model import Answer, Dose, GuideStep, Item, Knowledge, Level, RedFlag, Strategy, Support, Text

__all__ = [
    "Answer",
    "Dose",
    "GuideStep",
    "Item",
    "Knowledge",
    "KnowledgeError",
    "Level",
    "RedFlag",
    "Strategy",
    "Support",
    "Text",
    "activity_choices",
    "activity_titles",
    "barrier_answers",
    "dose_text",
    "drawing_path",
    "drawing_static_path",
    "education_cards",
    "flare_up_text",
    "general_safety_net",
    "goal_text",
    "guide",
    "item",
    "item_details",
    "item_instructions",
    "load_knowledge",
    "red_flag_info",
    "safety_critical",
    "safety_entry",
    "strategy_text",
    "untranslated",
]

# The knowledge texts a patient reads (plan, handout, patient pages, reminders), by place
# (``Knowledge.places``): these must exist in every patient language. The others (strategies,
# barrier answers, references, guides, cautions, considerations, a red flag's action) are for
# the practice team and stay German and English.
PATIENT_FACING = (
    "activities.*",
    "exercises.*",
    "support.*",
    "texts.*",
    "equipment.*",
    "safety.safety_net.*",
    "safety.review.*",
    "safety.flare_up",
    "red_flags.*.watch",
    "education.*",
)
# Texts where a translation error can harm: until a native speaker has reviewed a language
# (backactive/core/translations/review.toml), the handout prints the German beside them.
# The education card on bad days is the flare-up plan in other words (and names the red flags).
SAFETY_CRITICAL = ("safety.safety_net.*", "safety.review.*", "safety.flare_up", "red_flags.*.watch",
                   "education.flare_up.*")

STATIC_PREFIX = "recommendations/exercises/"


@lru_cache(maxsize=1)
def _default() -> Knowledge:
    return load(KNOWLEDGE_DIR, DRAWINGS_DIR)


def load_knowledge(directory: Path | None = None, drawings: Path | None = None) -> Knowledge:
    """The validated knowledge base. The default files are read once and cached; a ``directory``
    (tests, tools) is read afresh each time. Raises ``KnowledgeError`` on a broken file."""
    if directory is None and drawings is None:
        return _default()
    return load(directory or KNOWLEDGE_DIR, drawings or DRAWINGS_DIR)


def patient_facing(place: str) -> bool:
    return any(fnmatchcase(place, pattern) for pattern in PATIENT_FACING)


def safety_critical(place: str) -> bool:
    return any(fnmatchcase(place, pattern) for pattern in SAFETY_CRITICAL)


def untranslated(knowledge: Knowledge | None = None, langs: tuple[str, ...] = PATIENT_LANGS) -> list[str]:
    """``place.lang`` of every text a patient reads that lacks its own text in one of ``langs``
    (so it would fall back to German)."""
    places = (knowledge or _default()).places
    return [f"{p}.{lang}" for p, t in places.items() if patient_facing(p) for lang in langs if not t.has(lang)]


def activity_titles() -> dict[str, tuple[str, str]]:
    """Every activity and exercise code -> (German title, English title). The diary stores these
    codes (plus its own ``other``)."""
    return {code: (i.title.de, i.title.en) for code, i in _default().items.items()}


def activity_choices(lang: str, *, include_other: bool = True,
                     kinds: tuple[str, ...] = ("activity", "exercise")) -> list[tuple[str, str]]:
    """(code, title) pairs of the items of ``kinds`` sorted by title in ``lang``, for a select
    box or picker; ``other`` last."""
    choices = sorted(((c, i.title.get(lang)) for c, i in _default().items.items() if i.kind in kinds),
                     key=lambda p: p[1].lower())
    if include_other:
        choices.append(("other", _default().text("activity.other", lang)))
    return choices


def item(code: str) -> Item:
    """The activity or exercise ``code``; ``KeyError`` if unknown."""
    return _default().items[code]


def item_instructions(code: str, lang: str) -> str:
    """Plain instructions for an activity or exercise in ``lang``; ``KeyError`` if unknown."""
    return _default().items[code].instructions.get(lang)


def drawing_path(code: str) -> Path | None:
    """The SVG file of an exercise (for handouts), or None if it has no drawing."""
    found = _default().items.get(code)
    return found.drawing if found else None


def drawing_static_path(code: str) -> str | None:
    """The drawing as a path for Django's ``{% static %}``, or None if it has no drawing."""
    return f"{STATIC_PREFIX}{code}.svg" if drawing_path(code) else None


def guide(minutes: int, lang: str, *, red_flag_open: bool = False) -> list[dict[str, str]]:
    """The 1- or 5-minute conversation guide as [{"heading", "text"}]; ``KeyError`` otherwise.
    While a red flag is open the reassuring steps are left out: clinical review comes first."""
    steps = _default().guides[minutes]
    return [
        {"heading": s.heading.get(lang), "text": s.text.get(lang)}
        for s in steps
        if not (red_flag_open and s.reassurance)
    ]


def barrier_answers(barrier: str, lang: str) -> list[dict[str, Any]]:
    """How a barrier is answered: [{"strategy", "title", "why", "reference"}] in ``lang``."""
    k = _default()
    return [
        {
            "strategy": a.strategy,
            "title": k.strategies[a.strategy].title.get(lang),
            "why": a.why.get(lang),
            "reference": k.references[a.ref].title.get(lang),
        }
        for a in k.answers[barrier]
    ]


def strategy_text(code: str, lang: str) -> dict[str, str]:
    """A strategy's title and explanation in ``lang``; ``KeyError`` if unknown."""
    found = _default().strategies[code]
    return {"code": code, "title": found.title.get(lang), "explanation": found.explanation.get(lang)}


def general_safety_net(lang: str) -> list[dict[str, str]]:
    """The safety net every patient gets ([{code, text}]), for a plan saved before plans carried
    their own (the engine adds per-condition and per-flag entries to this)."""
    texts = _default().safety.safety_net
    return [{"code": c, "text": texts[c].text.get(lang)} for c in ("seek_care_now", "see_practice")]


def safety_entry(code: str, lang: str) -> str | None:
    """The text of a safety-net entry by its code (as ``clinical.safety_net`` names them:
    ``seek_care_now``, a condition, ``review_<urgency>``, ``watch_<red flag>``) in ``lang``;
    None for a code the knowledge does not know (a practice's own text)."""
    k = _default()
    if code.startswith("review_") and code[7:] in k.safety.review:
        return k.safety.review[code[7:]].text.get(lang)
    if code.startswith("watch_") and code[6:] in k.red_flags:
        return k.red_flags[code[6:]].watch.get(lang)
    found = k.safety.safety_net.get(code)
    return found.text.get(lang) if found else None


def goal_text(key: str, lang: str, *, target: int, first: int) -> str:
    """The engine's goal sentence (``goals.build`` or ``goals.keep``) in ``lang``."""
    return _default().text(key, lang).format(target=target, first=first)


def flare_up_text(lang: str) -> str:
    """What to do on a bad day, in ``lang`` (the flare-up plan's text)."""
    return _default().safety.flare_up.text.get(lang)


def red_flag_info(code: str, lang: str) -> dict[str, str]:
    """What the GP screen shows of a red flag: code, label, urgency (code and label) and the
    action in words, in ``lang``; ``KeyError`` if unknown."""
    flag = _default().red_flags[code]
    return {
        "code": code,
        "label": codes.label(codes.RED_FLAGS, code, lang),
        "urgency": flag.urgency,
        "urgency_label": codes.label(codes.URGENCIES, flag.urgency, lang),
        "action": flag.action.get(lang),
    }


def item_details(code: str, lang: str) -> dict[str, Any]:
    """Everything a plan page or handout shows about an activity or exercise, in ``lang``:
    code, kind, title, instructions, min_minutes, max_minutes, impact, setting, social,
    equipment (labels), drawing (static path or None), components, needs, position, dose (the
    contract's dose object or None) and dose_text (the dose in words or ""). ``KeyError`` if unknown."""
    k = _default()
    found = k.items[code]
    return {
        "code": code,
        "kind": found.kind,
        "title": found.title.get(lang),
        "instructions": found.instructions.get(lang),
        "min_minutes": found.min_minutes,
        "max_minutes": found.max_minutes,
        "impact": found.impact,
        "setting": found.setting,
        "social": found.social,
        "equipment": [k.equipment[e].get(lang) for e in found.equipment],
        "drawing": drawing_static_path(code),
        "components": list(found.components),
        "needs": list(found.needs),
        "position": found.position,
        "dose": found.dose.as_dict() if found.dose else None,
        "dose_text": dose_text(found.dose, lang) if found.dose else "",
    }


def education_cards(lang: str) -> list[dict[str, Any]]:
    """The patient education cards in ``lang``: [{"code", "title", "paragraphs"}], in file order."""
    return [
        {"code": c.code, "title": c.title.get(lang), "paragraphs": [p.get(lang) for p in c.paragraphs]}
        for c in _default().education.values()
    ]
