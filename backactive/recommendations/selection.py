"""Which items a patient may get and which of them make the list. Pure Python: no Django.

``excluded`` is the one home of the absolute exclusions; ``choose`` ranks what is left (the
patient's favourites and preferences first, then the barriers an item answers, then the clinical
base order) and makes sure the list holds the components every plan needs (strength for all,
balance from 65), as far as the exclusions allow.
"""

from __future__ import annotations

from .context import Context
from .knowledge import Item

MAX_ITEMS = 6  # activities and exercises; a GP can discuss about six in a minute
MAX_PER_KIND = 4  # so the list holds both activities and home exercises
MAX_FLARE_REST = 2  # rest positions in the flare-up plan
MAX_FLARE_MOVE = 2  # gentle movements in the flare-up plan
IMPACT_ORDER = {"low": 0, "moderate": 1, "high": 2}


def _favourite(item: Item, ctx: Context) -> int:
    return 2 if item.code in ctx.enjoys else 1 if item.family in ctx.enjoyed_families else 0


def excluded(item: Item, ctx: Context) -> bool:
    """True if ``item`` must never be suggested to this patient (the absolute exclusions)."""
    rules, profile = ctx.knowledge.rules, ctx.profile
    # High impact: never with the blockers (fear, pain after activity, arthrosis, osteoporosis,
    # pregnancy, walking aid, wheelchair); otherwise only by the patient's choice (the item or its
    # family is a favourite) or for someone already active enough with low pain.
    if item.impact == "high" and not (ctx.high_impact_ok and (_favourite(item, ctx) or ctx.active_and_well)):
        return True
    if item.needs_facility and ctx.barriers & rules.facility_barriers:
        return True
    if ctx.cannot.intersection(item.needs):
        return True
    for condition in ctx.conditions:
        if item.position in rules.position_excluded_by.get(condition, ()):
            return True
        if item.movements & rules.movement_excluded_by.get(condition, frozenset()):
            return True
    return bool(item.excluded_by & ctx.conditions) or item.min_minutes > profile.max_minutes_per_session


def _preference_score(item: Item, ctx: Context) -> int:
    prefs = ctx.profile.preferences
    score = 0
    if prefs.social != "any":
        score += 2 if item.social == prefs.social else 1 if item.social == "either" else 0
    if item.setting in prefs.settings:
        score += 2
    return score


def rank_key(item: Item, ctx: Context) -> tuple[int, int, int, int, int, int, str]:
    """Favourites first, then social and setting preferences, then barriers answered; then
    conditions (and age) it suits, a lower impact for a gentle start, and the clinical base order
    (walking, everyday activity and simple strength first); the code breaks remaining ties."""
    answered = sum(1 for b in item.answers if b in ctx.barriers)
    suits = len(item.suits & ctx.conditions) + (item.family in ctx.favoured_families)
    impact = IMPACT_ORDER[item.impact] if ctx.gentle else 0
    return (-_favourite(item, ctx), -_preference_score(item, ctx), -answered, -suits, impact, item.priority, item.code)


def required_components(ctx: Context) -> tuple[str, ...]:
    rules = ctx.knowledge.rules
    older = ctx.profile.age >= rules.older_components_age
    return rules.always_components + (rules.older_components if older else ())


def _first_pick(ranked: list[Item], ctx: Context) -> list[Item]:
    """The best-ranked items, at most one per family (two if the second is a favourite)."""
    chosen: list[Item] = []
    per_family: dict[str, int] = {}
    per_kind: dict[str, int] = {}
    for item in ranked:
        limit = 2 if item.code in ctx.enjoys else 1
        if per_family.get(item.family, 0) >= limit or per_kind.get(item.kind, 0) >= MAX_PER_KIND:
            continue
        chosen.append(item)
        per_family[item.family] = per_family.get(item.family, 0) + 1
        per_kind[item.kind] = per_kind.get(item.kind, 0) + 1
        if len(chosen) == MAX_ITEMS:
            break
    return chosen


def _make_room(chosen: list[Item], ctx: Context, keep: set[str]) -> None:
    """Drop the lowest-ranked item that is no favourite and not the only holder of a required
    component, so a missing component can come in."""
    for item in reversed(chosen):
        if item.code in ctx.enjoys:
            continue
        needed = [c for c in keep if c in item.components and sum(c in i.components for i in chosen) == 1]
        if not needed:
            chosen.remove(item)
            return


def choose(allowed: list[Item], ctx: Context) -> tuple[list[Item], list[str]]:
    """The plan's items in rank order, and the required components no allowed item provides."""
    keys = {i.code: rank_key(i, ctx) for i in allowed if i.in_plan}
    ranked = sorted((i for i in allowed if i.in_plan), key=lambda i: keys[i.code])
    chosen = _first_pick(ranked, ctx)
    required = required_components(ctx)
    missing = []
    for component in required:
        if any(component in i.components for i in chosen):
            continue
        candidate = next((i for i in ranked if component in i.components and i not in chosen), None)
        if candidate is None:
            missing.append(component)
            continue
        if len(chosen) >= MAX_ITEMS:
            _make_room(chosen, ctx, set(required))
        chosen.append(candidate)
    chosen.sort(key=lambda i: keys[i.code])
    return chosen, missing


def flare_up_items(allowed: list[Item], ctx: Context) -> list[Item]:
    """The bad-day plan: a couple of rest positions and a couple of gentle movements, all within
    the patient's exclusions, in the clinical base order."""
    ordered = sorted((i for i in allowed if i.flare_up != "no"), key=lambda i: (i.priority, i.code))
    rest = [i for i in ordered if i.flare_up == "only"][:MAX_FLARE_REST]
    move = [i for i in ordered if i.flare_up == "also"][:MAX_FLARE_MOVE]
    return rest + move
