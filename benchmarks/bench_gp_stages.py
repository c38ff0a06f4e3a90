"""Where one GP page's time goes, in the process (Django's test client, one core): the medians of
``patient_overview``, the follow-up form, the plan rows, the template and the whole request, with
``/health/`` (the same session) interleaved as the floor. Two patients, each with a year of daily
entries and six consultations among 10,000: the one of ``bench_patient_page.py`` (no plan) and the
one of ``make bench-http`` (a six-item plan, a GP with two-factor login, a practice postcode).

Run: `.venv/bin/python benchmarks/bench_gp_stages.py` (DATABASE_URL for PostgreSQL). The stages
are timed by wrapping the functions ``consultations/screen_views.py`` calls, in this process only.
"""

from __future__ import annotations

import collections
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from _django import django_database

REQUESTS = 100
STAGES = ("patient_overview", "follow_up_form", "plan_rows", "render")


def _timed(module: Any, name: str, samples: dict[str, list[float]]) -> None:
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            samples[name].append((time.perf_counter() - start) * 1000)

    setattr(module, name, wrapper)


def _measure(client: Any, url: str, samples: dict[str, list[float]]) -> dict[str, float]:
    for _ in range(20):  # warm templates, caches and the connection
        assert client.get(url).status_code == 200
        client.get("/health/")
    samples.clear()
    page, floor = [], []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(url)
        page.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        client.get("/health/")
        floor.append((time.perf_counter() - start) * 1000)
    figures = {f"{name}_ms": round(statistics.median(samples[name]), 2) for name in STAGES}
    figures |= {"request_ms": round(statistics.median(page), 2), "floor_ms": round(statistics.median(floor), 2)}
    figures["request_over_floor"] = round(figures["request_ms"] / figures["floor_ms"], 1)
    return figures


def run() -> dict[str, Any]:
    with django_database() as vendor:
        import bench_patient_page
        from _http_fill import fill
        from django.test import Client
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from backactive.accounts.models import User
        from backactive.consultations import screen_views

        samples: dict[str, list[float]] = collections.defaultdict(list)
        for name in STAGES:
            _timed(screen_views, name, samples)
        without_plan = bench_patient_page._fill()  # its GP is bench_gp as well: renamed below
        User.objects.filter(username="bench_gp").update(username="bench_gp_page")
        with_plan = fill("bench-gp-stages-passphrase")["patient"]

        plain = Client()
        plain.force_login(User.objects.get(username="bench_gp_page"))
        two_factor = Client()
        two_factor.force_login(User.objects.get(username="bench_gp"))
        session = two_factor.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user__username="bench_gp").persistent_id
        session.save()
        return {
            "benchmark": "gp_page_stages", "database": vendor, "requests": REQUESTS,
            "without_plan": _measure(plain, f"/patients/{without_plan}/", samples),
            "with_plan": _measure(two_factor, f"/patients/{with_plan}/", samples),
        }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
