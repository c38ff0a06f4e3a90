"""The handout's content, resolved into one plain dict: every label in the patient's language, every
number already phrased ("3 times a week"), every picture as SVG text.

Pure Python (no Django). The Typst template and the HTML preview both lay out this dict and add no
words of their own, so paper and screen say the same thing.

Languages (issue 19): any patient language; ``dir`` is "rtl" for Arabic. ``bilingual`` adds German
beside the headings and doses (``de``: the German labels, ``*_de`` fields), for the practice team
and family. Safety-netting, red-flag and flare-up texts carry their German original
(``safety_net[i].de``, ``flare_up.text_de``) until a native speaker has reviewed the language
(``backactive.core.languages.safety_reviewed``), bilingual or not.
"""

from __future__ import annotations

import datetime
import tomllib
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from backactive.core import codes
from backactive.core.languages import ADDED_LANGS, FALLBACK, decimal, fill, is_rtl, read_added, safety_reviewed
from backactive.diary.faces import FACE_VALUES, face_svg
from backactive.exercises.cards import exercise_card
from backactive.handouts.graphics import faces_scale_svg, numeric_scale_svg, qr_svg
from backactive.handouts.validation import HandoutInputError, svg_text, validate_handout_input
from backactive.recommendations import knowledge

OSM_ATTRIBUTION: Final = "© OpenStreetMap contributors, ODbL"
# What ``certified: true`` means: the offers app records only prevention courses under § 20 SGB V.
CERTIFIED_20: Final = "§ 20 SGB V"
PRESCRIBED_KINDS: Final = ("activity", "exercise", "offer")


def _load_labels(path: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]], list[str]]:
    """The defaults, every language's labels (an added language's missing label reads German),
    and ``key.lang`` of the labels an added language lacks."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    langs = {lang: raw[lang] for lang in ("de", "en")}
    keys = {lang: set(table) for lang, table in langs.items()}
    if keys["de"] != keys["en"]:
        raise ValueError(f"{path.name}: de and en differ in {sorted(keys['de'] ^ keys['en'])}")
    missing = []
    for lang, table in read_added(path.with_name("translations")).items():
        unknown = set(table) - keys["de"]
        if unknown:
            raise ValueError(f"translations/{lang}.toml: unknown label(s) {sorted(unknown)}")
        missing += [f"{key}.{lang}" for key in langs["de"] if key not in table]
        langs[lang] = langs[FALLBACK] | table
    return raw["defaults"], langs, missing


_DEFAULTS, LABELS, UNTRANSLATED = _load_labels(Path(__file__).with_name("labels.toml"))


def _say(labels: dict[str, Any], key: str, lang: str, n: int | None = None, **values: object) -> str:
    """A label with its placeholders filled; ``n`` chooses among plural forms where it has them."""
    return fill(labels[key], lang, n, **values)


def _format_date(day: datetime.date, labels: dict[str, Any]) -> str:
    return str(labels["date_format"]).format(day=day.day, month=labels["months"][day.month - 1], year=day.year)


def _is_osm(attribution: str | None) -> bool:
    text = (attribution or "").strip().lower()
    return text == "osm" or "openstreetmap" in text


def _times_per_week(items: list[dict[str, Any]], first_week: int) -> list[int | None]:
    """How often each item is done in the first week, where the plan does not say.

    Exercises (strength and mobility) default to a few short sessions and do not count towards
    the weekly minutes, as in the WHO 2020 guidelines, which count aerobic activity and
    muscle strengthening separately. Activities and offers share the first week's minutes (less
    what items with a fixed frequency already take), at least once and at most daily, so the plan
    adds up to roughly the first-week figure the patient agreed to.
    """
    exercise_default = int(_DEFAULTS["exercise_times_per_week"])
    out: list[int | None] = []
    counted = [i for i in items if i["kind"] in ("activity", "offer")]
    sharing = [i for i in counted if not i.get("times_per_week")]
    fixed = sum(int(i.get("minutes") or 0) * int(i["times_per_week"]) for i in counted if i.get("times_per_week"))
    left = max(first_week - fixed, 0)
    for item in items:
        if item.get("times_per_week"):
            out.append(int(item["times_per_week"]))
        elif item["kind"] == "exercise":
            out.append(exercise_default)
        elif item["kind"] == "support":
            out.append(None)
        else:
            minutes = max(int(item.get("minutes") or 0), 1)
            out.append(min(max(round(left / len(sharing) / minutes), 1), 7))
    return out


def _often(times: int | None, labels: dict[str, Any], lang: str) -> str:
    if times is None:
        return str(labels["as_needed"])
    if times == 7:
        return str(labels["daily"])
    if times == 1:
        return str(labels["once"])
    return _say(labels, "times_per_week", lang, times)


def _long(minutes: int, labels: dict[str, Any], lang: str, key: str = "minutes_each") -> str:
    return _say(labels, key, lang, minutes) if minutes else str(labels["no_duration"])


def _retold(item: dict[str, Any], lang: str, plan_lang: str) -> tuple[str, str]:
    """The item's title and why in ``lang``: the plan's own words when the plan is in ``lang``,
    else the knowledge's (an offer's name and a practice's own item stay as written)."""
    title, why = item["title"], item.get("why") or ""
    if lang == plan_lang:
        return title, why
    try:
        found = knowledge.item(item["code"])
    except KeyError:
        support = knowledge.load_knowledge().support.get(item["code"])
        if support is not None and item["kind"] == "support":
            return support.title.get(lang), support.why.get(lang)
        return title, why
    return (found.title.get(lang), found.why.get(lang)) if item["kind"] != "offer" else (title, why)


def _item(item: dict[str, Any], times: int | None, labels: dict[str, Any], lang: str, plan_lang: str,
          german: dict[str, Any] | None) -> dict[str, Any]:
    kind = item["kind"]
    intensity = item.get("intensity") or _known_intensity(item["code"]) or _DEFAULTS.get(f"intensity_{kind}")
    minutes = int(item.get("minutes") or 0)
    title, why = _retold(item, lang, plan_lang)
    return {
        "code": item["code"],
        "kind": kind,
        "level": item.get("level"),
        "title": title,
        "minutes": minutes,
        "times_per_week": times,
        "intensity": intensity,
        "often": _often(times, labels, lang),
        "long": _long(minutes, labels, lang),
        "long_short": _long(minutes, labels, lang, "minutes_short"),
        "hard": labels[f"intensity_{intensity}"] if intensity else labels["no_intensity"],
        "intensity_label": codes.label(codes.INTENSITIES, intensity, lang) if intensity else "",
        # Bilingual: how often, how long and how hard in German too ("" when not asked for).
        "often_de": _often(times, german, "de") if german else "",
        "long_de": _long(minutes, german, "de") if german else "",
        "hard_de": (german[f"intensity_{intensity}"] if intensity else german["no_intensity"]) if german else "",
        "why": why,
        "setting": codes.label(codes.SETTINGS, item["setting"], lang) if item.get("setting") else "",
        "social": codes.label(codes.SOCIAL, item["social"], lang) if item.get("social") else "",
        "dose": item.get("dose"),
    }


def _known_intensity(code: str) -> str | None:
    try:
        return knowledge.item(code).intensity
    except KeyError:
        return None


@lru_cache(maxsize=128)
def _drawing(path: Path) -> str:
    return svg_text(path.read_text(encoding="utf-8"), path.name)


def _known_exercise(code: str, lang: str, level: int | None) -> dict[str, Any]:
    """Instructions, drawing and dose from the exercise library (the level's still, with the level
    card as "card") or else the recommendation knowledge, if it knows ``code``."""
    card = exercise_card(code, level, lang)
    if card is not None:
        still = svg_text(card["drawing"], code) if card["drawing"] else None
        return {"instructions": card["instructions"], "drawing_svg": still, "card": card}
    try:
        found = knowledge.item(code)
    except KeyError:
        return {}
    path = found.drawing
    return {
        "instructions": found.instructions.get(lang),
        "drawing_svg": _drawing(path) if path else None,
        "dose": found.dose,
    }


def _dose_line(item: dict[str, Any], known: dict[str, Any], lang: str) -> str:
    """The dose in words: the plan's own dose if it carries one, else the knowledge's, else ""."""
    raw = item.get("dose")
    if isinstance(raw, dict):
        dose = knowledge.Dose(
            sets=int(raw["sets"]),
            reps=raw.get("reps"),
            hold_seconds=raw.get("hold_seconds"),
            rest_seconds=raw.get("rest_seconds"),
            per_side=bool(raw["per_side"]),
        )
        known_dose = known.get("dose")
        if known_dose is not None and known_dose.as_dict() == dose.as_dict():
            dose = known_dose  # the knowledge also knows how long a repetition takes
        return knowledge.dose_text(dose, lang)
    return knowledge.dose_text(known["dose"], lang) if known.get("dose") else ""


def _exercise_dose(item: dict[str, Any], known: dict[str, Any], lang: str) -> str:
    """A library exercise's level and that level's dose (the level card wins); else the dose line."""
    card = known.get("card")
    return f"{card['level_name']} · {card['dose_text']}" if card else _dose_line(item, known, lang)


def _exercises(items: list[dict[str, Any]], details: dict[str, Any], labels: dict[str, Any], lang: str,
               bilingual: bool) -> list[Any]:
    """The exercises of the plan with steps and drawing: from the input's ``exercises`` (the
    caller's own text wins), else from the recommendation knowledge, else a note to ask."""
    out = []
    for item in items:
        if item["kind"] != "exercise":
            continue
        known = _known_exercise(item["code"], lang, item.get("level"))
        entry = details.get(item["code"]) or known
        steps = entry.get("instructions") or []
        if isinstance(steps, str):
            steps = [line.strip() for line in steps.splitlines() if line.strip()]
        dose = _exercise_dose(item, known, lang)
        german = _known_exercise(item["code"], "de", item.get("level")) if bilingual else {}
        dose_de = _exercise_dose(item, german, "de") if bilingual else ""
        out.append(
            {
                "code": item["code"],
                "title": item["title"],
                "line": f"{item['often']} · {dose or item['long']}",
                "line_de": f"{item['often_de']} · {dose_de or item['long_de']}" if bilingual else "",
                "steps": steps or [labels["exercise_no_details"]],
                "drawing_svg": entry.get("drawing_svg"),
                "drawing_wide": _is_wide(entry.get("drawing_svg")),
                "drawing_alt": labels["drawing_of"].format(title=item["title"]),
            }
        )
    return out


def _is_wide(svg: str | None) -> bool:
    """Whether a drawing is much wider than high (the library's start → end still), so the layout
    gives it a wide column; a single picture (a practice's upload, a caller's own drawing) keeps a
    narrow one and leaves the text its room."""
    if not svg:
        return False
    root = ET.fromstring(svg)
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        width, height = (float(box[2]), float(box[3])) if len(box) == 4 else (
            float(root.get("width", "")), float(root.get("height", "")))
    except ValueError:
        return False
    return height > 0 and width / height >= 2


def _offers(raw: list[dict[str, Any]], labels: dict[str, Any], lang: str) -> tuple[list[Any], list[str]]:
    offers, attributions = [], []
    for offer in raw:
        km = offer.get("distance_km")
        distance = ""
        if km is not None:
            distance = labels["offer_distance"].format(km=decimal(km, lang))
        attribution = offer.get("attribution")
        source = OSM_ATTRIBUTION if _is_osm(attribution) else (attribution or "")
        if source and source not in attributions:
            attributions.append(source)
        times = offer.get("times") or ""
        certified = CERTIFIED_20 if offer.get("certified") is True else offer.get("certified")
        offers.append(
            {
                "name": offer["name"],
                "address": offer.get("address") or "",
                "times": ", ".join(times) if isinstance(times, list) else times,
                "distance": distance,
                "certified": labels["offer_certified"].format(text=certified) if certified else "",
                "rehasport": labels["offer_rehasport"] if offer.get("rehasport") else "",
            }
        )
    return offers, attributions


def _chosen_offers(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``offers`` given, else the offers the plan's offer items carry as ``details``."""
    if plan.get("offers") is not None:
        return list(plan["offers"])
    return [i["details"] for i in plan["items"] if i["kind"] == "offer" and i.get("details")]


def _diary(data: dict[str, Any], exercises: list[Any], labels: dict[str, Any], lang: str) -> dict[str, Any]:
    scale = (data.get("patient") or {}).get("pain_scale") or "numeric"
    return {
        "scale": scale,
        "intro": labels[f"diary_intro_{scale}"],
        "days": labels["weekdays"],
        "exercises": [e["title"] for e in exercises],
        "faces": [{"value": v, "svg": face_svg(v)} for v in FACE_VALUES] if scale == "faces" else [],
        # One picture for the whole scale (numbers or faces); the 10 cm line is drawn by the layout.
        "scale_svg": {"numeric": numeric_scale_svg, "faces": faces_scale_svg}.get(scale, lambda: None)(),
        "scale_alt": codes.label(codes.PAIN_SCALES, scale, lang),
    }


def _safety_net(plan: dict[str, Any], lang: str, with_german: bool) -> list[dict[str, str]]:
    """When to stop and seek help: the plan's own safety net, else the one every patient gets;
    each entry in ``lang`` (retold from the knowledge when the plan is in another language) and,
    ``with_german``, its German original beside it ("" where the text is German already)."""
    plan_lang = plan["lang"]
    entries = plan.get("safety_net") or knowledge.general_safety_net(plan_lang)
    out = []
    for entry in entries:
        code = str(entry.get("code") or "")
        text = str(entry["text"]) if lang == plan_lang else knowledge.safety_entry(code, lang) or str(entry["text"])
        german = (str(entry["text"]) if plan_lang == "de" else knowledge.safety_entry(code, "de")) or ""
        out.append({"text": text, "de": german if with_german and german != text else ""})
    return out


def _flare_up(plan: dict[str, Any], labels: dict[str, Any], lang: str, shown: set[str],
              with_german: bool) -> dict[str, Any]:
    """The bad-day plan: its text and its exercises with dose and steps (no drawings: it stays short).
    An exercise already under "My exercises" (``shown``) is only named there, not described twice."""
    plan_lang = plan["lang"]
    flare = plan.get("flare_up") or {"text": knowledge.flare_up_text(plan_lang), "items": []}
    text = flare["text"] if lang == plan_lang else knowledge.flare_up_text(lang)
    german = flare["text"] if plan_lang == "de" else knowledge.flare_up_text("de")
    items = []
    for item in flare.get("items") or []:
        title = _retold(item, lang, plan_lang)[0]
        if item["code"] in shown:
            items.append({"title": title, "line": labels["flare_see_above"], "steps": ""})
            continue
        known = _known_exercise(item["code"], lang, item.get("level"))
        minutes = int(item.get("minutes") or 0)
        amount = _exercise_dose(item, known, lang) or (_say(labels, "minutes_each", lang, minutes) if minutes else "")
        items.append({"title": title, "line": amount, "steps": known.get("instructions") or ""})
    return {"text": text, "text_de": german if with_german and german != text else "", "items": items}


def _education(lang: str, with_german: bool) -> list[dict[str, Any]]:
    """The education cards in ``lang``; ``lines`` pairs each paragraph with its German original
    where ``with_german`` and the card is a safety text (the card on bad days), else ""."""
    cards = knowledge.education_cards(lang)
    german = {c["code"]: c for c in knowledge.education_cards("de")} if with_german else {}
    for card in cards:
        beside = german.get(card["code"]) if knowledge.safety_critical(f"education.{card['code']}.title") else None
        card["lines"] = [{"text": p, "de": beside["paragraphs"][i] if beside and beside["paragraphs"][i] != p else ""}
                         for i, p in enumerate(card["paragraphs"])]
    return cards


def handout_context(data: dict[str, Any], lang: str | None = None, *, bilingual: bool = False) -> dict[str, Any]:
    """Everything the handout shows, in ``lang`` (default: the plan's own ``lang``); ``bilingual``
    adds German headings and doses beside (nothing changes for a German handout).

    Validates ``data`` first and raises :class:`HandoutInputError` like :func:`validate_handout_input`.
    The result is JSON-serialisable; user text stays plain text (the layouts must escape it).
    """
    plan = validate_handout_input(data)
    lang = lang or plan["lang"]
    if lang not in codes.LANGS:
        raise HandoutInputError(f"lang: must be one of {', '.join(codes.LANGS)}, got {lang!r}")
    labels = LABELS[lang]
    bilingual = bilingual and lang != "de"
    german = LABELS["de"] if bilingual else None
    # Until a native speaker has reviewed the language, the German stands beside safety texts.
    safety_german = lang in ADDED_LANGS and not safety_reviewed(lang)
    # The handout's date: given, else the day the plan was saved, else today.
    when = plan.get("date") or plan.get("created")
    day = datetime.date.fromisoformat(when) if when else datetime.date.today()
    first, target = int(plan["first_week_minutes"]), int(plan["weekly_target_minutes"])
    all_times = _times_per_week(plan["items"], first)
    items = [_item(i, t, labels, lang, plan["lang"], german) for i, t in zip(plan["items"], all_times, strict=True)]
    exercises = _exercises(items, plan.get("exercises") or {}, labels, lang, bilingual)
    offers, attributions = _offers(_chosen_offers(plan), labels, lang)
    goal = plan.get("goal") or {}
    weekly = goal.get("weekly_minutes")
    goal_lines = [_say(labels, "goal_minutes", lang, minutes=weekly)] if weekly else []
    goal_lines += [goal["text"]] if goal.get("text") else []
    suggested = plan.get("goals")
    if not goal_lines and isinstance(suggested, dict) and isinstance(suggested.get("text"), str):
        # No goal set in the app yet: the engine's goal, offered because the patient wanted goals.
        goal_lines = [suggested["text"] if lang == plan["lang"] else knowledge.goal_text(
            "goals.keep" if first >= target else "goals.build", lang, target=target, first=first)]
    # Autonomy on paper: a weekly target and its progression only for a patient who wanted goals
    # (the engine's goals, or a goal the patient or practice set).
    wants_goals = isinstance(suggested, dict) or bool(goal_lines)
    invitation = plan.get("invitation")
    calendar_url = plan.get("calendar_url") if plan.get("reminders") else None
    return {
        "lang": lang,
        "dir": "rtl" if is_rtl(lang) else "ltr",
        "labels": {k: v for k, v in labels.items() if isinstance(v, str)},
        "bilingual": bilingual,
        "de": {k: v for k, v in german.items() if isinstance(v, str)} if german else None,
        "date": _format_date(day, labels),
        "date_iso": day.isoformat(),
        "agreed_on": _say(labels, "agreed_on", lang, date=_format_date(day, labels)),
        "patient_name": (plan.get("patient") or {}).get("display_name") or "",
        "practice": plan.get("practice") or None,
        "signed_by": plan.get("signed_by") or "",
        "aim": [
            _say(labels, "first_week", lang, minutes=first),
            _say(labels, "target_keep" if first >= target else "target", lang, minutes=target),
        ]
        if wants_goals
        else [labels["aim_free"]],
        "goal": goal_lines,
        "items": items,
        "prescription": {
            "rows": [i for i in items if i["kind"] in PRESCRIBED_KINDS],
            "total": _say(labels, "weekly_total", lang, minutes=target, first=first)
            if wants_goals
            else labels["prescription_free"],
        },
        "chart_svg": plan.get("chart_svg"),
        "exercises": exercises,
        "offers": offers,
        "offer_attributions": attributions,
        "qr_invitation": {
            "svg": qr_svg(invitation["url"]),
            "url": invitation["url"],
            "code": invitation.get("code") or "",
        }
        if invitation
        else None,
        "qr_calendar": {"svg": qr_svg(calendar_url), "url": calendar_url} if calendar_url else None,
        "diary": _diary(plan, exercises, labels, lang),
        "safety_net": _safety_net(plan, lang, safety_german),
        "flare_up": _flare_up(plan, labels, lang, {e["code"] for e in exercises}, safety_german),
        # The education cards of the patient pages ("Pain does not mean damage", bad days, sleep,
        # work), so a patient without a phone has them too.
        "education": _education(lang, safety_german),
    }
