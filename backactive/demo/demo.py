"""Demo data: the GPs and patients of the study's Table 2 (Lindner et al., BJGP 2023), with
twelve weeks of plausible diary entries and consultations each. Deterministic: every patient's
random numbers come from a generator seeded with their pseudonym, and dates count back from
``today``.

Table 2 names eleven of the twelve interviewed GPs (five women, six men) in the text we have;
the twelfth, a man, is represented by the pseudonym "Thomas" and marked as such. Anastasia's data
were not given ("ng"); she gets a moderate profile and no age."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from backactive.accounts.models import Practice, Role, User
from backactive.consultations.services import consultation_create
from backactive.diary.models import ActivityEntry, PainEntry, Source
from backactive.diary.services import diary_effects_refresh
from backactive.patients.models import Patient
from backactive.studies.demo import demo_study_create, demo_study_delete

DEMO_PRACTICE = "Hausarztpraxis am Lahnberg (Demo)"
DEMO_PASSWORD = "demo-backactive"
DEMO_OFFERS = Path(__file__).with_name("demo_offers.csv")


@dataclass(frozen=True)
class DemoGP:
    name: str
    sex: str
    age: int | None
    setting: str


@dataclass(frozen=True)
class DemoPatient:
    name: str
    sex: str
    age: int | None
    activity: str | None  # low / intermediate / high, as in Table 2
    visits_per_year: str | None  # "1-4", "5-12", ">12"
    mean_pain: float | None
    gp: str


GPS = [
    DemoGP("Anke", "female", 45, "rural"), DemoGP("Hannah", "female", 35, "rural"),
    DemoGP("Riccardo", "male", 62, "rural"), DemoGP("Melanie", "female", 61, "urban"),
    DemoGP("Rolf", "male", 53, "rural"), DemoGP("Matthias", "male", None, "rural"),
    DemoGP("Karl", "male", 60, "rural"), DemoGP("Felix", "male", 46, "urban"),
    DemoGP("Lukas", "male", 42, "urban"), DemoGP("Lena", "female", 42, "urban"),
    DemoGP("Carla", "female", 31, "urban"), DemoGP("Thomas", "male", None, "urban"),
]

PATIENTS = [
    DemoPatient("Inge", "female", 65, "intermediate", "1-4", 7.0, "Anke"),
    DemoPatient("Christian", "male", 59, "intermediate", "1-4", 4.0, "Hannah"),
    DemoPatient("Cordula", "female", 47, "high", "5-12", 3.5, "Riccardo"),
    DemoPatient("Anastasia", "female", None, None, None, None, "Melanie"),
    DemoPatient("Dmytro", "male", 42, "high", "1-4", 5.5, "Rolf"),
    DemoPatient("Barbara", "female", 58, "low", ">12", 6.5, "Matthias"),
    DemoPatient("Anna", "female", 42, "high", ">12", 7.0, "Karl"),
    DemoPatient("Harald", "male", 30, "high", "5-12", 8.5, "Felix"),
    DemoPatient("Birgitt", "female", 51, "high", "1-4", 4.5, "Lukas"),
    DemoPatient("Susanne", "female", 68, "intermediate", "5-12", 8.0, "Lena"),
    DemoPatient("Hans", "male", 44, "high", "5-12", 7.0, "Carla"),
    DemoPatient("Jana", "female", 46, "intermediate", "5-12", 5.0, "Thomas"),
    DemoPatient("Louisa", "female", 39, "intermediate", "1-4", 3.5, "Anke"),
    DemoPatient("Karsten", "male", 68, "low", "1-4", 2.0, "Karl"),
]

# Minutes per week of at least moderate activity at the start, by Table 2's activity level.
BASELINE = {"low": 40, "intermediate": 100, "high": 190, None: 80}
# Consultations in the twelve weeks (days before today), by consultation frequency.
VISITS = {"1-4": [84, 28], "5-12": [84, 49, 21], ">12": [84, 63, 42, 21, 7], None: [84]}
ACTIVITIES = ["walking", "cycling", "nordic_walking", "swimming", "gardening", "yoga_home", "bridge", "cat_cow"]
BARRIERS = ["routine", "time", "fear_avoidance", "low_mood", "availability", "loneliness", "pain_after_activity"]
# What activity goes together with in the diary (issue 15), so that the demo shows every kind of
# answer: points of pain the day after an active day, or after a long session only; the others
# have no such link (and low-activity patients too few active days for an answer at all).
NEXT_DAY_EFFECT = {"Inge": -1.5, "Dmytro": -1.2, "Cordula": -1.0}
LONG_SESSION_EFFECT = {"Hans": 3.0}
DIARY_DAYS = {"Anastasia": 10}  # started her diary recently: "not enough data yet"
PAIN_LOGGED = {"Hans": 0.95}  # share of days with a pain entry (default 0.75)
LANGUAGES = {"Dmytro": "en"}  # his pages, plan and handout in English, whatever the GP's screen says


def demo_exists() -> bool:
    return Practice.objects.filter(name=DEMO_PRACTICE).exists()


@transaction.atomic
def demo_delete() -> None:
    demo_study_delete()
    practice = Practice.objects.filter(name=DEMO_PRACTICE).first()
    if practice is None:
        return
    patients = Patient.objects.filter(practice=practice)
    PainEntry.objects.filter(patient__in=patients).delete()
    ActivityEntry.objects.filter(patient__in=patients).delete()
    from backactive.consultations.models import Consultation, Plan, PlanItem
    from backactive.offers.models import Directory

    PlanItem.objects.filter(plan__patient__in=patients).delete()
    Plan.objects.filter(patient__in=patients).delete()
    Consultation.objects.filter(patient__in=patients).delete()
    Directory.objects.filter(practice=practice).delete()
    users = list(User.objects.filter(practice=practice).values_list("pk", flat=True))
    patients.delete()
    User.objects.filter(pk__in=users).delete()
    practice.delete()


def _user(practice: Practice, username: str, role: str, first: str, last: str = "") -> User:
    user = User(username=username, role=role, practice=practice, first_name=first, last_name=last)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@transaction.atomic
def demo_create(*, today: dt.date) -> dict[str, list[str]]:
    practice = Practice.objects.create(
        name=DEMO_PRACTICE, address="Am Lahnberg 1, 35037 Marburg", postcode="35037", phone="06421 000000"
    )
    logins: dict[str, list[str]] = {"admin": [], "clinician": [], "assistant": [], "patient": []}
    _user(practice, "admin", Role.ADMIN, "Praxis", "Verwaltung")
    logins["admin"].append("admin")
    _user(practice, "mfa", Role.ASSISTANT, "Miriam", "(MFA)")
    logins["assistant"].append("mfa")
    gps: dict[str, User] = {}
    for gp in GPS:
        username = gp.name.lower()
        gps[gp.name] = _user(practice, username, Role.CLINICIAN, gp.name, "(Dr. med.)")
        logins["clinician"].append(username)
    for number, spec in enumerate(PATIENTS, start=1):
        account = _user(practice, spec.name.lower(), Role.PATIENT, spec.name)
        logins["patient"].append(account.username)
        patient = Patient.objects.create(
            practice=practice, display_name=spec.name, sex=spec.sex, clinician=gps[spec.gp], user=account,
            year_of_birth=today.year - spec.age if spec.age else None, pvs_number=f"{1000 + number}",
            pain_scale=["numeric", "vas", "faces"][number % 3], language=LANGUAGES.get(spec.name, "de"),
        )
        _diary(patient, spec, gps[spec.gp], today)
    _offers(practice)
    for patient in Patient.objects.filter(practice=practice).select_related("practice", "clinician"):
        _plan(patient)
    logins["coordinator"] = [demo_study_create(practice=practice, password=DEMO_PASSWORD, today=today)]
    return logins


def _offers(practice: Practice) -> None:
    """A few invented local offers around the demo practice, imported like a practice's own list."""
    from backactive.offers.services import directory_for_import, offers_import

    offers_import(path=DEMO_OFFERS, directory=directory_for_import(practice=practice))


def _plan(patient: Patient) -> None:
    """The plan agreed at the last consultation: the first three suggestions, as a GP might."""
    from django.utils.translation import override

    from backactive.consultations.plans import plan_suggestions
    from backactive.consultations.services import plan_save

    consultation = patient.consultations.first()
    if consultation is None or patient.clinician is None:
        return
    with override(patient.language):
        items = plan_suggestions(consultation=consultation, lang=patient.language)["items"]
        chosen = [i["code"] for i in items if i["kind"] != "support"][:3]
        plan = plan_save(consultation=consultation, created_by=patient.clinician, lang=patient.language, chosen=chosen,
                         times={}, own=[], wants_goals=patient.pk % 2 == 0, wants_reminders=False)
    # Dated at its consultation, as if agreed there: the progress pages then compare since the plan.
    agreed = timezone.make_aware(dt.datetime.combine(consultation.date, dt.time(10, 30)))
    type(plan).objects.filter(pk=plan.pk).update(created_at=agreed)


def _diary(patient: Patient, spec: DemoPatient, gp: User, today: dt.date) -> None:
    rng = random.Random(f"backactive-demo-{spec.name}")
    pain_mean = spec.mean_pain if spec.mean_pain is not None else 5.0
    baseline = BASELINE[spec.activity]
    target = max(baseline, 150)
    visits = sorted(today - dt.timedelta(days=d) for d in VISITS[spec.visits_per_year])
    first = visits[0]
    pain_rows, activity_rows = [], []
    yesterday = 0  # minutes of activity the day before
    for offset in range(DIARY_DAYS.get(spec.name, 84), 0, -1):
        day = today - dt.timedelta(days=offset)
        progress = max(0.0, (day - first).days / 84)  # 0 at the first visit, ~1 today
        weekly = baseline + (target - baseline) * progress
        minutes = max(5, round(rng.gauss(weekly / 4, weekly / 16) / 5) * 5) if rng.random() < 0.55 else 0
        if spec.name in LONG_SESSION_EFFECT and minutes and rng.random() < 0.35:
            minutes *= 3  # now and then a session three times as long as usual
        if rng.random() < PAIN_LOGGED.get(spec.name, 0.75):
            pain = pain_mean + 0.6 - 1.4 * progress + rng.gauss(0, 0.9)
            if yesterday >= 20:
                pain += NEXT_DAY_EFFECT.get(spec.name, 0.0)
                pain += LONG_SESSION_EFFECT.get(spec.name, 0.0) * (yesterday >= 2 * weekly / 4)
            pain_rows.append(PainEntry(patient=patient, date=day, pain=max(0, min(10, round(pain))),
                                       scale=patient.pain_scale, source=Source.PATIENT))
        if minutes:
            activity_rows.append(ActivityEntry(
                patient=patient, date=day, activity=rng.choice(ACTIVITIES), minutes=minutes,
                intensity=rng.choice(["light", "moderate", "moderate", "vigorous"]), source=Source.PATIENT,
            ))
        yesterday = minutes
    PainEntry.objects.bulk_create(pain_rows)
    ActivityEntry.objects.bulk_create(activity_rows)
    diary_effects_refresh(patient_id=patient.pk)  # bulk writes send no signals
    barriers = sorted(rng.sample(BARRIERS, 2))
    for i, day in enumerate(visits):
        weekly = round(baseline + (target - baseline) * (day - first).days / 84)
        days = min(7, max(1, round(weekly / 30)))
        consultation_create(patient=patient, clinician=gp, data={
            "date": day,
            "pain_now": max(0, min(10, round(pain_mean + 0.5 - 1.2 * i / max(1, len(visits) - 1)))),
            "pain_average": max(0, min(10, round(pain_mean))),
            "days_per_week": days,
            "minutes_per_day": round(weekly / days),
            "barriers": barriers,
            "social": rng.choice(["alone", "group", "either"]),
            "settings": sorted(rng.sample(["home", "outdoor", "facility", "water"], 2)),
            "favourite_activities": sorted(rng.sample(ACTIVITIES[:6], 2)),
            "conditions": ["knee_osteoarthritis"] if spec.name == "Inge" else [],
            "red_flags": [],
            "note": "",
            "next_step": "",
        })


def demo_login_hint() -> dict[str, Any] | None:
    """The demo's logins for the login page, while the demo practice exists (never otherwise)."""
    from django.utils.translation import gettext as _

    if not demo_exists():
        return None
    return {
        "title": _("Demo practice"),
        "text": _("Every demo account has the password %(password)s.") % {"password": DEMO_PASSWORD},
        "rows": [
            (_("GPs"), [g.name.lower() for g in GPS]),
            (_("Practice assistant"), ["mfa"]),
            (_("Practice admin"), ["admin"]),
            (_("Patients"), [p.name.lower() for p in PATIENTS]),
        ],
    }
