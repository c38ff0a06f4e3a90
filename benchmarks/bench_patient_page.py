"""GP patient page: 10,000 patients, one with a year of daily entries; median and p95 server
time over 200 requests, beside a trivial Django view (/health/) measured in the same run as the
floor. Run: `.venv/bin/python benchmarks/bench_patient_page.py` (DATABASE_URL for PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import time

from _django import django_database, percentile

PATIENTS = 10_000
REQUESTS = 200


def _fill() -> int:
    from backactive.accounts.models import Practice, Role, User
    from backactive.consultations.services import consultation_create
    from backactive.diary.models import ActivityEntry, PainEntry
    from backactive.patients.models import Patient

    rng = random.Random(42)
    practice = Practice.objects.create(name="Bench practice")
    gp = User.objects.create(username="bench_gp", role=Role.CLINICIAN, practice=practice)
    Patient.objects.bulk_create(
        (Patient(practice=practice, display_name=f"Patient {i:05d}", year_of_birth=1940 + i % 60, clinician=gp)
         for i in range(PATIENTS)), batch_size=2000)
    patient = Patient.objects.filter(practice=practice).order_by("id")[PATIENTS // 2]
    today = dt.date.today()
    days = [today - dt.timedelta(days=d) for d in range(365)]
    PainEntry.objects.bulk_create(PainEntry(patient=patient, date=d, pain=rng.randint(2, 8)) for d in days)
    ActivityEntry.objects.bulk_create(
        ActivityEntry(patient=patient, date=d, activity="walking", minutes=rng.randint(10, 60)) for d in days)
    for weeks_ago in (50, 40, 30, 20, 10, 2):
        consultation_create(patient=patient, clinician=gp, data={
            "date": today - dt.timedelta(weeks=weeks_ago), "pain_now": 5, "pain_average": 5,
            "days_per_week": 3, "minutes_per_day": 30, "barriers": ["time"]})
    return patient.pk


def _time(client: object, url: str) -> list[float]:
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def run() -> dict[str, object]:
    with django_database() as vendor:
        patient_id = _fill()
        from django.test import Client

        from backactive.accounts.models import User

        client = Client()
        client.force_login(User.objects.get(username="bench_gp"))
        page, floor = f"/patients/{patient_id}/", "/health/"
        for _ in range(20):  # warm up templates, caches and the connection
            client.get(page)
            client.get(floor)
        page_ms, floor_ms = [], []
        for _ in range(2):  # interleave the two so machine noise hits both alike
            page_ms += _time(client, page)[: REQUESTS // 2]
            floor_ms += _time(client, floor)[: REQUESTS // 2]
        return {
            "benchmark": "gp_patient_page", "database": vendor, "patients": PATIENTS, "requests": len(page_ms),
            "page_median_ms": round(statistics.median(page_ms), 2), "page_p95_ms": round(percentile(page_ms, 95), 2),
            "floor_median_ms": round(statistics.median(floor_ms), 2),
            "floor_p95_ms": round(percentile(floor_ms, 95), 2),
            "page_over_floor_median": round(statistics.median(page_ms) / statistics.median(floor_ms), 1),
            "target": "p95 <= 25 ms",
        }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
