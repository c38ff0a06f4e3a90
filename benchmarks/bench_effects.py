"""Activity-and-pain analysis benchmark: a year of daily entries (365 pain values, about 250
activity entries) analysed from the entries to the finished JSON object, bootstrap included,
with the resampling plan built afresh every time (cold cache); prints median and p95 ms.

    .venv/bin/python benchmarks/bench_effects.py

Target (issue 15): a year of daily entries in <= 20 ms including the bootstrap. Pure Python and
numpy, no database: the GP page never runs this in its request (the result is stored when entries
change), so this figure is the cost added to a diary write. Besides wall time the benchmark
reports CPU time, which a machine shared with other work inflates less.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backactive.diary.effects import analyse, bootstrap, daily, report  # noqa: E402

SEED = 20261126
TARGET_MEDIAN_MS = 20.0


def _year(rng: random.Random) -> tuple[list[tuple[dt.date, float]], list[tuple[dt.date, float]]]:
    start = dt.date(2025, 1, 1)
    pain, activity, level = [], [], 5.0
    for t in range(365):
        day = start + dt.timedelta(days=t)
        level = 5 + 0.7 * (level - 5) + rng.gauss(0, 1)
        pain.append((day, float(min(10, max(0, round(level))))))
        if rng.random() < 0.6:
            activity.append((day, float(rng.randint(10, 90))))
        if rng.random() < 0.1:
            activity.append((day, float(rng.randint(5, 30))))
    return pain, activity


def run(n: int = 60, seed: int = SEED) -> dict[str, Any]:
    """Analyse ``n`` seeded one-year diaries; the median and p95 in milliseconds, wall and CPU."""
    rng = random.Random(seed)
    diaries = [_year(rng) for _ in range(n)]
    report(analyse(daily(*diaries[0])), lang="de")  # warm-up: imports, text loading
    wall, cpu = [], []
    for i, (pain, activity) in enumerate(diaries):
        bootstrap.plan.cache_clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        report(analyse(daily(pain, activity)), lang="de" if i % 2 else "en")
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    cpu.sort()
    median = statistics.median(wall)
    return {
        "diaries": n,
        "days": 365,
        "median_ms": round(median, 2),
        "p95_ms": round(wall[int(0.95 * n) - 1], 2),
        "cpu_median_ms": round(statistics.median(cpu), 2),
        "target_median_ms": TARGET_MEDIAN_MS,
        "target_met": median <= TARGET_MEDIAN_MS,
    }


if __name__ == "__main__":
    outcome = run()
    print(json.dumps(outcome, indent=2))
    print(f"effects: median {outcome['median_ms']} ms (CPU {outcome['cpu_median_ms']} ms), "
          f"p95 {outcome['p95_ms']} ms, target met: {outcome['target_met']}")
