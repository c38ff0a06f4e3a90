"""Run every benchmark and print its figures (`make bench`). Each benchmark module has a
``run() -> dict``; each runs in a process of its own, because each sets up Django with its own
throwaway database. Figures that compare (a page against the trivial floor view) are measured
side by side inside one benchmark."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "bench_patient_page", "bench_gp_stages", "bench_recommend", "bench_handout", "bench_offers", "bench_diary_writes",
    "bench_fhir", "bench_effects",
    "bench_import_while_writing",
]
ONE = "import json, sys; sys.path.insert(0, {here!r}); import {name} as m; print(json.dumps(m.run()))"


def main(names: list[str]) -> int:
    failed = 0
    for name in names or BENCHMARKS:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", ONE.format(here=str(HERE), name=name)], cwd=HERE.parent,
                              capture_output=True, text=True, check=False)
        lines = done.stdout.strip().splitlines()
        if done.returncode == 0 and lines:
            result = json.loads(lines[-1])
        else:
            failed += 1
            result = {"error": (done.stderr.strip().splitlines() or ["no output"])[-1]}
        result.setdefault("benchmark", name)
        result["wall_s"] = round(time.perf_counter() - start, 1)
        print(json.dumps(result), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
