"""Stable codes (barriers, red flags, conditions, preferences) with German and English labels.

Pure Python: no Django. Loaded once from ``codes.toml`` beside this file and validated at import,
so a malformed file stops the program at start rather than in a consultation. The groups a
patient reads (``PATIENT_GROUPS``: on the handout and the patient's pages) also have labels in
the added languages, from ``translations/<lang>.toml`` (see ``backactive.core.languages``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from backactive.core.languages import FALLBACK, PATIENT_LANGS, STAFF_LANGS, read_added

LANGS: Final = PATIENT_LANGS  # every language a text may be in; staff see STAFF_LANGS only
STAFF_ONLY_LANGS: Final = STAFF_LANGS
GROUPS: Final = (
    "barriers",
    "red_flags",
    "conditions",
    "social",
    "settings",
    "intensities",
    "pain_scales",
    "sexes",
    "urgencies",
    "mobility",
    "risk_groups",
    "components",
    "needs",
    "positions",
)
# What a patient reads: conditions in "suitable with ...", setting and company of an activity,
# how hard it is, the pain scale. The other groups appear on staff pages only.
PATIENT_GROUPS: Final = ("conditions", "social", "settings", "intensities", "pain_scales")


@dataclass(frozen=True)
class Code:
    code: str
    labels: dict[str, str]
    group: str | None = None  # barriers only: "internal" or "external"

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels[FALLBACK]


def _load(path: Path) -> dict[str, dict[str, Code]]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    added = read_added(path.with_name("translations"))
    out: dict[str, dict[str, Code]] = {}
    for group in GROUPS:
        entries = raw.get(group)
        if not entries:
            raise ValueError(f"{path.name}: group '{group}' is missing or empty")
        codes: dict[str, Code] = {}
        for code, spec in entries.items():
            missing = [lang for lang in STAFF_LANGS if not spec.get(lang)]
            if missing:
                raise ValueError(f"{path.name}: {group}.{code} lacks a label in {', '.join(missing)}")
            labels = {lang: spec[lang] for lang in STAFF_LANGS}
            labels |= {lang: t[f"{group}.{code}"] for lang, t in added.items() if t.get(f"{group}.{code}")}
            codes[code] = Code(code=code, labels=labels, group=spec.get("group"))
        out[group] = codes
    for code in out["barriers"].values():
        if code.group not in ("internal", "external"):
            raise ValueError(f"{path.name}: barrier {code.code} needs group internal or external")
    return out


_CODES: Final = _load(Path(__file__).with_name("codes.toml"))

BARRIERS: Final[dict[str, Code]] = _CODES["barriers"]
RED_FLAGS: Final[dict[str, Code]] = _CODES["red_flags"]
CONDITIONS: Final[dict[str, Code]] = _CODES["conditions"]
SOCIAL: Final[dict[str, Code]] = _CODES["social"]
SETTINGS: Final[dict[str, Code]] = _CODES["settings"]
INTENSITIES: Final[dict[str, Code]] = _CODES["intensities"]
PAIN_SCALES: Final[dict[str, Code]] = _CODES["pain_scales"]
SEXES: Final[dict[str, Code]] = _CODES["sexes"]
URGENCIES: Final[dict[str, Code]] = _CODES["urgencies"]  # most urgent first
MOBILITY: Final[dict[str, Code]] = _CODES["mobility"]
RISK_GROUPS: Final[dict[str, Code]] = _CODES["risk_groups"]
COMPONENTS: Final[dict[str, Code]] = _CODES["components"]
NEEDS: Final[dict[str, Code]] = _CODES["needs"]
POSITIONS: Final[dict[str, Code]] = _CODES["positions"]


def label(group: dict[str, Code], code: str, lang: str) -> str:
    """The label of ``code`` in ``lang``; the code itself if it is unknown (never raises)."""
    entry = group.get(code)
    return entry.label(lang) if entry else code


def untranslated() -> list[str]:
    """``group.code.lang`` of every label a patient reads that an added language lacks."""
    return [
        f"{group}.{code.code}.{lang}"
        for group in PATIENT_GROUPS
        for code in _CODES[group].values()
        for lang in LANGS
        if not code.labels.get(lang, "").strip()
    ]


def unknown(group: dict[str, Code], codes: list[str] | tuple[str, ...]) -> list[str]:
    """The codes in ``codes`` that ``group`` does not know, in input order."""
    return [c for c in codes if c not in group]
