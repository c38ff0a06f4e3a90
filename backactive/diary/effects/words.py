"""The sentences for the patient and the GP, German and English, from an ``Effects`` result
(pure: no Django). The texts are data (``texts.toml``); this module only chooses and fills them.

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

from .analysis import Difference, Effects

LANGS = ("de", "en")
TEXTS_FILE = Path(__file__).resolve().parent / "texts.toml"
_FIELD = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class Statements:
    missing: str | None  # what is still missing, None when there is enough data
    patient: str
    gp: str


@functools.cache
def texts() -> dict[str, dict[str, str]]:
    """``{"group.key": {"de": ..., "en": ...}}``; checked at load: both languages present, with
    the same placeholders."""
    raw = tomllib.loads(TEXTS_FILE.read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for group, entries in raw.items():
        for key, spec in entries.items():
            name = f"{group}.{key}"
            if set(spec) != set(LANGS):
                raise ValueError(f"{TEXTS_FILE.name}: {name} needs exactly {', '.join(LANGS)}")
            if len({frozenset(_FIELD.findall(spec[lang])) for lang in LANGS}) != 1:
                raise ValueError(f"{TEXTS_FILE.name}: {name} has different placeholders in de and en")
            out[name] = dict(spec)
    return out


def _t(name: str, lang: str, **values: object) -> str:
    return texts()[name][lang].format(**values)


def number(value: float, lang: str, digits: int = 1, *, signed: bool = True) -> str:
    """1.2 -> "1,2" in German; negative numbers with a real minus sign."""
    text = f"{abs(value):.{digits}f}"
    if lang == "de":
        text = text.replace(".", ",")
    return f"−{text}" if signed and round(value, digits) < 0 else text


def missing_text(effects: Effects, lang: str) -> str | None:
    """"noch 6 Tage mit Schmerzeintrag und 2 Ruhetage (…)", or None when there is enough data."""
    need = effects.still_needed
    parts = []
    for key in ("pain", "active", "rest"):
        n = need[key]
        if n:
            parts.append(_t(f"missing.{key}_one", lang) if n == 1 else _t(f"missing.{key}", lang, n=n))
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
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    missing = missing_text(effects, lang)
    return Statements(missing=missing, patient=_patient(effects, lang, missing), gp=_gp(effects, lang, missing))
