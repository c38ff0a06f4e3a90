"""The independent FHIR R4 validator (the npm package ``fhir``, run by Node): one process for the
whole test session, fed one resource per line (``validator/validate.js``)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

VALIDATOR = Path(__file__).with_name("validator")


class Validator:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    def check(self, resource: dict[str, Any]) -> dict[str, Any]:
        """{"valid", "errors", "warnings"} for one resource."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(resource) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the FHIR validator (node) stopped")
        return dict(json.loads(line))

    def errors(self, resource: dict[str, Any]) -> list[str]:
        return list(self.check(resource)["errors"])


@pytest.fixture(scope="session")
def fhir_validator() -> Iterator[Validator]:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js is not installed (Debian: apt-get install nodejs npm)")
    if not (VALIDATOR / "node_modules" / "fhir").is_dir():
        pytest.skip(f"the validator's packages are not installed: npm ci --prefix {VALIDATOR}")
    process = subprocess.Popen(
        [node, str(VALIDATOR / "validate.js")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
    )
    try:
        yield Validator(process)
    finally:
        if process.stdin is not None:
            process.stdin.close()
        process.wait(timeout=30)
