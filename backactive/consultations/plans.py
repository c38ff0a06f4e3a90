"""From a consultation's assessment to suggestions, and from the patient's choice to a saved,
versioned plan. The engine (backactive.recommendations) is pure; this module feeds it the
consultation and the nearby offers, and stores what was chosen."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.diary.effects import Effects
from backactive.diary.selectors import diary_effects
from backactive.patients.models import Patient
from backactive.recommendations import knowledge
from backactive.recommendations.engine import recommend

from . import signals
from .models import Consultation, Plan, PlanItem

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

    if not directory_ids_for_practice(patient.practice):
        return []
    found = offers_near(practice=patient.practice, lat=location[0], lon=location[1], km=OFFER_RADIUS_KM, limit=30)
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
                location: tuple[float, float] | None) -> dict[str, Any]:
    patient = consultation.patient
    settings_pref = consultation.settings[0] if len(consultation.settings) == 1 else "any"
    profile: dict[str, Any] = {
        "age": patient.age() or DEFAULT_AGE,
        "pain": consultation.pain_now,
        "active_minutes_per_week": consultation.minutes_per_week,
        "barriers": list(consultation.barriers),
        "conditions": list(consultation.conditions),
        "red_flags": list(consultation.red_flags),
        "preferences": {"social": "any" if consultation.social == "either" else consultation.social,
                        "setting": settings_pref, "enjoys": list(consultation.favourite_activities)},
        "max_minutes_per_session": consultation.max_minutes_per_session,
        "wants_goals": wants_goals,
        "wants_reminders": wants_reminders,
    }
    if location is not None:
        profile["location"] = {"lat": location[0], "lon": location[1]}
    profile["long_session_pattern"] = diary_advises_pacing(patient)
    levels = current_levels(patient)
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
    plan = Plan.objects.filter(patient=patient).order_by("-version").first()
    if plan is None:
        return {}
    return {i.code: i.level for i in plan.items.all() if i.kind == "exercise" and i.level and i.code}


def plan_suggestions(*, consultation: Consultation, lang: str, wants_goals: bool = False,
                     wants_reminders: bool = False) -> dict[str, Any]:
    """The engine's output for this consultation, with nearby offers where they fit. Each item
    also carries ``times_per_week`` (a first proposal) and, for offers, ``details``."""
    location = patient_location(consultation.patient)
    offers = _nearby_offers(consultation.patient, location)
    result = recommend(profile_for(consultation, wants_goals=wants_goals, wants_reminders=wants_reminders,
                                   location=location), lang=lang, offers=offers)
    by_id = {f"offer:{o['id']}": o for o in offers}
    for item in result["items"]:
        item["times_per_week"] = DEFAULT_TIMES.get(item["kind"])
        if item["kind"] == "offer":
            item["details"] = by_id.get(item["code"], {})
    # Every other nearby offer, so the GP can add any of them to the plan.
    suggested = {i["code"] for i in result["items"]}
    result["nearby_offers"] = [{**o, "code": code} for code, o in by_id.items() if code not in suggested]
    return result


def _offer_item(offer: dict[str, Any]) -> dict[str, Any]:
    why = _("A local offer the patient chose, %(km)s km away.") % {"km": offer["distance_km"]}
    return {"code": f"offer:{offer['id']}", "kind": "offer", "title": offer["name"], "minutes": None,
            "times_per_week": 1, "impact": "", "setting": offer["setting"], "social": "",
            "strategies": ["autonomy"], "addresses": [], "why": why, "details": offer}


def _own_item(raw: dict[str, Any], index: int) -> dict[str, Any]:
    title = str(raw.get("title", "")).strip()
    errors = {}
    if not title or len(title) > 200:
        errors["own"] = _("Own item %(n)s: give it a title of at most 200 characters.") % {"n": index}
    minutes, times = raw.get("minutes"), raw.get("times_per_week")
    if not isinstance(minutes, int) or not 1 <= minutes <= 600:
        errors["own"] = _("Own item %(n)s: minutes must be from 1 to 600.") % {"n": index}
    if not isinstance(times, int) or not 1 <= times <= 14:
        errors["own"] = _("Own item %(n)s: times per week must be from 1 to 14.") % {"n": index}
    if errors:
        raise ValidationError(errors)
    return {"code": "", "kind": "own", "title": title, "minutes": minutes, "times_per_week": times,
            "impact": "", "setting": "", "social": "", "strategies": ["autonomy"], "addresses": [],
            "why": _("Chosen by the patient.")}


@transaction.atomic
def plan_save(*, consultation: Consultation, created_by: User, lang: str, chosen: list[str],
              times: dict[str, int], own: list[dict[str, Any]], wants_goals: bool, wants_reminders: bool,
              levels: dict[str, int] | None = None) -> Plan:
    """Save what the patient chose as the next plan version. The suggestions are computed again
    here (the engine is deterministic), so only items that were really suggested can be chosen.
    ``levels`` sets an exercise's level (1-3); otherwise it keeps the suggested one."""
    suggestion = plan_suggestions(consultation=consultation, lang=lang, wants_goals=wants_goals,
                                  wants_reminders=wants_reminders)
    if suggestion["status"] != "ok":
        raise ValidationError(_("Red flags were recorded: clinical review comes before a plan."))
    chosen = list(dict.fromkeys(chosen))  # a code posted twice is one item
    offered = {i["code"]: i for i in suggestion["items"]}
    offered.update({f"offer:{o['id']}": _offer_item(o) for o in suggestion["nearby_offers"]})
    unknown = [c for c in chosen if c not in offered]
    if unknown:
        raise ValidationError(_("These items were not suggested: %(codes)s.") % {"codes": ", ".join(unknown)})
    items = [dict(offered[c]) for c in chosen]
    for item in items:
        t = times.get(item["code"], item.get("times_per_week"))
        if item["kind"] != "support" and (not isinstance(t, int) or not 1 <= t <= 14):
            raise ValidationError(_("Times per week must be from 1 to 14."))
        item["times_per_week"] = t if item["kind"] != "support" else None
        if item["kind"] == "exercise" and item["code"] in (levels or {}):
            if levels[item["code"]] not in (1, 2, 3):  # type: ignore[index]
                raise ValidationError(_("The level must be 1, 2 or 3."))
            item["level"] = levels[item["code"]]  # type: ignore[index]
            item["minutes"] = knowledge.item(item["code"]).level(item["level"]).dose.minutes()
    items += [_own_item(raw, n) for n, raw in enumerate(own, start=1)]
    if not items:
        raise ValidationError(_("Choose at least one item, or add one of the patient's own."))
    patient = Patient.objects.select_for_update().get(pk=consultation.patient_id)
    version = (Plan.objects.filter(patient=patient).aggregate(v=Max("version"))["v"] or 0) + 1
    plan = Plan.objects.create(
        patient=patient, consultation=consultation, version=version, created_by=created_by, lang=lang,
        weekly_target_minutes=suggestion["weekly_target_minutes"], first_week_minutes=suggestion["first_week_minutes"],
        goals=suggestion["goals"], reminders=suggestion["reminders"],
    )
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, position=n, code=i["code"], kind=i["kind"], title=i["title"], minutes=i["minutes"],
                 times_per_week=i["times_per_week"], impact=i["impact"] or "", setting=i["setting"] or "",
                 social=i["social"] or "", strategies=i["strategies"], addresses=i["addresses"], why=i["why"],
                 details=i.get("details") or {}, level=i.get("level") if i["kind"] == "exercise" else None)
        for n, i in enumerate(items)
    )
    transaction.on_commit(lambda: signals.plan_saved.send(sender=Plan, plan=plan))
    return plan


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
    }
