"""Safety around the plan: red flags with urgency, the patient's safety net, the clinician's
cautions and the GP's considerations. Pure Python: no Django. The texts are in
``knowledge/safety.toml`` and ``knowledge/red_flags.toml``; this module decides when each applies.
"""

from __future__ import annotations

from typing import Any

from backactive.core import codes

from .knowledge import Item, Knowledge
from .profile import Profile

URGENCY_ORDER = {u: n for n, u in enumerate(codes.URGENCIES)}  # emergency first


def _flag_order(code: str, knowledge: Knowledge) -> tuple[int, int]:
    return (URGENCY_ORDER[knowledge.red_flags[code].urgency], list(codes.RED_FLAGS).index(code))


def flags(found: tuple[str, ...], knowledge: Knowledge, lang: str) -> list[dict[str, Any]]:
    """[{code, label, urgency}] of ``found``, most urgent first, then in the order of codes.toml."""
    return [
        {"code": c, "label": codes.label(codes.RED_FLAGS, c, lang), "urgency": knowledge.red_flags[c].urgency}
        for c in sorted(set(found), key=lambda c: _flag_order(c, knowledge))
    ]


def _entry(code: str, text: str) -> dict[str, str]:
    return {"code": code, "text": text}


def safety_net(profile: Profile, knowledge: Knowledge, lang: str) -> list[dict[str, str]]:
    """What the patient is told about when to stop and seek help; never empty. While a red flag is
    open, what to do now comes first (by the most urgent open flag)."""
    texts = knowledge.safety.safety_net
    out = []
    open_flags = profile.open_red_flags
    if open_flags:
        most = min((knowledge.red_flags[f].urgency for f in open_flags), key=URGENCY_ORDER.__getitem__)
        out.append(_entry(f"review_{most}", knowledge.safety.review[most].text.get(lang)))
    out.append(_entry("seek_care_now", texts["seek_care_now"].text.get(lang)))
    out.append(_entry("see_practice", texts["see_practice"].text.get(lang)))
    for condition in codes.CONDITIONS:
        if condition in profile.conditions and condition in texts:
            out.append(_entry(condition, texts[condition].text.get(lang)))
    for flag in flags(profile.red_flags_cleared, knowledge, lang):
        out.append(_entry(f"watch_{flag['code']}", knowledge.red_flags[flag["code"]].watch.get(lang)))
    return out


def cautions(
    profile: Profile, knowledge: Knowledge, lang: str, *, chosen: list[Item], offers: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """What the clinician checks before or while the plan runs (clearance, obstetric check, ...).
    ``chosen`` are the knowledge items of the plan; ``offers`` the offer items with their activities'
    intensities already resolved (``intensity`` key)."""
    rules, texts = knowledge.rules, knowledge.safety.cautions
    conditions = set(profile.conditions)
    out = []
    if conditions & rules.heart_conditions:
        effortful = [i.title.get(lang) for i in chosen if i.intensity in rules.heart_intensities]
        effortful += [o["title"] for o in offers if o.get("intensity") in rules.heart_intensities]
        if effortful:
            out.append(
                _entry(
                    "heart_disease_effort",
                    texts["heart_disease_effort"].text.get(lang).format(items=", ".join(effortful)),
                )
            )
        else:
            out.append(_entry("heart_disease_light", texts["heart_disease_light"].text.get(lang)))
    if "pregnancy" in conditions:
        out.append(_entry("pregnancy_check", texts["pregnancy_check"].text.get(lang)))
    if "osteoporosis" in conditions:
        out.append(_entry("osteoporosis_loading", texts["osteoporosis_loading"].text.get(lang)))
    if "balance_problems" in conditions or profile.mobility == "walking_aid":
        out.append(_entry("falls_risk", texts["falls_risk"].text.get(lang)))
    if profile.red_flags_cleared:
        labels = "; ".join(f["label"] for f in flags(profile.red_flags_cleared, knowledge, lang))
        out.append(_entry("cleared_flags", texts["cleared_flags"].text.get(lang).format(flags=labels)))
    return out


def considerations(profile: Profile, knowledge: Knowledge, lang: str, *, missing: list[str]) -> list[dict[str, str]]:
    """Further care for the GP to consider: physiotherapy where the plan cannot hold a required
    component, and the yellow-flag pathway (stratified care, multimodal therapy, psychotherapy)."""
    rules, texts = knowledge.rules, knowledge.safety.considerations
    barriers = set(profile.barriers)
    wanted = []
    if "strength" in missing:
        wanted.append("no_strength_item")
    if "balance" in missing:
        wanted.append("no_balance_item")
    high_pain_yellow = profile.pain >= rules.yellow_high_pain and rules.yellow_barriers <= barriers
    if profile.risk_group == "high" or high_pain_yellow:
        wanted += ["psychologically_informed_physio", "multimodal_pain_therapy"]
        if "low_mood" in barriers:
            wanted.append("psychotherapy")
    elif profile.risk_group == "medium":
        wanted.append("physiotherapy")
    if "low_mood" in barriers:
        wanted.append("mood_assessment")
    return [_entry(code, texts[code].text.get(lang)) for code in texts if code in wanted]
