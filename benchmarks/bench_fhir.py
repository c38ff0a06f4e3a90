"""FHIR: the research export of 100 consenting patients with a year of daily diary each, and the
API's Observation search (a year of steps: the first page of 100, and all 365 in one page) and
CarePlan search for one such patient (median and p95 over 100 requests, with the token check).
Run: `.venv/bin/python benchmarks/bench_fhir.py` (DATABASE_URL for PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from _django import django_database, percentile

PATIENTS = 100
DAYS = 365
REQUESTS = 100


def _fill() -> tuple[int, int]:
    from backactive.accounts.models import Practice, Role, User
    from backactive.consultations.models import Plan, PlanItem
    from backactive.consultations.services import consultation_create
    from backactive.diary.models import ActivityEntry, PainEntry
    from backactive.patients.models import Patient
    from backactive.privacy.services import consent_give

    rng = random.Random(7)
    practice = Practice.objects.create(name="Bench practice")
    gp = User.objects.create(username="bench_gp", role=Role.CLINICIAN, practice=practice)
    Patient.objects.bulk_create(
        Patient(practice=practice, display_name=f"Patient {i:04d}", year_of_birth=1940 + i % 60)
        for i in range(PATIENTS)
    )
    today = dt.date.today()
    days = [today - dt.timedelta(days=d) for d in range(1, DAYS + 1)]
    for patient in Patient.objects.filter(practice=practice):
        PainEntry.objects.bulk_create(PainEntry(patient=patient, date=d, pain=rng.randint(2, 8)) for d in days)
        ActivityEntry.objects.bulk_create(
            ActivityEntry(patient=patient, date=d, activity="walking", minutes=rng.randint(10, 60),
                          steps=rng.randint(2000, 12000))
            for d in days
        )  # fmt: skip
        for weeks_ago in (40, 20, 2):
            consultation_create(patient=patient, clinician=gp, data={
                "date": today - dt.timedelta(weeks=weeks_ago), "pain_now": 5, "pain_average": 5,
                "days_per_week": 3, "minutes_per_day": 30})  # fmt: skip
        for version in (1, 2):
            plan = Plan.objects.create(patient=patient, version=version, created_by=gp, weekly_target_minutes=150,
                                       goals={"weekly_target_minutes": 150, "weeks": 8, "text": "150 min"})  # fmt: skip
            PlanItem.objects.create(plan=plan, position=0, kind="activity", title="Gehen", minutes=20,
                                    times_per_week=3)  # fmt: skip
            PlanItem.objects.create(plan=plan, position=1, kind="offer", title="Kurs", minutes=60, times_per_week=1,
                                    details={"name": "Rückenkurs"})  # fmt: skip
        consent_give(patient=patient, purpose="research", version="1")
    return practice.pk, Patient.objects.filter(practice=practice).order_by("id").first().pk  # type: ignore[union-attr]


def _time(client: object, url: str, token: str) -> list[float]:
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")  # type: ignore[attr-defined]
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def run() -> dict[str, object]:
    with django_database() as vendor:
        practice_id, patient_id = _fill()
        from django.test import Client

        from backactive.accounts.models import Practice
        from backactive.interop.fhir.research import research_export
        from backactive.interop.fhir.tokens import token_issue

        practice = Practice.objects.get(pk=practice_id)
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            counts = research_export(practice=practice, out_dir=Path(out), key=b"bench-key")
            export_s = time.perf_counter() - start
        _token, raw = token_issue(practice=practice, label="bench", created_by=None)
        client = Client()
        search = f"/fhir/Observation?patient={patient_id}&code=41950-7&date=ge{dt.date.today().year - 1}"
        plans = f"/fhir/CarePlan?patient={patient_id}"
        for _ in range(10):
            client.get(search, HTTP_AUTHORIZATION=f"Bearer {raw}")
        search_ms, plans_ms = _time(client, search, raw), _time(client, plans, raw)
        year_ms = _time(client, f"{search}&_count=1000", raw)
        return {
            "benchmark": "fhir",
            "database": vendor,
            "patients": PATIENTS,
            "diary_days": DAYS,
            "export_s": round(export_s, 2),
            "export_resources": sum(counts.values()),
            "export_resources_per_s": round(sum(counts.values()) / export_s),
            "observation_search_median_ms": round(statistics.median(search_ms), 1),
            "observation_search_p95_ms": round(percentile(search_ms, 95), 1),
            "observation_search_year_in_one_page_median_ms": round(statistics.median(year_ms), 1),
            "observation_search_year_in_one_page_p95_ms": round(percentile(year_ms, 95), 1),
            "careplan_search_median_ms": round(statistics.median(plans_ms), 1),
            "careplan_search_p95_ms": round(percentile(plans_ms, 95), 1),
        }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
