"""The recommendation engine: a validated profile in, a plan the patient can choose from out.

Pure Python (no Django) and deterministic: the same profile, language, knowledge and offers give
the same output, byte for byte. The output dict is exactly what ``backactive recommend`` prints:

    status                 "ok" | "needs_clinical_review" (a red flag is open: recorded, not cleared)
    review_reasons         [{"code", "label", "urgency"}] of the open red flags, most urgent first
    cleared_flags          [{"code", "label", "urgency"}] of flags a clinician assessed and cleared
    lang                   "de" | "en" | "tr" | "ru" | "uk" | "ar" | "pl" (patient-facing texts;
                           the clinician's cautions and considerations stay German for an added one)
    weekly_target_minutes  int (null under review)
    first_week_minutes     int (null under review)
    items                  [{"code", "kind", "title", "minutes", "impact", "setting", "social",
                             "strategies", "addresses", "why", "family", "components", "needs"}
                             + "dose" for exercises]; kind activity|exercise|offer|support; offer
                           codes are "offer:<id>"; support items have null minutes, impact,
                           setting, social and family, and empty components and needs; dose is
                           {"sets", "reps", "hold_seconds", "rest_seconds", "per_side"} (unused
                           ones null) and an exercise's minutes follow from it; exercises also
                           carry "level" (1 easier, 2 standard, 3 harder: the profile's
                           exercise_levels, else 2; 1 in the flare-up plan) and "levels"
                           [{"level", "dose", "minutes", "instructions"}], and "dose" and
                           "minutes" are those of "level"
    safety_net             [{"code", "text"}] for the patient; never empty (under review: what to
                           do now comes first)
    cautions               [{"code", "text"}] for the clinician (may be empty)
    considerations         [{"code", "text"}] further care for the GP (may be empty)
    flare_up               {"text", "items"} the bad-day plan, items shaped like the plan's; null
                           under review
    goals                  null unless wants_goals: {"weekly_target_minutes", "weeks",
                             "sessions_per_week", "minutes_per_session", "text"}
    reminders              null unless wants_reminders: {"days_per_week", "text"}
"""

from __future__ import annotations

from typing import Any

from backactive.core import codes

from . import clinical, targets
from .context import Context, build_context, item_strategies, ordered_barriers, why_suffix
from .knowledge import Item, Knowledge, load_knowledge
from .nearby import offer_items
from .profile import Profile, ProfileError, profile_from_assessment, validate_profile
from .selection import MAX_ITEMS, choose, excluded, flare_up_items

__all__ = [
    "LANGS",
    "MAX_ITEMS",
    "Context",
    "Profile",
    "ProfileError",
    "allowed_codes",
    "excluded",
    "load_knowledge",
    "profile_from_assessment",
    "recommend",
    "validate_profile",
    "weekly_progression",
]

LANGS = codes.LANGS  # every patient language: de, en, tr, ru, uk, ar, pl
MAX_SUPPORT = 3  # filled up to this many; more only when needed to answer every barrier


def _levels_output(item: Item, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "level": lv.level,
            "dose": lv.dose.as_dict(),
            "minutes": lv.dose.minutes(),
            "instructions": lv.instructions.get(lang),
        }
        for lv in item.levels
    ]


def _item_output(
    item: Item, ctx: Context, *, addresses: list[str] | None = None, level: int | None = None
) -> dict[str, Any]:
    if addresses is None:
        addresses = ordered_barriers(ctx.barriers & set(item.answers))
    suits = [c for c in codes.CONDITIONS if c in item.suits and c in ctx.conditions]
    why = (
        item.why.get(ctx.lang).rstrip(".")
        + why_suffix(ctx, favourite=item.code in ctx.enjoys, addresses=addresses, suits=suits)
        + "."
    )
    dose = item.level(level or ctx.profile.level_of(item.code)).dose if item.levels else item.dose
    if dose is not None:
        minutes = dose.minutes()
    else:
        limit = min(item.max_minutes, ctx.profile.max_minutes_per_session)
        minutes = max(item.min_minutes, min(ctx.session, limit))
    out = {
        "code": item.code,
        "kind": item.kind,
        "title": item.title.get(ctx.lang),
        "minutes": minutes,
        "impact": item.impact,
        "setting": item.setting,
        "social": item.social,
        "strategies": item_strategies(item.strategies, ctx),
        "addresses": addresses,
        "why": why,
        "family": item.family,
        "components": list(item.components),
        "needs": list(item.needs),
    }
    if dose is not None:
        out["dose"] = dose.as_dict()
    if item.levels:
        out["level"] = level or ctx.profile.level_of(item.code)
        out["levels"] = _levels_output(item, ctx.lang)
    return out


def _support_output(ctx: Context, covered: set[str]) -> list[dict[str, Any]]:
    """Support prompts in the fixed clinical order (shared decision first): first those that
    answer a barrier no item answers, so none is left open, then more up to MAX_SUPPORT."""
    supports = list(ctx.knowledge.support.values())
    open_ = set(ctx.barriers) - covered
    picked: set[str] = set()
    for support in supports:
        if open_ & set(support.triggers):
            picked.add(support.code)
            open_ -= set(support.triggers)
    for support in supports:
        if len(picked) >= MAX_SUPPORT:
            break
        if ctx.signals & set(support.triggers):
            picked.add(support.code)
    out = []
    for support in supports:
        if support.code not in picked:
            continue
        out.append(
            {
                "code": support.code,
                "kind": "support",
                "title": support.title.get(ctx.lang),
                "minutes": None,
                "impact": None,
                "setting": None,
                "social": None,
                "strategies": item_strategies(support.strategies, ctx),
                "addresses": ordered_barriers(ctx.barriers & set(support.triggers)),
                "why": support.why.get(ctx.lang),
                "family": None,
                "components": [],
                "needs": [],
            }
        )
    return out


def _review(profile: Profile, knowledge: Knowledge, lang: str) -> dict[str, Any]:
    return {
        "status": "needs_clinical_review",
        "review_reasons": clinical.flags(profile.open_red_flags, knowledge, lang),
        "cleared_flags": clinical.flags(profile.red_flags_cleared, knowledge, lang),
        "lang": lang,
        "weekly_target_minutes": None,
        "first_week_minutes": None,
        "items": [],
        "safety_net": clinical.safety_net(profile, knowledge, lang),
        "cautions": [],
        "considerations": [],
        "flare_up": None,
        "goals": None,
        "reminders": None,
    }


def weekly_progression(profile: dict[str, Any] | Profile, *, knowledge: Knowledge | None = None) -> list[int]:
    """Week-by-week minutes from the first week to the weekly target, for any valid profile (also
    when the patient wants no goals, e.g. for a chart); [] while a red flag is open."""
    knowledge = knowledge or load_knowledge()
    if not isinstance(profile, Profile):
        profile = validate_profile(profile, knowledge=knowledge)
    if profile.open_red_flags:
        return []
    gentle = build_context(profile, knowledge, "en").gentle
    return targets.weeks(profile.active_minutes_per_week, gentle=gentle)


def allowed_codes(profile: dict[str, Any] | Profile, *, knowledge: Knowledge | None = None) -> set[str]:
    """The activities and exercises this patient may have in a plan now (none while a red flag
    is open): what a follow-up may keep from the last plan although it is not suggested again."""
    knowledge = knowledge or load_knowledge()
    if not isinstance(profile, Profile):
        profile = validate_profile(profile, knowledge=knowledge)
    if profile.open_red_flags:
        return set()
    ctx = build_context(profile, knowledge, "en")
    return {i.code for i in knowledge.items.values() if i.in_plan and not excluded(i, ctx)}


def _offer_intensities(
    items: list[dict[str, Any]], offers: list[dict[str, Any]], knowledge: Knowledge
) -> list[dict[str, Any]]:
    """Offer items with the highest intensity of their offer's known activities (for cautions)."""
    by_id = {f"offer:{o.get('code') or o.get('id')}": o for o in offers if isinstance(o, dict)}
    order = list(codes.INTENSITIES)
    out = []
    for item in items:
        acts = [knowledge.items[a] for a in by_id.get(item["code"], {}).get("activities", []) if a in knowledge.items]
        intensity = max((a.intensity for a in acts), key=order.index, default=None)
        out.append({"title": item["title"], "intensity": intensity})
    return out


def recommend(
    profile: dict[str, Any] | Profile,
    *,
    lang: str = "de",
    knowledge: Knowledge | None = None,
    offers: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The plan for ``profile`` in ``lang`` (see the module docstring for the exact shape).

    ``profile`` is a decoded JSON object (validated here; ``ProfileError`` if invalid) or a
    ``Profile``. ``offers`` are nearby offers as dicts (see ``nearby.offer_items``); they become
    ``offer`` items when the patient wants company or a facility and a location is known.
    """
    if lang not in LANGS:
        raise ProfileError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    knowledge = knowledge or load_knowledge()
    if not isinstance(profile, Profile):
        profile = validate_profile(profile, knowledge=knowledge)
    if profile.open_red_flags:
        return _review(profile, knowledge, lang)
    ctx = build_context(profile, knowledge, lang)
    current = profile.active_minutes_per_week
    target = targets.weekly_target(current)
    first = targets.first_week(current, gentle=ctx.gentle)
    allowed = [i for i in knowledge.items.values() if not excluded(i, ctx)]
    chosen, missing = choose(allowed, ctx)
    items = [_item_output(i, ctx) for i in chosen]
    offered = offer_items(offers or [], ctx, allowed={i.code: i for i in allowed if i.in_plan})
    items += offered
    items += _support_output(ctx, {b for i in items for b in i["addresses"]})
    sessions = targets.sessions_per_week(first, ctx.session)
    goals = None
    if profile.wants_goals:
        key = "goals.keep" if current >= targets.WEEKLY_TARGET else "goals.build"
        goals = {
            "weekly_target_minutes": target,
            "weeks": targets.weeks(current, gentle=ctx.gentle),
            "sessions_per_week": sessions,
            "minutes_per_session": ctx.session,
            "text": knowledge.text(key, lang).format(target=target, first=first),
        }
    reminders = None
    if profile.wants_reminders:
        reminders = {"days_per_week": sessions, "text": knowledge.text("reminders.text", lang).format(days=sessions)}
    return {
        "status": "ok",
        "review_reasons": [],
        "cleared_flags": clinical.flags(profile.red_flags_cleared, knowledge, lang),
        "lang": lang,
        "weekly_target_minutes": target,
        "first_week_minutes": first,
        "items": items,
        "safety_net": clinical.safety_net(profile, knowledge, lang),
        "cautions": clinical.cautions(
            profile, knowledge, lang, chosen=chosen, offers=_offer_intensities(offered, offers or [], knowledge)
        ),
        "considerations": clinical.considerations(profile, knowledge, lang, missing=missing),
        "flare_up": {
            "text": knowledge.safety.flare_up.text.get(lang),
            "items": [_item_output(i, ctx, addresses=[], level=1) for i in flare_up_items(allowed, ctx)],
        },
        "goals": goals,
        "reminders": reminders,
    }
