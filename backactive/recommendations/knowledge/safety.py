"""Read red_flags.toml and safety.toml. Pure Python: no Django."""

from __future__ import annotations

from typing import Any

from backactive.core import codes

from .model import RedFlag, Safety, SafetyText
from .parse import KnowledgeError, one_of, text

# The texts the engine asks for by code; a missing one stops the program at start.
SAFETY_NET = ("seek_care_now", "see_practice", "heart_disease", "pregnancy", "osteoporosis")
CAUTIONS = (
    "heart_disease_effort",
    "heart_disease_light",
    "pregnancy_check",
    "osteoporosis_loading",
    "falls_risk",
    "cleared_flags",
)
CONSIDERATIONS = (
    "no_strength_item",
    "no_balance_item",
    "physiotherapy",
    "psychologically_informed_physio",
    "multimodal_pain_therapy",
    "psychotherapy",
    "mood_assessment",
)


def parse_red_flags(raw: dict[str, Any], refs: dict[str, Any]) -> dict[str, RedFlag]:
    unknown = [c for c in raw if c not in codes.RED_FLAGS]
    if unknown:
        raise KnowledgeError(f"red_flags.toml: unknown red flag(s) {', '.join(unknown)}")
    out = {}
    for code in codes.RED_FLAGS:
        entry = raw.get(code)
        where = f"red_flags.toml: {code}"
        if not isinstance(entry, dict):
            raise KnowledgeError(f"{where}: every red flag needs an urgency, an action and a watch text")
        out[code] = RedFlag(
            code=code,
            urgency=one_of(entry.get("urgency"), codes.URGENCIES, f"{where}.urgency"),
            action=text(entry.get("action"), f"{where}.action"),
            watch=text(entry.get("watch"), f"{where}.watch"),
            ref=one_of(entry.get("ref"), refs, f"{where}.ref"),
        )
    return out


def _group(raw: dict[str, Any], name: str, required: tuple[str, ...], refs: dict[str, Any]) -> dict[str, SafetyText]:
    group = raw.get(name)
    if not isinstance(group, dict):
        raise KnowledgeError(f"safety.toml: section [{name}] is missing")
    missing = [c for c in required if c not in group]
    if missing:
        raise KnowledgeError(f"safety.toml: {name}.{missing[0]} is missing")
    out = {}
    for code, entry in group.items():
        where = f"safety.toml: {name}.{code}"
        if not isinstance(entry, dict):
            raise KnowledgeError(f"{where}: needs ref, de and en")
        out[code] = SafetyText(code, one_of(entry.get("ref"), refs, f"{where}.ref"), text(entry, where))
    return out


def parse_safety(raw: dict[str, Any], refs: dict[str, Any]) -> Safety:
    flare = raw.get("flare_up")
    if not isinstance(flare, dict):
        raise KnowledgeError("safety.toml: section [flare_up] is missing")
    return Safety(
        safety_net=_group(raw, "safety_net", SAFETY_NET, refs),
        review=_group(raw, "review", tuple(codes.URGENCIES), refs),
        cautions=_group(raw, "cautions", CAUTIONS, refs),
        considerations=_group(raw, "considerations", CONSIDERATIONS, refs),
        flare_up=SafetyText(
            "flare_up",
            one_of(flare.get("ref"), refs, "safety.toml: flare_up.ref"),
            text(flare, "safety.toml: flare_up"),
        ),
    )
