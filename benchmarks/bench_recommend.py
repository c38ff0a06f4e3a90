"""Recommendation benchmark: one recommendation (validation included, knowledge already loaded)
over 2,000 varied, seeded profiles; prints the median and p95 milliseconds.

    .venv/bin/python benchmarks/bench_recommend.py

Target (issue 3): median <= 2 ms. Pure Python, no database, so the figure is the engine alone.
Every fifth profile has a location and nearby offers, so offer items are part of the timing.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backactive.core import codes  # noqa: E402
from backactive.recommendations.engine import recommend  # noqa: E402
from backactive.recommendations.knowledge import load_knowledge  # noqa: E402

SEED = 20261126
TARGET_MEDIAN_MS = 2.0


def _profiles(n: int, rng: random.Random, item_codes: list[str]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    barriers, conditions, flags = list(codes.BARRIERS), list(codes.CONDITIONS), list(codes.RED_FLAGS)
    out = []
    for i in range(n):
        age = rng.randint(18, 90)
        red_flags = rng.sample(flags, 1) if rng.random() < 0.05 else []
        profile: dict[str, Any] = {
            "age": age,
            "pain": rng.randint(0, 10),
            "active_minutes_per_week": rng.choice([0, 15, 30, 45, 60, 90, 120, 150, 200, 300]),
            "barriers": rng.sample(barriers, rng.randint(0, 5)),
            "conditions": rng.sample([c for c in conditions if c != "pregnancy" or age <= 45], rng.randint(0, 2)),
            "red_flags": red_flags,
            # Issue 11's inputs: a cleared flag now and then, mobility, floor, risk group, pacing.
            "red_flags_cleared": red_flags if rng.random() < 0.5 else [],
            "mobility": rng.choice(["independent"] * 8 + ["walking_aid", "wheelchair"]),
            "floor_ok": rng.random() < 0.8,
            "risk_group": rng.choice([None, "low", "medium", "high"]),
            "long_session_pattern": rng.random() < 0.2,
            "preferences": {
                "social": rng.choice(["alone", "group", "any"]),
                "setting": rng.choice(["home", "outdoor", "facility", "water", "any"]),
                "enjoys": rng.sample(item_codes, rng.randint(0, 3)),
            },
            "max_minutes_per_session": rng.choice([10, 20, 30, 45, 60, 90]),
            "wants_goals": rng.random() < 0.5,
            "wants_reminders": rng.random() < 0.5,
        }
        offers: list[dict[str, Any]] = []
        if i % 5 == 0:
            profile["location"] = {"lat": 50.8, "lon": 8.77}
            offers = [
                {
                    "id": j,
                    "name": f"Angebot {j}",
                    "activities": rng.sample(item_codes, 2),
                    "distance_km": round(rng.uniform(0.2, 25), 1),
                    "times": ["Di 18:00"],
                }
                for j in range(20)
            ]
        out.append((profile, offers))
    return out


def run(n: int = 2000, seed: int = SEED) -> dict[str, Any]:
    """Time ``n`` recommendations; returns median/p95/max in milliseconds and whether the target is met."""
    knowledge = load_knowledge()
    rng = random.Random(seed)
    cases = _profiles(n, rng, sorted(knowledge.items))
    for profile, offers in cases[:50]:  # warm-up
        recommend(profile, lang="de", knowledge=knowledge, offers=offers)
    durations = []
    for i, (profile, offers) in enumerate(cases):
        start = time.perf_counter()
        recommend(profile, lang="de" if i % 2 else "en", knowledge=knowledge, offers=offers)
        durations.append((time.perf_counter() - start) * 1000)
    durations.sort()
    median = statistics.median(durations)
    return {
        "profiles": n,
        "median_ms": round(median, 3),
        "p95_ms": round(durations[int(0.95 * n) - 1], 3),
        "max_ms": round(durations[-1], 3),
        "target_median_ms": TARGET_MEDIAN_MS,
        "target_met": median <= TARGET_MEDIAN_MS,
    }


if __name__ == "__main__":
    outcome = run()
    print(json.dumps(outcome, indent=2))
    print(
        f"recommend: median {outcome['median_ms']} ms, p95 {outcome['p95_ms']} ms, target met: {outcome['target_met']}"
    )
