"""Handout benchmark: PDF renders of a 3-page handout (plan, prescription, exercises with drawings,
QR codes, diary) and of the full 4-page one (plus offers and chart); prints cold and warm figures.

    .venv/bin/python benchmarks/bench_handout.py

Target (issue 6): median <= 20 ms per 2-3 page handout, warm (one compiler reused).
- cold: the first render in a fresh Python process (loading fonts, parsing the template), timed
  in a subprocess; the import of the package is reported separately.
- warm: every render is for a different patient (name, date, minutes vary), so Typst really lays
  the document out again instead of returning a memoised copy; validation, building the content
  and the PDF export are all inside the timing.
"""

from __future__ import annotations

import copy
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURE = ROOT / "tests" / "handouts" / "plan_de.json"
TARGET_MEDIAN_MS = 20.0


def _plans(n: int, *, full: bool) -> list[dict[str, Any]]:
    base = json.loads(FIXTURE.read_text(encoding="utf-8"))
    if not full:
        base.pop("offers")
        base.pop("chart_svg")
    plans = []
    for i in range(n):
        plan = copy.deepcopy(base)
        plan["patient"]["display_name"] = f"Patientin {i:03d}"
        plan["date"] = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}"
        plan["items"][0]["minutes"] = 10 + i % 25
        plan["first_week_minutes"] = 40 + i % 60
        plans.append(plan)
    return plans


def _cold() -> dict[str, float]:
    """Runs in a fresh interpreter: import time and the first render."""
    start = time.perf_counter()
    from backactive.handouts.render import render_handout

    imported = time.perf_counter()
    render_handout(_plans(1, full=False)[0])
    done = time.perf_counter()
    return {"import_ms": (imported - start) * 1000, "first_render_ms": (done - imported) * 1000}


def _warm(n: int, *, full: bool) -> dict[str, Any]:
    import io

    import pypdf

    from backactive.handouts.render import render_handout

    plans = _plans(n + 5, full=full)
    for plan in plans[:5]:
        render_handout(plan)
    durations, cpu = [], []
    pdf = b""
    for plan in plans[5:]:
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = render_handout(plan)
        durations.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    durations.sort()
    return {
        "renders": n,
        "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
        "median_ms": round(statistics.median(durations), 2),
        "p95_ms": round(durations[max(0, round(0.95 * n) - 1)], 2),
        "min_ms": round(durations[0], 2),
        # CPU time of the whole process per render: close to wall time on an idle machine, and
        # the fairer figure when other jobs share the two cores.
        "cpu_median_ms": round(statistics.median(cpu), 2),
        "pdf_kb": round(len(pdf) / 1024, 1),
    }


def run(n: int = 50) -> dict[str, Any]:
    """Cold (fresh process) and warm (``n`` renders) figures in milliseconds; see the module doc."""
    child = subprocess.run([sys.executable, __file__, "--cold"], capture_output=True, text=True, check=True, cwd=ROOT)
    cold = {k: round(v, 1) for k, v in json.loads(child.stdout).items()}
    three = _warm(n, full=False)
    four = _warm(n, full=True)
    return {
        "cold": cold,
        "warm_3_pages": three,
        "warm_4_pages": four,
        "target_median_ms": TARGET_MEDIAN_MS,
        "target_met": three["median_ms"] <= TARGET_MEDIAN_MS,
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["--cold"]:
        print(json.dumps(_cold()))
        sys.exit(0)
    outcome = run()
    print(json.dumps(outcome, indent=2))
    three, four = outcome["warm_3_pages"], outcome["warm_4_pages"]
    print(
        f"handout: cold {outcome['cold']['first_render_ms']} ms (+ import {outcome['cold']['import_ms']} ms); "
        f"warm {three['pages']} pages median {three['median_ms']} ms (CPU {three['cpu_median_ms']} ms), "
        f"p95 {three['p95_ms']} ms; "
        f"{four['pages']} pages median {four['median_ms']} ms (CPU {four['cpu_median_ms']} ms), "
        f"p95 {four['p95_ms']} ms; "
        f"target met: {outcome['target_met']}"
    )
