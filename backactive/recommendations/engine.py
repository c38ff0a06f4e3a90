"""The recommendation engine: a validated profile in, a plan the patient can choose from out.

Pure Python (no Django) and deterministic: the same profile, language, knowledge and offers give
the same output, byte for byte. The output dict is exactly what ``backactive recommend`` prints:

    status                 "ok" | "needs_clinical_review"
    review_reasons         [{"code", "label"}] of the red flags (empty when ok)
    lang                   "de" | "en"
    weekly_target_minutes  int (null under review)
    first_week_minutes     int (null under review)
    items                  [{"code", "kind", "title", "minutes", "impact", "setting", "social",
                             "strategies", "addresses", "why"}]; kind activity|exercise|offer|support;
                           offer codes are "offer:<id>"; support items have null minutes, impact,
                           setting and social
    goals                  null unless wants_goals: {"weekly_target_minutes", "weeks",
                             "sessions_per_week", "minutes_per_session", "text"}
    reminders              null unless wants_reminders: {"days_per_week", "text"}
"""

from __future__ import annotations

from typing import Any

from backactive.core import codes

from . import targets
from .context import Context, build_context, item_strategies, ordered_barriers, why_suffix
from .knowledge import Item, Knowledge, load_knowledge
from .nearby import offer_items
from .profile import Profile, ProfileError, profile_from_assessment, validate_profile

__all__ = [
    "LANGS",
    "MAX_ITEMS",
    "Context",
    "Profile",
    "ProfileError",
    "excluded",
    "load_knowledge",
    "profile_from_assessment",
    "recommend",
    "validate_profile",
    "weekly_progression",
]

LANGS = ("de", "en")
MAX_ITEMS = 6  # activities and exercises; a GP can discuss about six in a minute
MAX_PER_KIND = 4  # so the list holds both activities and home exercises
MAX_SUPPORT = 3
IMPACT_ORDER = {"low": 0, "moderate": 1, "high": 2}


def excluded(item: Item, profile: Profile, knowledge: Knowledge) -> bool:
    """True if ``item`` must never be suggested to this patient (the absolute exclusions)."""
    rules = knowledge.rules
    barriers, conditions = set(profile.barriers), set(profile.conditions)
    if item.impact == "high" and (barriers & rules.high_impact_barriers or conditions & rules.high_impact_conditions):
        return True
    if item.needs_facility and barriers & rules.facility_barriers:
        return True
    return bool(item.excluded_by & conditions) or item.min_minutes > profile.max_minutes_per_session


def _preference_score(item: Item, ctx: Context) -> int:
    prefs = ctx.profile.preferences
    score = 0
    if prefs.social != "any":
        score += 2 if item.social == prefs.social else 1 if item.social == "either" else 0
    if item.setting in prefs.settings:
        score += 2
    return score


def _rank_key(item: Item, ctx: Context) -> tuple[int, int, int, int, int, str]:
    """Favourites first, then social and setting preferences, then barriers answered; then
    conditions (and age) it suits and, for a gentle start, lower impact; the code breaks ties."""
    favourite = 2 if item.code in ctx.enjoys else 1 if item.family in ctx.enjoyed_families else 0
    answered = sum(1 for b in item.answers if b in ctx.barriers)
    suits = len(item.suits & ctx.conditions) + (item.family in ctx.favoured_families)
    impact = IMPACT_ORDER[item.impact] if ctx.gentle else 0
    return (-favourite, -_preference_score(item, ctx), -answered, -suits, impact, item.code)


def _choose(candidates: list[Item], ctx: Context) -> list[Item]:
    """The best-ranked items, at most one per family (two if the second is a favourite)."""
    chosen: list[Item] = []
    per_family: dict[str, int] = {}
    per_kind: dict[str, int] = {}
    for item in sorted(candidates, key=lambda i: _rank_key(i, ctx)):
        limit = 2 if item.code in ctx.enjoys else 1
        if per_family.get(item.family, 0) >= limit or per_kind.get(item.kind, 0) >= MAX_PER_KIND:
            continue
        chosen.append(item)
        per_family[item.family] = per_family.get(item.family, 0) + 1
        per_kind[item.kind] = per_kind.get(item.kind, 0) + 1
        if len(chosen) == MAX_ITEMS:
            break
    return chosen


def _item_output(item: Item, ctx: Context) -> dict[str, Any]:
    addresses = ordered_barriers(ctx.barriers & set(item.answers))
    suits = [c for c in codes.CONDITIONS if c in item.suits and c in ctx.conditions]
    why = (
        item.why.get(ctx.lang).rstrip(".")
        + why_suffix(ctx, favourite=item.code in ctx.enjoys, addresses=addresses, suits=suits)
        + "."
    )
    limit = min(item.max_minutes, ctx.profile.max_minutes_per_session)
    return {
        "code": item.code,
        "kind": item.kind,
        "title": item.title.get(ctx.lang),
        "minutes": max(item.min_minutes, min(ctx.session, limit)),
        "impact": item.impact,
        "setting": item.setting,
        "social": item.social,
        "strategies": item_strategies(item.strategies, ctx),
        "addresses": addresses,
        "why": why,
    }


def _support_output(ctx: Context) -> list[dict[str, Any]]:
    out = []
    for support in ctx.knowledge.support.values():
        addresses = ordered_barriers(ctx.barriers & set(support.triggers))
        if not addresses:
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
                "addresses": addresses,
                "why": support.why.get(ctx.lang),
            }
        )
        if len(out) == MAX_SUPPORT:
            break
    return out


def _review(profile: Profile, lang: str) -> dict[str, Any]:
    reasons = [
        {"code": c, "label": codes.label(codes.RED_FLAGS, c, lang)} for c in codes.RED_FLAGS if c in profile.red_flags
    ]
    return {
        "status": "needs_clinical_review",
        "review_reasons": reasons,
        "lang": lang,
        "weekly_target_minutes": None,
        "first_week_minutes": None,
        "items": [],
        "goals": None,
        "reminders": None,
    }


def weekly_progression(profile: dict[str, Any] | Profile, *, knowledge: Knowledge | None = None) -> list[int]:
    """Week-by-week minutes from the first week to the weekly target, for any valid profile (also
    when the patient wants no goals, e.g. for a chart); [] when a red flag stops the plan."""
    knowledge = knowledge or load_knowledge()
    if not isinstance(profile, Profile):
        profile = validate_profile(profile, knowledge=knowledge)
    if profile.red_flags:
        return []
    gentle = build_context(profile, knowledge, "en").gentle
    return targets.weeks(profile.active_minutes_per_week, gentle=gentle)


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
    if profile.red_flags:
        return _review(profile, lang)
    ctx = build_context(profile, knowledge, lang)
    current = profile.active_minutes_per_week
    target = targets.weekly_target(current)
    first = targets.first_week(current, gentle=ctx.gentle)
    allowed = [i for i in knowledge.items.values() if not excluded(i, profile, knowledge)]
    items = [_item_output(i, ctx) for i in _choose(allowed, ctx)]
    items += offer_items(offers or [], ctx, allowed={i.code: i for i in allowed})
    items += _support_output(ctx)
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
        "lang": lang,
        "weekly_target_minutes": target,
        "first_week_minutes": first,
        "items": items,
        "goals": goals,
        "reminders": reminders,
    }
