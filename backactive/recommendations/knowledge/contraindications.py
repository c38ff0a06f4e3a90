"""Everything that excludes an item, gathered from the item and from rules.toml, so the content
list, the exercise library and reviewers see one answer. Pure Python: no Django.

The engine applies the same rules (``selection.excluded``); a test checks that the two agree.
"""

from __future__ import annotations

from typing import Any

from backactive.core import codes

from .model import Item, Knowledge


def contraindications(item: Item, knowledge: Knowledge) -> dict[str, Any]:
    """{"conditions", "barriers", "mobility", "floor_not_ok", "high_impact_by_choice"}: the condition
    and barrier codes and mobility codes that exclude ``item`` (in codes.toml order), whether
    patients who cannot get down to the floor are excluded, and whether it is high impact (then
    only suggested by the patient's choice)."""
    rules = knowledge.rules
    conditions = set(item.excluded_by)
    barriers: set[str] = set()
    for condition, positions in rules.position_excluded_by.items():
        if item.position in positions:
            conditions.add(condition)
    for condition, movements in rules.movement_excluded_by.items():
        if item.movements & movements:
            conditions.add(condition)
    mobility = {m for m, cannot in rules.mobility_cannot.items() if cannot & set(item.needs)}
    if item.impact == "high":
        conditions |= rules.high_impact_conditions
        barriers |= rules.high_impact_barriers
        mobility |= rules.no_high_impact_mobility
    if item.needs_facility:
        barriers |= rules.facility_barriers
    return {
        "conditions": [c for c in codes.CONDITIONS if c in conditions],
        "barriers": [b for b in codes.BARRIERS if b in barriers],
        "mobility": [m for m in codes.MOBILITY if m in mobility],
        "floor_not_ok": bool(rules.floor_not_ok_cannot & set(item.needs)),
        "high_impact_by_choice": item.impact == "high",
    }
