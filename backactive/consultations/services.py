"""Writes of consultations: the one place their rules are checked."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import Role, User
from backactive.core import codes
from backactive.core.i18n import lang
from backactive.diary.activities import ACTIVITY_CODES
from backactive.patients.models import Patient
from backactive.questionnaires.models import Response, Source
from backactive.questionnaires.selectors import phq2_fresh
from backactive.questionnaires.services import alert_seen, response_enter
from backactive.recommendations import knowledge
from backactive.recommendations.engine import allowed_codes
from backactive.recommendations.knowledge import red_flag_info

from . import assessment, signals
from .models import Consultation, EmergencyAlert, Plan, PlanItem
from .plans import MINUTES_EDITABLE, plan_suggestions, profile_for
from .selectors import current_plan

LIST_FIELDS: dict[str, dict[str, Any] | list[str]] = {
    "barriers": codes.BARRIERS,
    "settings": codes.SETTINGS,
    "conditions": codes.CONDITIONS,
    "red_flags": codes.RED_FLAGS,
    "favourite_activities": ACTIVITY_CODES,
}


def consultation_validate(data: dict[str, Any], *, today: dt.date | None = None) -> None:
    """Raise a ValidationError naming each bad field; return nothing if all is well."""
    errors: dict[str, str] = {}
    for field in ("pain_now", "pain_average"):
        value = data.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
            errors[field] = _("Pain must be a whole number from 0 to 10.")
    days = data.get("days_per_week")
    if not isinstance(days, int) or not 0 <= days <= 7:
        errors["days_per_week"] = _("Days per week must be from 0 to 7.")
    minutes = data.get("minutes_per_day")
    if not isinstance(minutes, int) or not 0 <= minutes <= 1440:
        errors["minutes_per_day"] = _("Minutes per day must be from 0 to 1440.")
    session = data.get("max_minutes_per_session", 30)
    if not isinstance(session, int) or not 1 <= session <= 600:
        errors["max_minutes_per_session"] = _("The longest session must be from 1 to 600 minutes.")
    if data.get("social", "either") not in codes.SOCIAL:
        errors["social"] = _("Unknown choice “%(code)s”.") % {"code": data.get("social")}
    for field, known in LIST_FIELDS.items():
        values = data.get(field, [])
        if not isinstance(values, list):
            errors[field] = _("Expected a list of codes.")
            continue
        bad = [v for v in values if v not in known]
        if bad:
            errors[field] = _("Unknown code(s): %(codes)s.") % {"codes": ", ".join(map(str, bad))}
    errors |= assessment.assessment_errors(data)
    day = data.get("date")
    if not isinstance(day, dt.date):
        errors["date"] = _("Enter a valid date.")
    elif day > (today or timezone.localdate()):
        errors["date"] = _("The date lies in the future.")
    if errors:
        raise ValidationError(errors)


def _phq2_response(*, patient: Patient, data: dict[str, Any], user: User) -> Response | None:
    """The PHQ-2 this visit relies on, stored once (issue 20). Asked now, it becomes a questionnaire
    response entered in the consultation (whoever entered it knows the result: no alert waits);
    not asked, it is one answered in the two weeks before (a PHQ-2, or a PHQ-4 the patient filled in
    on the phone or on paper), so the same two questions are not asked twice."""
    answers = {"interest": data.get("phq2_interest"), "down": data.get("phq2_down")}
    if answers["interest"] is None:
        return phq2_fresh(patient, on=data["date"])
    response = response_enter(patient=patient, instrument_code="phq2", answers=answers, user=user,
                              source=Source.CONSULTATION, answered_on=data["date"], lang=lang())
    return alert_seen(response=response, user=user)


@transaction.atomic
def consultation_create(*, patient: Patient, clinician: User, data: dict[str, Any],
                        recorded_by: User | None = None) -> Consultation:
    """Store one visit's assessment. ``recorded_by`` (default: ``clinician``) is who enters it: only
    a GP may record a red flag as assessed and cleared; a clearance carried over unchanged from the
    last visit keeps who cleared it and when."""
    consultation_validate(data)
    fields = {k: data[k] for k in ("date", "pain_now", "pain_average", "days_per_week", "minutes_per_day")}
    if data.get("max_minutes_per_session") is not None:
        fields["max_minutes_per_session"] = data["max_minutes_per_session"]
    lists = {k: sorted(set(data.get(k, [])), key=list(data.get(k, [])).index) for k in LIST_FIELDS}
    last = patient.consultations.first()
    try:
        cleared = assessment.clearances(data=data, previous=last.red_flag_clearances if last else [],
                                        recorded_by=recorded_by or clinician)
    except PermissionError:
        message = _("Only a GP can record a red flag as assessed and cleared.")
        raise ValidationError({"red_flags_cleared": message}) from None
    yellow = {k: data.get(k) for k in ("startback_total", "startback_psychosocial")}
    phq2 = _phq2_response(patient=patient, data=data, user=recorded_by or clinician)
    entered_by = recorded_by or clinician
    # An assistant's consultation waits for a GP's confirmation (``consultation_confirm``); a GP's
    # own is confirmed as it is saved.
    draft = entered_by.role != Role.CLINICIAN
    consultation = Consultation.objects.create(
        patient=patient,
        clinician=clinician,
        social=data.get("social", "either"),
        note=data.get("note", ""),
        next_step=data.get("next_step", ""),
        mobility=data.get("mobility") or "independent",
        floor_ok=data.get("floor_ok", True),
        risk_group=assessment.risk_group(data),
        red_flag_clearances=cleared,
        phq2=phq2,
        entered_by=entered_by,
        draft=draft,
        confirmed_by=None if draft else entered_by,
        confirmed_at=None if draft else timezone.now(),
        **yellow,
        **fields,
        **lists,
    )
    if not draft:  # GDT hears of a draft once a GP has confirmed it
        transaction.on_commit(
            lambda: signals.consultation_recorded.send(sender=Consultation, consultation=consultation)
        )
    _alert_if_emergency(consultation, entered_by)  # a draft's emergency alerts the GPs at once
    return consultation


def _confirm(consultation: Consultation, by: User) -> Consultation | None:
    """Mark a draft consultation confirmed by the GP ``by`` (in the caller's transaction); None when
    it was confirmed already. The save is audited like every write (``security/receivers.py``)."""
    locked = Consultation.objects.select_for_update().filter(pk=consultation.pk, draft=True).first()
    if locked is None:
        return None
    locked.draft, locked.confirmed_by, locked.confirmed_at = False, by, timezone.now()
    locked.save(update_fields=["draft", "confirmed_by", "confirmed_at"])
    return locked


@transaction.atomic
def consultation_confirm(*, consultation: Consultation, by: User) -> bool:
    """A GP confirms a consultation an assistant entered: from now on GDT (the 6310 result), FHIR
    and the patient's pages know it. False when it was confirmed already (a second press changes
    nothing). ``PermissionError`` for anyone but a GP."""
    if by.role != Role.CLINICIAN:
        raise PermissionError("only a GP confirms a consultation")
    confirmed = _confirm(consultation, by)
    if confirmed is None:
        return False
    transaction.on_commit(lambda: signals.consultation_recorded.send(sender=Consultation, consultation=confirmed))
    return True


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


def _kept_item(item: PlanItem) -> dict[str, Any]:
    """An item of the current plan that the patient keeps, as it was agreed."""
    return {"code": item.code, "kind": item.kind, "title": item.title, "minutes": item.minutes,
            "times_per_week": item.times_per_week, "impact": item.impact, "setting": item.setting,
            "social": item.social, "strategies": item.strategies, "addresses": item.addresses, "why": item.why,
            "details": item.details, "level": item.level}


def _keepable(consultation: Consultation, keep: Plan | None) -> dict[str, dict[str, Any]]:
    """Items of ``keep`` that may stay although not suggested again: offers, support prompts and
    activities or exercises the engine does not exclude for this patient now."""
    if keep is None:
        return {}
    allowed = allowed_codes(profile_for(consultation, wants_goals=False, wants_reminders=False, location=None))
    return {i.code: _kept_item(i) for i in keep.items.all()
            if i.code and i.kind != "own" and (i.kind in ("offer", "support") or i.code in allowed)}


def _alert_if_emergency(consultation: Consultation, entered_by: User) -> None:
    """A red flag of urgency ``emergency`` recorded by someone who is not a GP alerts the
    practice's GPs at once (a banner on every GP page until one of them acknowledges it)."""
    if entered_by.role == Role.CLINICIAN:
        return
    urgent = [c for c in consultation.open_red_flags if red_flag_info(c, "en")["urgency"] == "emergency"]
    if urgent:
        EmergencyAlert.objects.create(practice_id=consultation.patient.practice_id, patient=consultation.patient,
                                      consultation=consultation, codes=urgent, raised_by=entered_by)


def emergency_acknowledge(*, alert: EmergencyAlert, by: User) -> bool:
    """A GP has seen the alert; False when someone acknowledged it already."""
    with transaction.atomic():
        still_open = EmergencyAlert.objects.select_for_update().filter(pk=alert.pk, acknowledged_at__isnull=True)
        open_alert = still_open.first()
        if open_alert is None:
            return False
        open_alert.acknowledged_by, open_alert.acknowledged_at = by, timezone.now()
        open_alert.save(update_fields=["acknowledged_by", "acknowledged_at"])  # audited (security/receivers.py)
    return True


@transaction.atomic
def plan_save(*, consultation: Consultation, created_by: User, lang: str, chosen: list[str],
              times: dict[str, int], own: list[dict[str, Any]], wants_goals: bool, wants_reminders: bool,
              minutes: dict[str, int] | None = None, keep: Plan | None = None,
              levels: dict[str, int] | None = None) -> Plan:
    """Save what the patient chose as the next plan version. The suggestions are computed again
    here (the engine is deterministic), so only items that were really suggested can be chosen,
    or, at a follow-up, items of the current plan ``keep`` that still suit the patient.
    ``times`` and ``minutes`` (by code) change the proposed amounts; ``levels`` sets an
    exercise's level (1-3), otherwise it keeps the suggested one."""
    suggestion = plan_suggestions(consultation=consultation, lang=lang, wants_goals=wants_goals,
                                  wants_reminders=wants_reminders)
    if suggestion["status"] != "ok":
        raise ValidationError(_("Red flags were recorded: clinical review comes before a plan."))
    chosen = list(dict.fromkeys(chosen))  # a code posted twice is one item
    offered = _keepable(consultation, keep)
    offered.update({i["code"]: i for i in suggestion["items"]})
    offered.update({f"offer:{o['id']}": _offer_item(o) for o in suggestion["nearby_offers"]})
    offered.update({i["code"]: i for i in suggestion.get("practice_exercises", [])})
    unknown = [c for c in chosen if c not in offered]
    if unknown:
        raise ValidationError(_("These items were not suggested: %(codes)s.") % {"codes": ", ".join(unknown)})
    items = [dict(offered[c]) for c in chosen]
    for item in items:
        t = times.get(item["code"], item.get("times_per_week"))
        if item["kind"] != "support" and (not isinstance(t, int) or not 1 <= t <= 14):
            raise ValidationError(_("Times per week must be from 1 to 14."))
        item["times_per_week"] = t if item["kind"] != "support" else None
        if item["kind"] == "exercise" and item.get("levels") and item["code"] in (levels or {}):
            if levels[item["code"]] not in (1, 2, 3):  # type: ignore[index]
                raise ValidationError(_("The level must be 1, 2 or 3."))
            item["level"] = levels[item["code"]]  # type: ignore[index]
            item["minutes"] = knowledge.item(item["code"]).level(item["level"]).dose.minutes()
        m = (minutes or {}).get(item["code"])
        if m is not None and item["kind"] in MINUTES_EDITABLE:
            if not 1 <= m <= 600:
                raise ValidationError(_("Minutes must be from 1 to 600."))
            item["minutes"] = m
    items += [_own_item(raw, n) for n, raw in enumerate(own, start=1)]
    if not items:
        raise ValidationError(_("Choose at least one item, or add one of the patient's own."))
    patient = Patient.objects.select_for_update().get(pk=consultation.patient_id)
    version = (Plan.objects.filter(patient=patient).aggregate(v=Max("version"))["v"] or 0) + 1
    # A GP's plan is signed off as it is saved; an assistant's waits for a GP (``plan_sign_off``).
    draft = created_by.role != Role.CLINICIAN
    if not draft and consultation.draft:
        # A GP who saves a plan on an assistant's draft consultation has confirmed what it rests on;
        # the plan's result (below) carries the consultation to GDT, so no second result is sent.
        _confirm(consultation, created_by)
        consultation.refresh_from_db()
    plan = Plan.objects.create(
        patient=patient, consultation=consultation, version=version, created_by=created_by, lang=lang,
        clinician_id=consultation.clinician_id, draft=draft, signed_off_by=None if draft else created_by,
        signed_off_at=None if draft else timezone.now(),
        weekly_target_minutes=suggestion["weekly_target_minutes"], first_week_minutes=suggestion["first_week_minutes"],
        goals=suggestion["goals"], reminders=suggestion["reminders"],
        safety_net=suggestion["safety_net"], flare_up=suggestion["flare_up"],
    )
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, position=n, code=i["code"], kind=i["kind"], title=i["title"], minutes=i["minutes"],
                 times_per_week=i["times_per_week"], impact=i["impact"] or "", setting=i["setting"] or "",
                 social=i["social"] or "", strategies=i["strategies"], addresses=i["addresses"], why=i["why"],
                 details=i.get("details") or {}, level=i.get("level") if i["kind"] == "exercise" else None)
        for n, i in enumerate(items)
    )
    if not draft:
        transaction.on_commit(lambda: signals.plan_saved.send(sender=Plan, plan=plan))
    return plan


@dataclass(frozen=True)
class PlanChoice:
    """What the patient chose at a visit: item codes, and per code times per week and minutes;
    their own items; whether they want a goal or reminders."""

    chosen: list[str]
    times: dict[str, int] = dataclasses.field(default_factory=dict)
    minutes: dict[str, int] = dataclasses.field(default_factory=dict)
    own: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    wants_goals: bool = False
    wants_reminders: bool = False


@transaction.atomic
def follow_up_save(*, patient: Patient, clinician: User, created_by: User, data: dict[str, Any],
                   choice: PlanChoice, lang: str) -> tuple[Consultation, Plan | None]:
    """A follow-up visit in one step: the consultation and the plan agreed at it, which may keep
    items of the current plan. While a red flag is open the consultation is saved without a plan
    (clinical review comes first). A plan that cannot be saved undoes the consultation too, so
    a visit is never half saved."""
    current = current_plan(patient)
    consultation = consultation_create(patient=patient, clinician=clinician, data=data, recorded_by=created_by)
    if plan_suggestions(consultation=consultation, lang=lang)["status"] != "ok":
        return consultation, None
    plan = plan_save(consultation=consultation, created_by=created_by, lang=lang, chosen=choice.chosen,
                     times=choice.times, minutes=choice.minutes, own=choice.own, wants_goals=choice.wants_goals,
                     wants_reminders=choice.wants_reminders, keep=current)
    return consultation, plan


def plan_item_level_set(*, item: PlanItem, level: int) -> PlanItem:
    """Set the level (1 easier, 2 standard, 3 harder) of a home exercise in a plan."""
    if item.kind != "exercise":
        raise ValidationError(_("Only home exercises have levels."))
    if level not in (1, 2, 3):
        raise ValidationError(_("The level must be 1, 2 or 3."))
    item.level = level
    # The minutes follow the level's dose, so the prescription and the exercise agree.
    with contextlib.suppress(KeyError):
        item.minutes = knowledge.item(item.code).level(level).dose.minutes()
    item.full_clean()
    item.save(update_fields=["level", "minutes"])
    return item


@transaction.atomic
def plan_sign_off(*, plan: Plan, by: User) -> bool:
    """A GP signs off a plan an assistant typed in (and so confirms its draft consultation): from
    now on the patient, the handout, GDT and FHIR see it. False when it was signed off already.
    ``PermissionError`` for anyone but a GP."""
    if by.role != Role.CLINICIAN:
        raise PermissionError("only a GP signs off a plan")
    locked = Plan.objects.select_for_update().filter(pk=plan.pk, draft=True).first()
    if locked is None:
        return False
    if locked.consultation_id is not None:
        # Signing off the plan confirms the draft consultation it rests on (one GDT result, the
        # plan's, carries both).
        _confirm(Consultation(pk=locked.consultation_id), by)
    locked.draft, locked.signed_off_by, locked.signed_off_at = False, by, timezone.now()
    locked.save(update_fields=["draft", "signed_off_by", "signed_off_at"])
    transaction.on_commit(lambda: signals.plan_saved.send(sender=Plan, plan=locked))
    return True
