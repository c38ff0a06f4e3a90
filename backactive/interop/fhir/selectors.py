"""From the database to the FHIR builders' plain inputs, for many patients in a fixed number of
queries (patients, consultations, pain entries, activity entries, plans, plan items, questionnaire
responses and their answers) however many patients and entries there are.

Resource ids: by default the internal ids (the API serves one practice its own patients, who
know them); with ``pseudonymise`` every id is a keyed hash, so a research export holds no
internal id that could lead back to the record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from backactive.consultations.models import Consultation, Plan, PlanItem
from backactive.diary.models import ActivityEntry, PainEntry, Source
from backactive.diary.trends import monday
from backactive.patients.models import Patient
from backactive.questionnaires.models import Answer, Response

from .pseudonyms import pseudonym
from .r4b import GoalData, MeasurementData, PatientData, PlanData, ReferralData, ResponseData
from .r4b.terminology import MEASURES


@dataclass
class FhirRecord:
    """One patient's record as builder inputs; ``patient_pk`` stays on our side."""

    patient_pk: int
    patient: PatientData
    measurements: list[MeasurementData] = field(default_factory=list)
    goals: list[GoalData] = field(default_factory=list)
    plans: list[PlanData] = field(default_factory=list)
    referrals: list[ReferralData] = field(default_factory=list)
    responses: list[ResponseData] = field(default_factory=list)


_PLAN_TITLE = {"de": "Bewegungsplan, Version {n}", "en": "Activity plan, version {n}"}
_ITEM_DOSE = {"de": "{title}: {minutes} Min., {times}× pro Woche", "en": "{title}: {minutes} min, {times}× a week"}


def _item_text(item: PlanItem, lang: str) -> str:
    if item.minutes is None or item.times_per_week is None:
        return item.title
    return _ITEM_DOSE.get(lang, _ITEM_DOSE["en"]).format(
        title=item.title, minutes=item.minutes, times=item.times_per_week
    )


def _referral_note(item: PlanItem) -> str | None:
    details = item.details or {}
    parts = [str(details[k]) for k in ("address", "times") if details.get(k)]
    return "; ".join(parts) or None


def _weekly_and_steps(
    rows: Iterable[tuple[dt.date, int, int | None, str]], today: dt.date
) -> tuple[dict[dt.date, int], dict[dt.date, tuple[int, bool]]]:
    """Minutes per complete calendar week (a running week would understate it) and steps per day
    (with whether any of it came from a device import)."""
    weekly: dict[dt.date, int] = defaultdict(int)
    steps: dict[dt.date, tuple[int, bool]] = {}
    for day, minutes, day_steps, source in rows:
        start = monday(day)
        if start + dt.timedelta(days=6) < today:
            weekly[start] += minutes
        if day_steps is not None:
            total, device = steps.get(day, (0, False))
            steps[day] = (total + day_steps, device or source == Source.IMPORT)
    return weekly, steps


ALL_PARTS = frozenset({"measurements", "plans", "questionnaires"})


def fhir_records(
    patients: Iterable[Patient],
    *,
    pseudonymise: bytes | None = None,
    today: dt.date | None = None,
    parts: frozenset[str] = ALL_PARTS,
) -> list[FhirRecord]:
    """Builder inputs for each patient, in the order given. ``pseudonymise`` is the key for
    keyed-hash ids (see ``pseudonyms``); None keeps the internal ids. ``parts`` limits the reads
    to what the caller needs: "measurements" (consultations and diary), "plans" (with goals and
    referrals); an empty set reads nothing beyond the patients given."""
    patients = list(patients)
    today = today or timezone.localdate()
    pks = [p.pk for p in patients]

    def rid(local: str) -> str:
        return pseudonym(local, key=pseudonymise) if pseudonymise is not None else local

    records = {
        p.pk: FhirRecord(
            patient_pk=p.pk,
            patient=PatientData(id=rid(f"patient-{p.pk}") if pseudonymise else str(p.pk), sex=p.sex,
                                year_of_birth=p.year_of_birth,
                                # research exports never carry the practice system's number
                                practice_id=None if pseudonymise else p.practice_id,
                                patient_number=None if pseudonymise else (p.pvs_number or None)),
        )
        for p in patients
    }  # fmt: skip
    if "measurements" in parts:
        _add_measurements(records, pks, rid, today)
    if "plans" in parts:
        _add_plans(records, pks, rid)
    if "questionnaires" in parts:
        _add_responses(records, pks, rid)
    for record in records.values():
        record.measurements.sort(key=lambda m: (m.effective, m.kind, m.id))
    return [records[pk] for pk in pks]


def _add_measurements(
    records: dict[int, FhirRecord], pks: list[int], rid: Callable[[str], str], today: dt.date
) -> None:
    # An assistant's draft consultation is left out until a GP has confirmed it.
    for c in Consultation.objects.filter(patient_id__in=pks, draft=False).order_by("date", "id"):
        out = records[c.patient_id].measurements
        for kind, value in (
            ("pain", c.pain_now),
            ("minutes_per_week", c.minutes_per_week),
            ("days_per_week", c.days_per_week),
            ("minutes_per_day", c.minutes_per_day),
        ):
            out.append(MeasurementData(id=rid(f"c{c.pk}-{kind.replace('_', '')}"), kind=kind, value=value,  # type: ignore[arg-type]
                                       effective=c.date))  # fmt: skip
    for pain in PainEntry.objects.filter(patient_id__in=pks).values_list("pk", "patient_id", "date", "pain", "source"):
        pk, patient_pk, day, value, source = pain
        records[patient_pk].measurements.append(
            MeasurementData(id=rid(f"pe{pk}"), kind="pain", value=value, effective=day, device=source == Source.IMPORT)
        )
    rows: dict[int, list[tuple[dt.date, int, int | None, str]]] = defaultdict(list)
    for patient_pk, *row in ActivityEntry.objects.filter(patient_id__in=pks).values_list(
        "patient_id", "date", "minutes", "steps", "source"
    ):
        rows[patient_pk].append(tuple(row))  # type: ignore[arg-type]
    for patient_pk, patient_rows in rows.items():
        weekly, steps = _weekly_and_steps(patient_rows, today)
        out = records[patient_pk].measurements
        for start, minutes in sorted(weekly.items()):
            year, week, _ = start.isocalendar()
            out.append(MeasurementData(id=rid(f"pt{patient_pk}-w{year}-{week:02d}"), kind="minutes_per_week",
                                       value=minutes, effective=start + dt.timedelta(days=6)))  # fmt: skip
        for day, (total, device) in sorted(steps.items()):
            if total > MEASURES["steps"].maximum:
                # Several entries of one day can add up beyond what a person walks; such a total
                # is a double entry, not a measurement, and would make the Observation invalid.
                continue
            out.append(MeasurementData(id=rid(f"pt{patient_pk}-s{day:%Y%m%d}"), kind="steps", value=total,
                                       effective=day, device=device))  # fmt: skip


def _add_plans(records: dict[int, FhirRecord], pks: list[int], rid: Callable[[str], str]) -> None:
    plans = (
        Plan.objects.filter(patient_id__in=pks, draft=False)  # a draft waits for a GP's sign-off
        .order_by("patient_id", "version")
        .prefetch_related(Prefetch("items", queryset=PlanItem.objects.order_by("position")))
    )
    latest: dict[int, int] = {}
    for plan in plans:
        latest[plan.patient_id] = max(latest.get(plan.patient_id, 0), plan.version)
    for plan in plans:
        _add_plan(records[plan.patient_id], plan, current=plan.version == latest[plan.patient_id], rid=rid)


def _add_plan(record: FhirRecord, plan: Plan, *, current: bool, rid: Callable[[str], str]) -> None:
    created = timezone.localtime(plan.created_at).date()
    goal_ids: tuple[str, ...] = ()
    goals = plan.goals if isinstance(plan.goals, dict) else None
    if goals:
        weeks = goals.get("weeks")
        target = goals.get("weekly_target_minutes")
        goal = GoalData(
            id=rid(f"g{plan.pk}"),
            description=str(goals.get("text") or f"{target} min/week"),
            minutes_per_week=target if isinstance(target, int) else None,
            start=created,
            due=created + dt.timedelta(weeks=weeks) if isinstance(weeks, int) and weeks > 0 else None,
            status="active" if current else "completed",
        )
        record.goals.append(goal)
        goal_ids = (goal.id,)
    items = list(plan.items.all())
    record.plans.append(
        PlanData(
            id=rid(f"cp{plan.pk}"),
            title=_PLAN_TITLE.get(plan.lang, _PLAN_TITLE["en"]).format(n=plan.version),
            created=created,
            items=tuple(_item_text(i, plan.lang) for i in items),
            goal_ids=goal_ids,
            status="active" if current else "revoked",
        )
    )
    for item in items:
        if item.kind == "offer":
            record.referrals.append(
                ReferralData(
                    id=rid(f"sr{item.pk}"),
                    offer_name=str((item.details or {}).get("name") or item.title),
                    authored=created,
                    note=_referral_note(item),
                    goal_ids=goal_ids,
                    status="active" if current else "revoked",
                )
            )


def _add_responses(records: dict[int, FhirRecord], pks: list[int], rid: Callable[[str], str]) -> None:
    """Completed questionnaires with their current answers (two queries)."""
    answers: dict[int, dict[str, int]] = defaultdict(dict)
    for response_id, item, value in Answer.objects.filter(
        patient_id__in=pks, replaced_at__isnull=True, response__completed_at__isnull=False
    ).values_list("response_id", "item", "value"):
        answers[response_id][item] = value
    done = Response.objects.filter(patient_id__in=pks, completed_at__isnull=False).order_by("completed_at", "id")
    for r in done:
        assert r.completed_at is not None  # filtered above
        records[r.patient_id].responses.append(
            ResponseData(id=rid(f"qr{r.pk}"), instrument=r.instrument, answers=answers[r.pk],
                         authored=r.completed_at, complete=True, source=r.source)
        )


_OBSERVATION_ID = re.compile(r"c(\d{1,18})-[a-z]+|pe(\d{1,18})|pt(\d{1,18})-(?:w\d{4}-\d{2}|s\d{8})")
_OWNER_ID = {"Goal": re.compile(r"g(\d{1,18})"), "CarePlan": re.compile(r"cp(\d{1,18})"),
             "ServiceRequest": re.compile(r"sr(\d{1,18})")}  # fmt: skip


def fhir_patient_pk_for(resource_type: str, resource_id: str) -> int | None:
    """The patient a resource id of ours belongs to (ids name their source: ``pe12`` is pain
    entry 12), or None for an id we never give. The caller still checks the practice."""
    if resource_type == "Patient":
        return int(resource_id) if resource_id.isascii() and resource_id.isdigit() and len(resource_id) <= 18 else None
    if resource_type == "Observation":
        match = _OBSERVATION_ID.fullmatch(resource_id)
        if match is None:
            return None
        consultation, pain, patient = match.groups()
        if patient:
            return int(patient)
        if pain:
            return PainEntry.objects.filter(pk=int(pain)).values_list("patient_id", flat=True).first()
        return Consultation.objects.filter(pk=int(consultation)).values_list("patient_id", flat=True).first()
    pattern = _OWNER_ID.get(resource_type)
    match = pattern.fullmatch(resource_id) if pattern else None
    if match is None:
        return None
    if resource_type == "ServiceRequest":
        return PlanItem.objects.filter(pk=int(match[1])).values_list("plan__patient_id", flat=True).first()
    return Plan.objects.filter(pk=int(match[1])).values_list("patient_id", flat=True).first()
