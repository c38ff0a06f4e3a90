"""What the engine derives once per profile, and the wording helpers shared by all item kinds.
Pure Python: no Django."""

from __future__ import annotations

from dataclasses import dataclass

from backactive.core import codes

from . import targets
from .knowledge import Knowledge
from .profile import Profile


@dataclass(frozen=True)
class Context:
    """What the engine derives once per profile before looking at items."""

    profile: Profile
    knowledge: Knowledge
    lang: str
    barriers: frozenset[str]
    conditions: frozenset[str]
    enjoys: frozenset[str]
    enjoyed_families: frozenset[str]
    helpful_strategies: frozenset[str]  # strategies that answer one of the patient's barriers
    gentle: bool
    session: int
    favoured_families: frozenset[str]  # families that suit the person's age
    cannot: frozenset[str]  # needs codes the patient cannot meet (mobility, floor)
    high_impact_ok: bool  # no blocker, and not ruled out by mobility (favourites still decide)
    active_and_well: bool  # already active enough with low pain: high impact by choice of level
    signals: frozenset[str]  # barriers plus what the diary shows (long_session_pattern)

    def labels(self, group: dict[str, codes.Code], found: list[str]) -> str:
        return "; ".join(codes.label(group, c, self.lang) for c in found)


def build_context(profile: Profile, knowledge: Knowledge, lang: str) -> Context:
    rules = knowledge.rules
    barriers = frozenset(profile.barriers)
    conditions = frozenset(profile.conditions)
    long_sessions = profile.long_session_pattern
    gentle = (
        bool(barriers & rules.gentle_barriers)
        or profile.pain >= rules.gentle_pain
        or (long_sessions and rules.gentle_long_sessions)
    )
    first = targets.first_week(profile.active_minutes_per_week, gentle=gentle)
    caps = [rules.short_bout_minutes] if barriers & rules.short_bout_barriers else []
    if barriers & rules.pacing_barriers or long_sessions:
        caps.append(rules.pacing_minutes)
    short = min(caps) if caps else None
    enjoys = frozenset(profile.preferences.enjoys)
    cannot = rules.mobility_cannot[profile.mobility] | (frozenset() if profile.floor_ok else rules.floor_not_ok_cannot)
    blocked = bool(barriers & rules.high_impact_barriers or conditions & rules.high_impact_conditions)
    return Context(
        profile=profile,
        knowledge=knowledge,
        lang=lang,
        barriers=barriers,
        conditions=conditions,
        enjoys=enjoys,
        enjoyed_families=frozenset(knowledge.items[c].family for c in enjoys),
        helpful_strategies=frozenset(a.strategy for b in barriers for a in knowledge.answers[b]),
        gentle=gentle,
        session=targets.session_minutes(first, max_session=profile.max_minutes_per_session, short_bouts=short),
        favoured_families=rules.older_families if profile.age >= rules.older_age else frozenset(),
        cannot=cannot,
        high_impact_ok=not blocked and profile.mobility not in rules.no_high_impact_mobility,
        active_and_well=(
            profile.active_minutes_per_week >= rules.high_impact_active_minutes
            and profile.pain <= rules.high_impact_max_pain
        ),
        signals=barriers | ({"long_session_pattern"} if long_sessions else set()),
    )


def ordered_barriers(found: set[str] | frozenset[str]) -> list[str]:
    """Barrier codes in the stable order of codes.toml (output does not depend on input order)."""
    return [b for b in codes.BARRIERS if b in found]


def item_strategies(strategies: tuple[str, ...], ctx: Context) -> list[str]:
    """An item's strategies, those answering the patient's barriers first."""
    return sorted(strategies, key=lambda s: (s not in ctx.helpful_strategies, strategies.index(s)))


def reasons(ctx: Context, addresses: list[str]) -> str:
    """The patient-voice reasons for these barriers, joined: "A, B und C" / "A, B and C"."""
    found = [ctx.knowledge.reasons[b].get(ctx.lang) for b in addresses]
    if len(found) == 1:
        return found[0]
    return ", ".join(found[:-1]) + ctx.knowledge.text("why.and", ctx.lang) + found[-1]


def why_suffix(ctx: Context, *, favourite: bool, addresses: list[str], suits: list[str]) -> str:
    """The end of an item's "why", in the patient's voice: never a clinical barrier label."""
    k, lang = ctx.knowledge, ctx.lang
    if addresses:
        key = "why.favourite_addresses" if favourite else "why.addresses"
        return k.text(key, lang).format(reasons=reasons(ctx, addresses))
    if favourite:
        return k.text("why.favourite", lang)
    if suits:
        return k.text("why.suits", lang).format(conditions=ctx.labels(codes.CONDITIONS, suits))
    return ""
