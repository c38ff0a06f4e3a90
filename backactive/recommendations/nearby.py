"""Offer items: nearby local offers (from the offers app) turned into suggestions. Pure Python.

An offer is a dict as the offers app provides it: ``code`` or ``id``, ``name``, ``activities``
(activity codes of the knowledge base), ``distance_km``, optional ``times`` (a string or a list of
strings), ``setting`` and ``attribution``. Offers are suggested only when the patient wants
company or a facility (or names loneliness or missing offers) and a location is known; every
exclusion that applies to an offer's activities applies to the offer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backactive.core import codes
from backactive.core.languages import decimal

from .context import Context, item_strategies, ordered_barriers, why_suffix
from .knowledge import Item

MAX_OFFERS = 2
COMPANY_BARRIERS = frozenset({"loneliness", "availability"})
IMPACT_ORDER = {"low": 0, "moderate": 1, "high": 2}


def wants_offers(ctx: Context) -> bool:
    prefs = ctx.profile.preferences
    return ctx.profile.location is not None and (
        prefs.social == "group" or bool(prefs.settings & {"facility", "water"}) or bool(ctx.barriers & COMPANY_BARRIERS)
    )


def _distance(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None


def _times(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return ", ".join(str(v).strip() for v in value if str(v).strip())
    return ""


@dataclass(frozen=True)
class _Candidate:
    rank: tuple[bool, float, str]
    ident: str
    name: str
    fits: tuple[Item, ...]
    setting: str
    distance: float
    times: str


def _screen(offer: dict[str, Any], allowed: dict[str, Item], ctx: Context) -> _Candidate | None:
    """A suitable offer as a candidate, or None (malformed, or nothing in it this patient may do)."""
    ident = offer.get("code") or offer.get("id")
    name = offer.get("name")
    activities = offer.get("activities")
    distance = _distance(offer.get("distance_km"))
    if not ident or not isinstance(name, str) or not name.strip() or not isinstance(activities, list):
        return None
    # Only activities this patient may do count; if none is left the offer is not suggested.
    fits = tuple(allowed[a] for a in activities if isinstance(a, str) and a in allowed)
    if not fits or distance is None:
        return None
    setting = offer.get("setting") if offer.get("setting") in codes.SETTINGS else fits[0].setting
    if setting in ("facility", "water") and ctx.barriers & ctx.knowledge.rules.facility_barriers:
        return None
    favourite = any(i.code in ctx.enjoys for i in fits)
    return _Candidate(
        rank=(not favourite, distance, str(ident)),
        ident=str(ident),
        name=name.strip(),
        fits=fits,
        setting=str(setting),
        distance=distance,
        times=_times(offer.get("times")),
    )


def _output(c: _Candidate, ctx: Context) -> dict[str, Any]:
    fits = c.fits
    social = "group" if any(i.social == "group" for i in fits) else fits[0].social
    strategies = tuple(
        dict.fromkeys(
            (("group", "commitment") if social == "group" else ()) + tuple(s for i in fits for s in i.strategies)
        )
    )[:3]
    answers = {b for i in fits for b in i.answers} | (COMPANY_BARRIERS if social == "group" else set())
    addresses = ordered_barriers(ctx.barriers & answers)
    km = decimal(c.distance, ctx.lang)
    lead = ctx.knowledge.text("offer.why", ctx.lang).format(
        distance=km, times=f", {c.times}" if c.times else "", activities=", ".join(i.title.get(ctx.lang) for i in fits)
    )
    limit = min(min(i.max_minutes for i in fits), ctx.profile.max_minutes_per_session)
    return {
        "code": f"offer:{c.ident}",
        "kind": "offer",
        "title": c.name,
        "minutes": max(min(i.min_minutes for i in fits), min(ctx.session, limit)),
        "impact": max((i.impact for i in fits), key=IMPACT_ORDER.__getitem__),
        "setting": c.setting,
        "social": social,
        "strategies": item_strategies(strategies, ctx),
        "addresses": addresses,
        "why": lead + why_suffix(ctx, favourite=not c.rank[0], addresses=addresses, suits=[]) + ".",
        "family": fits[0].family,
        "components": [k for k in codes.COMPONENTS if any(k in i.components for i in fits)],
        "needs": [k for k in codes.NEEDS if any(k in i.needs for i in fits)],
    }


def offer_items(offers: list[dict[str, Any]], ctx: Context, *, allowed: dict[str, Item]) -> list[dict[str, Any]]:
    """At most MAX_OFFERS offer items: offers with a favourite activity first, then the nearest.
    Malformed offers are skipped rather than failing the whole recommendation."""
    if not wants_offers(ctx):
        return []
    found = [c for offer in offers if isinstance(offer, dict) and (c := _screen(offer, allowed, ctx))]
    found.sort(key=lambda c: c.rank)
    return [_output(c, ctx) for c in found[:MAX_OFFERS]]
