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

    def labels(self, group: dict[str, codes.Code], found: list[str]) -> str:
        return "; ".join(codes.label(group, c, self.lang) for c in found)


def build_context(profile: Profile, knowledge: Knowledge, lang: str) -> Context:
    rules = knowledge.rules
    barriers = frozenset(profile.barriers)
    gentle = bool(barriers & rules.gentle_barriers) or profile.pain >= rules.gentle_pain
    first = targets.first_week(profile.active_minutes_per_week, gentle=gentle)
    short = rules.short_bout_minutes if barriers & rules.short_bout_barriers else None
    enjoys = frozenset(profile.preferences.enjoys)
    return Context(
        profile=profile,
        knowledge=knowledge,
        lang=lang,
        barriers=barriers,
        conditions=frozenset(profile.conditions),
        enjoys=enjoys,
        enjoyed_families=frozenset(knowledge.items[c].family for c in enjoys),
        helpful_strategies=frozenset(a.strategy for b in barriers for a in knowledge.answers[b]),
        gentle=gentle,
        session=targets.session_minutes(first, max_session=profile.max_minutes_per_session, short_bouts=short),
        favoured_families=rules.older_families if profile.age >= rules.older_age else frozenset(),
    )


def ordered_barriers(found: set[str] | frozenset[str]) -> list[str]:
    """Barrier codes in the stable order of codes.toml (output does not depend on input order)."""
    return [b for b in codes.BARRIERS if b in found]


def item_strategies(strategies: tuple[str, ...], ctx: Context) -> list[str]:
    """An item's strategies, those answering the patient's barriers first."""
    return sorted(strategies, key=lambda s: (s not in ctx.helpful_strategies, strategies.index(s)))


def why_suffix(ctx: Context, *, favourite: bool, addresses: list[str], suits: list[str]) -> str:
    k, lang = ctx.knowledge, ctx.lang
    if addresses:
        key = "why.favourite_addresses" if favourite else "why.addresses"
        return k.text(key, lang).format(barriers=ctx.labels(codes.BARRIERS, addresses))
    if favourite:
        return k.text("why.favourite", lang)
    if suits:
        return k.text("why.suits", lang).format(conditions=ctx.labels(codes.CONDITIONS, suits))
    return ""
