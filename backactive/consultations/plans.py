"""From a consultation's assessment to suggestions (reads only; ``services.plan_save`` stores what
the patient chose as the next plan version). The engine (backactive.recommendations) is pure;
this module feeds it the consultation and the nearby offers."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from backactive.diary.effects import Effects
from backactive.diary.selectors import diary_effects
from backactive.exercises.models import PRACTICE_PREFIX
from backactive.exercises.practice import library_off, practice_knowledge
from backactive.patients.models import Patient
from backactive.questionnaires.selectors import phq2_of
from backactive.recommendations.context import build_context
from backactive.recommendations.engine import excluded, recommend, validate_profile
from backactive.recommendations.knowledge import Knowledge

from .models import Consultation, Plan

DEFAULT_AGE = 50  # the engine needs an age; used only when the year of birth is unknown
OFFER_RADIUS_KM = 15.0
# How often per week, as first proposed (the GP and patient change it when they agree the plan).
DEFAULT_TIMES = {"activity": 2, "exercise": 3, "offer": 1, "own": 2}


def patient_location(patient: Patient) -> tuple[float, float] | None:
    """The patient's postal code centroid, else the practice's: where to look for offers."""
    from backactive.offers.geo import postcode_centroid

    for code in (patient.postcode, patient.practice.postcode):
        place = postcode_centroid(code) if code else None
        if place is not None:
            return (place.lat, place.lon)
    return None


def _nearby_offers(patient: Patient, location: tuple[float, float] | None) -> list[dict[str, Any]]:
    if location is None:
        return []
    from backactive.offers.selectors import directory_ids_for_practice, offers_near

    directories = directory_ids_for_practice(patient.practice)
    if not directories:
        return []
    found = offers_near(practice=patient.practice, lat=location[0], lon=location[1], km=OFFER_RADIUS_KM, limit=30,
                        directory_ids=directories)
    return [offer_dict(n.offer, n.distance_km) for n in found]


def offer_dict(offer: Any, distance_km: float | None) -> dict[str, Any]:
    """An offer as the engine, the plan and the handout see it."""
    address = ", ".join(p for p in (offer.street, f"{offer.postcode} {offer.city}".strip()) if p)
    return {
        "id": offer.pk, "name": offer.display_name(), "kind": offer.kind, "activities": list(offer.activities),
        "setting": offer.setting, "distance_km": None if distance_km is None else round(distance_km, 1),
        "times": offer.times_text(), "address": address,
        "certified": (offer.certificate_note or True) if offer.certified_20 else "",
        "rehasport": offer.rehasport, "attribution": offer.attribution, "lat": offer.lat, "lon": offer.lon,
    }


def profile_for(consultation: Consultation, *, wants_goals: bool, wants_reminders: bool,
                location: tuple[float, float] | None, pacing: bool | None = None,
                levels: dict[str, int] | None = None) -> dict[str, Any]:
    patient = consultation.patient
    settings_pref = consultation.settings[0] if len(consultation.settings) == 1 else "any"
    profile: dict[str, Any] = {
        "age": patient.age() or DEFAULT_AGE,
        "pain": consultation.pain_now,
        "active_minutes_per_week": consultation.minutes_per_week,
        "barriers": _barriers(consultation),
        "conditions": list(consultation.conditions),
        "red_flags": list(consultation.red_flags),
        "red_flags_cleared": consultation.cleared_red_flags,
        "mobility": consultation.mobility,
        "floor_ok": consultation.floor_ok,
        "preferences": {"social": "any" if consultation.social == "either" else consultation.social,
                        "setting": settings_pref, "enjoys": list(consultation.favourite_activities)},
        "max_minutes_per_session": consultation.max_minutes_per_session,
        "wants_goals": wants_goals,
        "wants_reminders": wants_reminders,
    }
    if consultation.risk_group:
        profile["risk_group"] = consultation.risk_group
    if location is not None:
        profile["location"] = {"lat": location[0], "lon": location[1]}
    profile["long_session_pattern"] = diary_advises_pacing(patient) if pacing is None else pacing
    levels = current_levels(patient) if levels is None else levels
    if levels:  # a library exercise the practice switched off since keeps its place in the saved plan only
        off = library_off(patient.practice_id)
        levels = {code: level for code, level in levels.items() if code not in off}
    if levels:
        profile["exercise_levels"] = levels
    return profile


def diary_advises_pacing(patient: Patient) -> bool:
    """The stored analysis of the diary (issue 15) saw more pain after long sessions, or after
    active days: the plan then suggests pacing and says why. (More pain after activity reaches
    the GP as this suggestion and the patient only as pacing advice.)"""
    stored = diary_effects(patient)
    return stored is not None and Effects.from_dict(stored).pacing_advised


def current_levels(patient: Patient) -> dict[str, int]:
    """The levels of the home exercises in the patient's current plan: code -> 1|2|3."""
    return plan_levels(Plan.objects.filter(patient=patient).order_by("-version").first())


def plan_levels(plan: Plan | None) -> dict[str, int]:
    """The levels of a plan's home exercises (``plan`` the patient's newest, draft or not)."""
    if plan is None:
        return {}
    return {i.code: i.level for i in plan.items.all() if i.kind == "exercise" and i.level and i.code}


def _barriers(consultation: Consultation) -> list[str]:
    """The ticked barriers, plus low mood when the PHQ-2 screen is positive (a score of 3 or more):
    then the plan offers to talk about mood and the GP sees the yellow-flag considerations."""
    barriers = list(consultation.barriers)
    phq2 = phq2_of(consultation.phq2)
    if "low_mood" not in barriers and phq2 is not None and phq2.positive:
        barriers.append("low_mood")
    return barriers


def plan_suggestions(*, consultation: Consultation, lang: str, wants_goals: bool = False,
                     wants_reminders: bool = False, pacing: bool | None = None,
                     levels: dict[str, int] | None = None) -> dict[str, Any]:
    """The engine's output for this consultation, with nearby offers where they fit. Each item
    also carries ``times_per_week`` (a first proposal) and, for offers, ``details``. ``pacing``
    and ``levels``: ``diary_advises_pacing`` and ``current_levels`` when the caller has read the
    stored analysis and the newest plan already."""
    location = patient_location(consultation.patient)
    offers = _nearby_offers(consultation.patient, location)
    profile = profile_for(consultation, wants_goals=wants_goals, wants_reminders=wants_reminders, location=location,
                          pacing=pacing, levels=levels)
    known = practice_knowledge(consultation.patient.practice_id)
    result = recommend(profile, lang=lang, offers=offers, knowledge=known)
    by_id = {f"offer:{o['id']}": o for o in offers}
    for item in result["items"]:
        item["times_per_week"] = DEFAULT_TIMES.get(item["kind"])
        if item["kind"] == "offer":
            item["details"] = by_id.get(item["code"], {})
    # Every other nearby offer, so the GP can add any of them to the plan.
    suggested = {i["code"] for i in result["items"]}
    result["nearby_offers"] = [{**o, "code": code} for code, o in by_id.items() if code not in suggested]
    ok = result["status"] == "ok"
    result["practice_exercises"] = _practice_exercises(profile, known, lang, suggested) if ok else []
    return result


def _practice_exercises(profile: dict[str, Any], known: Knowledge, lang: str,
                        suggested: set[str]) -> list[dict[str, Any]]:
    """The practice's own exercises the engine did not rank into the list but that pass the same
    exclusions, so the GP can add any of them to the plan (shaped like the engine's items)."""
    ctx = build_context(validate_profile(profile, knowledge=known), known, lang)
    out = []
    for item in known.items.values():
        if not item.code.startswith(PRACTICE_PREFIX) or item.code in suggested or excluded(item, ctx):
            continue
        dose = item.dose.as_dict() if item.dose else None
        out.append({"code": item.code, "kind": "exercise", "title": item.title.get(lang), "minutes": item.min_minutes,
                    "impact": item.impact, "setting": item.setting, "social": item.social, "strategies": [],
                    "addresses": [], "why": item.why.get(lang), "family": item.family,
                    "components": list(item.components), "needs": list(item.needs), "dose": dose,
                    "times_per_week": DEFAULT_TIMES["exercise"]})
    return out


# Minutes can be changed where the plan says them: activities, offers, own items. An exercise's
# minutes follow from its dose (sets and repetitions), so they cannot disagree with it.
MINUTES_EDITABLE = ("activity", "offer", "own")


def plan_as_recommendation(plan: Plan) -> dict[str, Any]:
    """A saved plan in the shape ``backactive recommend`` prints (plus times_per_week and offer
    details), for the handout, the GDT result and FHIR."""
    return {
        "status": "ok", "review_reasons": [], "lang": plan.lang,
        "weekly_target_minutes": plan.weekly_target_minutes, "first_week_minutes": plan.first_week_minutes,
        "items": [{"code": i.code or f"own:{i.position}", "kind": "activity" if i.kind == "own" else i.kind,
                   "title": i.title, "minutes": i.minutes, "times_per_week": i.times_per_week,
                   "impact": i.impact or None, "setting": i.setting or None, "social": i.social or None,
                   "strategies": i.strategies, "addresses": i.addresses, "why": i.why, **(
                       {"details": i.details} if i.details else {}), **({"level": i.level} if i.level else {})}
                  for i in plan.items.all()],
        "goals": plan.goals, "reminders": plan.reminders,
        "created": timezone.localtime(plan.created_at).date().isoformat(),
        # Plans saved before these existed: the handout prints the general safety net instead.
        **({"safety_net": plan.safety_net} if plan.safety_net else {}),
        **({"flare_up": plan.flare_up} if plan.flare_up else {}),
    }
