"""Validate the handout input: a plan as ``backactive recommend`` prints it, plus what the practice adds.

Pure Python (no Django). Every problem raises :class:`HandoutInputError` with one specific message
naming the offending key, so the command line and the GP screen can show it as it is.

A plan with status ``needs_clinical_review`` is refused: a handout that encourages activity must
not leave the consulting room before the red flags behind that status have been looked at.
"""

from __future__ import annotations

import datetime
import math
import xml.etree.ElementTree as ET
from typing import Any, Final

from backactive.core import codes

KINDS: Final = ("activity", "exercise", "offer", "support")
IMPACTS: Final = ("low", "moderate", "high")
MAX_TEXT: Final = 2000
MAX_SVG: Final = 2_000_000
MAX_ITEMS: Final = 40
MAX_OFFERS: Final = 30


class HandoutInputError(ValueError):
    """The handout input is unusable; the message says which key and why."""


def _fail(where: str, problem: str) -> HandoutInputError:
    return HandoutInputError(f"{where}: {problem}")


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "must be a JSON object")
    return value


def _text(value: Any, where: str, *, required: bool = True, empty_ok: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise _fail(where, "must be a string")
    if len(value) > MAX_TEXT:
        raise _fail(where, f"is longer than {MAX_TEXT} characters")
    if not empty_ok and not value.strip():
        raise _fail(where, "must not be empty")
    return value


def _number(value: Any, where: str, *, low: float, high: float, integer: bool = False) -> float | int:
    # bool is an int in Python but never a sensible count of minutes.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(where, "must be a number")
    if integer and value != int(value):
        raise _fail(where, "must be a whole number")
    if not low <= value <= high:
        raise _fail(where, f"must be between {low:g} and {high:g}, got {value:g}")
    return int(value) if integer else value


def _choice(value: Any, where: str, allowed: tuple[str, ...] | list[str]) -> str:
    if value not in allowed:
        raise _fail(where, f"must be one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def _str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, "must be a list of strings")
    return list(value)


def svg_text(value: Any, where: str) -> str:
    """The SVG text if it is a well-formed ``<svg>`` document without a DOCTYPE, else an error."""
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "must be SVG text")
    if len(value) > MAX_SVG:
        raise _fail(where, f"is larger than {MAX_SVG} characters")
    # No DOCTYPE means no entity definitions, so parsing cannot blow up (billion laughs).
    if "<!DOCTYPE" in value.upper():
        raise _fail(where, "must not contain a DOCTYPE")
    try:
        root = ET.fromstring(value)
    except ET.ParseError as exc:
        raise _fail(where, f"is not well-formed SVG ({exc})") from None
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        raise _fail(where, f"must have <svg> as its root element, got <{root.tag}>")
    return value


def _item(raw: Any, where: str) -> dict[str, Any]:
    item = _obj(raw, where)
    for key in ("code", "kind", "title", "why"):
        if key not in item:
            raise _fail(where, f"lacks '{key}'")
    _text(item["code"], f"{where}.code")
    _choice(item["kind"], f"{where}.kind", KINDS)
    _text(item["title"], f"{where}.title")
    # Support items (a conversation, a tip) have no duration: the engine gives them null minutes.
    if item.get("minutes") is not None:
        _number(item["minutes"], f"{where}.minutes", low=0, high=600)
    _text(item["why"], f"{where}.why", empty_ok=True)
    # Saved plans store "not given" as an empty string, the engine as null: both mean absent.
    if item.get("impact"):
        _choice(item["impact"], f"{where}.impact", IMPACTS)
    if item.get("setting"):
        _choice(item["setting"], f"{where}.setting", list(codes.SETTINGS))
    if item.get("social"):
        _choice(item["social"], f"{where}.social", list(codes.SOCIAL))
    for key in ("strategies", "addresses"):
        if item.get(key) is not None:
            _str_list(item[key], f"{where}.{key}")
    if item.get("times_per_week") is not None:
        _number(item["times_per_week"], f"{where}.times_per_week", low=1, high=21, integer=True)
    if item.get("intensity"):
        _choice(item["intensity"], f"{where}.intensity", list(codes.INTENSITIES))
    # A home exercise's level (1 easier, 2 standard, 3 harder): its drawing and dose are printed.
    if item.get("level") is not None:
        _number(item["level"], f"{where}.level", low=1, high=3, integer=True)
    if item.get("dose") is not None:
        _dose(item["dose"], f"{where}.dose")
    # A saved offer item carries the offer itself (name, address, times, ...) as "details".
    if item["kind"] == "offer" and item.get("details"):
        _offer(item["details"], f"{where}.details")
    return item


def _dose(raw: Any, where: str) -> None:
    dose = _obj(raw, where)
    _number(dose.get("sets"), f"{where}.sets", low=1, high=10, integer=True)
    for key, high in (("reps", 100), ("hold_seconds", 900), ("rest_seconds", 600)):
        if dose.get(key) is not None:
            _number(dose[key], f"{where}.{key}", low=1, high=high, integer=True)
    if not dose.get("reps") and not dose.get("hold_seconds"):
        raise _fail(where, "needs reps or hold_seconds")
    if not isinstance(dose.get("per_side"), bool):
        raise _fail(f"{where}.per_side", "must be true or false")


def _safety(data: dict[str, Any]) -> None:
    """The engine's safety_net ([{code, text}]) and flare_up ({text, items}), both optional."""
    if data.get("safety_net") is not None:
        entries = data["safety_net"]
        if not isinstance(entries, list) or len(entries) > MAX_ITEMS:
            raise _fail("safety_net", f"must be a list of at most {MAX_ITEMS} objects")
        for i, entry in enumerate(entries):
            where = f"safety_net[{i}]"
            _obj(entry, where)
            _text(entry.get("code"), f"{where}.code")
            _text(entry.get("text"), f"{where}.text")
    if data.get("flare_up") is not None:
        flare = _obj(data["flare_up"], "flare_up")
        _text(flare.get("text"), "flare_up.text")
        items = flare.get("items", [])
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise _fail("flare_up.items", f"must be a list of at most {MAX_ITEMS} objects")
        for i, item in enumerate(items):
            _item(item, f"flare_up.items[{i}]")


def _offer(raw: Any, where: str) -> None:
    offer = _obj(raw, where)
    _text(offer.get("name"), f"{where}.name")
    for key in ("address", "attribution"):
        _text(offer.get(key), f"{where}.{key}", required=False, empty_ok=True)
    # The offers app keeps weekly times as a list and § 20 certification as a flag; both forms pass.
    if isinstance(offer.get("times"), list):
        for i, slot in enumerate(offer["times"]):
            _text(slot, f"{where}.times[{i}]")
    else:
        _text(offer.get("times"), f"{where}.times", required=False, empty_ok=True)
    if not isinstance(offer.get("certified"), bool):
        _text(offer.get("certified"), f"{where}.certified", required=False, empty_ok=True)
    if offer.get("distance_km") is not None:
        _number(offer["distance_km"], f"{where}.distance_km", low=0, high=1000)
    if offer.get("rehasport") is not None and not isinstance(offer["rehasport"], bool):
        raise _fail(f"{where}.rehasport", "must be true or false")


def _exercises(raw: Any) -> None:
    details = _obj(raw, "exercises")
    for code, entry in details.items():
        where = f"exercises.{code}"
        _obj(entry, where)
        instructions = entry.get("instructions")
        if isinstance(instructions, list):
            for i, step in enumerate(instructions):
                _text(step, f"{where}.instructions[{i}]")
        else:
            _text(instructions, f"{where}.instructions", required=False)
        if entry.get("drawing_svg") is not None:
            svg_text(entry["drawing_svg"], f"{where}.drawing_svg")


def _extras(data: dict[str, Any]) -> None:
    if data.get("patient") is not None:
        patient = _obj(data["patient"], "patient")
        _text(patient.get("display_name"), "patient.display_name", required=False, empty_ok=True)
        if patient.get("pain_scale"):  # blank: the diary uses numbers
            _choice(patient["pain_scale"], "patient.pain_scale", list(codes.PAIN_SCALES))
    if data.get("practice") is not None:
        practice = _obj(data["practice"], "practice")
        _text(practice.get("name"), "practice.name")
        for key in ("phone", "address"):
            _text(practice.get(key), f"practice.{key}", required=False, empty_ok=True)
    if data.get("offers") is not None:
        if not isinstance(data["offers"], list) or len(data["offers"]) > MAX_OFFERS:
            raise _fail("offers", f"must be a list of at most {MAX_OFFERS} objects")
        for i, offer in enumerate(data["offers"]):
            _offer(offer, f"offers[{i}]")
    if data.get("chart_svg") is not None:
        svg_text(data["chart_svg"], "chart_svg")
    if data.get("goal") is not None:
        goal = _obj(data["goal"], "goal")
        if goal.get("weekly_minutes") is not None:
            _number(goal["weekly_minutes"], "goal.weekly_minutes", low=1, high=3000, integer=True)
        _text(goal.get("text"), "goal.text", required=False)
    if data.get("invitation") is not None:
        invitation = _obj(data["invitation"], "invitation")
        _text(invitation.get("url"), "invitation.url")
        _text(invitation.get("code"), "invitation.code", required=False)
    _text(data.get("calendar_url"), "calendar_url", required=False)
    if data.get("exercises") is not None:
        _exercises(data["exercises"])
    _text(data.get("signed_by"), "signed_by", required=False)
    for key in ("date", "created"):
        if data.get(key) is not None:
            try:
                datetime.date.fromisoformat(_text(data[key], key) or "")
            except ValueError:
                raise _fail(key, f"must be an ISO date like 2026-11-26, got {data[key]!r}") from None


def validate_handout_input(data: Any) -> dict[str, Any]:
    """Check ``data`` against the handout contract and return it unchanged.

    Raises :class:`HandoutInputError` with a message naming the first problem found.
    """
    plan = _obj(data, "input")
    for key in ("status", "lang", "weekly_target_minutes", "first_week_minutes", "items"):
        if key not in plan:
            raise _fail("input", f"lacks '{key}'")
    status = _choice(plan["status"], "status", ["ok", "needs_clinical_review"])
    if status == "needs_clinical_review":
        reasons = plan.get("review_reasons") or []
        listed = ", ".join(str(r) for r in reasons) if isinstance(reasons, list) else ""
        raise _fail(
            "status",
            "the plan needs clinical review first"
            + (f" ({listed})" if listed else "")
            + "; no handout is printed until a reviewed plan exists",
        )
    _choice(plan["lang"], "lang", list(codes.LANGS))
    _number(plan["weekly_target_minutes"], "weekly_target_minutes", low=0, high=3000, integer=True)
    _number(plan["first_week_minutes"], "first_week_minutes", low=0, high=3000, integer=True)
    items = plan["items"]
    if not isinstance(items, list):
        raise _fail("items", "must be a list")
    if not items:
        raise _fail("items", "the plan has no items to print")
    if len(items) > MAX_ITEMS:
        raise _fail("items", f"has more than {MAX_ITEMS} entries")
    for i, item in enumerate(items):
        _item(item, f"items[{i}]")
    if plan.get("review_reasons") is not None:
        _str_list(plan["review_reasons"], "review_reasons")
    _extras(plan)
    _safety(plan)
    return plan
