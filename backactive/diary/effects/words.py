"""The sentences for the patient and the GP, German and English, from an ``Effects`` result
(pure: no Django). The texts are data (``texts.toml``); this module only chooses and fills them.
The patient's sentences (``missing``, ``patient``) are also in the added patient languages
(``translations/<lang>.toml``, plural forms as lists); the GP's stay German and English.

Honesty rules, tested on thousands of simulated diaries (tests/diary/effects/):
- a difference is stated only when its whole 90 % interval lies on one side of zero, otherwise
  "no clear difference";
- every statement describes the patient's own entries, never a cause;
- the patient never reads that activity went with more pain (that would feed fear of
  movement): a harmful association, or more pain after long sessions, reaches the patient only
  as pacing advice; the GP sees the numbers and the pacing suggestion.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backactive.core.languages import FALLBACK, PATIENT_LANGS, STAFF_LANGS, decimal, fill, read_added

from .analysis import Difference, Effects

LANGS = STAFF_LANGS  # the CLI's languages (the GP's sentence is German and English)
TEXTS_FILE = Path(__file__).resolve().parent / "texts.toml"
PATIENT_GROUPS = ("missing", "patient")  # the sentences a patient reads
_FIELD = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class Statements:
    missing: str | None  # what is still missing, None when there is enough data
    patient: str
    gp: str


def _fields(text: str | list[str]) -> frozenset[str]:
    return frozenset(_FIELD.findall(" ".join(text) if isinstance(text, list) else text))


@functools.cache
def texts() -> dict[str, dict[str, str | list[str]]]:
    """``{"group.key": {"de": ..., "en": ..., "tr": ...}}``; checked at load: German and English
    present, every language with the same placeholders, added languages only for the patient."""
    raw = tomllib.loads(TEXTS_FILE.read_text(encoding="utf-8"))
    added = read_added(TEXTS_FILE.with_name("translations"))
    out: dict[str, dict[str, str | list[str]]] = {}
    for group, entries in raw.items():
        for key, spec in entries.items():
            name = f"{group}.{key}"
            if set(spec) != set(LANGS):
                raise ValueError(f"{TEXTS_FILE.name}: {name} needs exactly {', '.join(LANGS)}")
            out[name] = dict(spec) | {lang: t[name] for lang, t in added.items() if name in t}
            if len({_fields(text) for text in out[name].values()}) != 1:
                raise ValueError(f"{TEXTS_FILE.name}: {name} has different placeholders in its languages")
    unknown = sorted(f"{lang}: {name}" for lang, t in added.items() for name in t
                     if name not in out or name.partition(".")[0] not in PATIENT_GROUPS)
    if unknown:
        raise ValueError(f"effects translations: {unknown[0]} is no patient text of {TEXTS_FILE.name}")
    return out


def untranslated() -> list[str]:
    """``name.lang`` of every patient sentence an added language lacks."""
    return [f"{name}.{lang}" for name, spec in texts().items() if name.partition(".")[0] in PATIENT_GROUPS
            for lang in PATIENT_LANGS if not spec.get(lang)]


def _t(name: str, lang: str, count: int | None = None, /, **values: Any) -> str:
    spec = texts()[name]
    return fill(spec.get(lang) or spec[FALLBACK], lang, count, **values)


def number(value: float, lang: str, digits: int = 1, *, signed: bool = True) -> str:
    """1.2 -> "1,2" in German; negative numbers with a real minus sign."""
    text = decimal(abs(value), lang, digits)
    return f"−{text}" if signed and round(value, digits) < 0 else text


def missing_text(effects: Effects, lang: str) -> str | None:
    """"noch 6 Tage mit Schmerzeintrag und 2 Ruhetage (…)", or None when there is enough data."""
    need = effects.still_needed
    parts = []
    for key in ("pain", "active", "rest"):
        n = need[key]
        if n:
            parts.append(_t(f"missing.{key}_one", lang) if n == 1 else _t(f"missing.{key}", lang, n))
    if not parts:
        return None
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + _t("missing.and", lang) + parts[-1]
    note = _t("missing.pairs_note", lang) if need["active"] or need["rest"] else ""
    return _t("missing.sentence", lang, parts=joined) + note


def _pacing_minutes(effects: Effects) -> int:
    """Half the patient's usual active day, in steps of 5 minutes and at least 10."""
    usual = effects.long_sessions.usual_minutes if effects.long_sessions else 2 * effects.threshold_minutes
    return max(10, int(5 * round(usual / 2 / 5)))


def _patient(effects: Effects, lang: str, missing: str | None) -> str:
    if missing is not None:
        return _t("patient.not_enough", lang, missing=missing)
    nd = effects.next_day
    if nd is None:  # enough days, but too little variety for a stable interval
        return _t("patient.no_clear_difference", lang)
    sentences = []
    if nd.lower_after_activity:
        sentences.append(_t("patient.lower", lang, difference=number(-nd.difference, lang),
                            near=number(-nd.high, lang), far=number(-nd.low, lang)))
    elif not nd.higher_after_activity:
        sentences.append(_t("patient.no_clear_difference", lang))
    if effects.pacing_advised:
        sentences.append(_t("patient.pacing", lang, minutes=_pacing_minutes(effects)))
    return " ".join(sentences)


def _interval_values(d: Difference, lang: str) -> dict[str, str]:
    return {"difference": number(d.difference, lang), "low": number(d.low, lang), "high": number(d.high, lang)}


def _gp(effects: Effects, lang: str, missing: str | None) -> str:
    if missing is not None:
        return _t("gp.not_enough", lang, missing=missing)
    nd = effects.next_day
    if nd is None:
        return _t("gp.unstable", lang)
    sentences = [
        _t("gp.next_day", lang, threshold=effects.threshold_minutes, active=effects.active_pairs,
           rest=effects.rest_pairs, **_interval_values(nd, lang)),
        _t("gp.lower" if nd.lower_after_activity else "gp.higher" if nd.higher_after_activity
           else "gp.no_clear_difference", lang),
    ]
    ls = effects.long_sessions
    if ls is not None and ls.pattern and ls.difference is not None and ls.low is not None and ls.high is not None:
        sentences.append(_t("gp.long_sessions", lang, over=number(ls.long_over_minutes, lang, 0),
                            usual=number(ls.usual_minutes, lang, 0),
                            **_interval_values(Difference(ls.difference, ls.low, ls.high), lang)))
    if effects.same_day is not None:
        sentences.append(_t("gp.same_day", lang, **_interval_values(effects.same_day, lang)))
    tr = effects.trend
    if tr is not None:
        sentences.append(_t("gp.trend", lang, pain=number(tr.pain_slope_per_week, lang, 2),
                            low=number(tr.pain_slope_low, lang, 2), high=number(tr.pain_slope_high, lang, 2),
                            minutes=number(tr.activity_slope_per_week, lang, 0)))
    return " ".join(sentences)


def statements(effects: Effects, lang: str) -> Statements:
    """The sentences in ``lang`` (any patient language; the GP's in German for an added one)."""
    if lang not in PATIENT_LANGS:
        raise ValueError(f"lang must be one of {', '.join(PATIENT_LANGS)}, got {lang!r}")
    missing = missing_text(effects, lang)
    gp_lang = lang if lang in STAFF_LANGS else FALLBACK
    return Statements(missing=missing, patient=_patient(effects, lang, missing),
                      gp=_gp(effects, gp_lang, missing_text(effects, gp_lang)))
