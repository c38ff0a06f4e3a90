"""Run every benchmark and print its figures (`make bench`). Each benchmark module has a
``run() -> dict``; figures are measured side by side in one process where a comparison is asked."""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHMARKS = [
    "bench_patient_page", "bench_recommend", "bench_handout", "bench_offers", "bench_diary_writes", "bench_fhir",
]


def main(names: list[str]) -> int:
    failed = 0
    for name in names or BENCHMARKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            print(json.dumps({"benchmark": name, "skipped": f"not available: {exc}"}))
            continue
        start = time.perf_counter()
        try:
            result = module.run()
        except Exception as exc:
            failed += 1
            result = {"benchmark": name, "error": repr(exc)}
        result.setdefault("benchmark", name)
        result["wall_s"] = round(time.perf_counter() - start, 1)
        print(json.dumps(result), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
