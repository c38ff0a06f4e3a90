"""Fuzzing the import: any file either imports completely or leaves the database unchanged."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backactive.accounts.models import Practice
from backactive.interop.gdt.format import GdtError, write_record
from backactive.interop.gdt.services import GdtImportError, gdt_import_bytes
from backactive.interop.models import GdtLaunch
from backactive.patients.models import Patient

from .conftest import SAMPLE
from .format.test_fuzz import mutated

LAUNCH = write_record("6301", [("3000", "42"), ("3101", "Größ"), ("3102", "Anna"), ("3103", "29021964")])


def snapshot() -> tuple[int, int, list[Any]]:
    rows = list(Patient.objects.order_by("id").values_list("id", "pvs_number", "display_name", "year_of_birth", "sex"))
    return Patient.objects.count(), GdtLaunch.objects.count(), rows


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.one_of(st.binary(max_size=300), mutated(), st.sampled_from([SAMPLE.read_bytes(), LAUNCH])))
def test_import_is_all_or_nothing(practice: Practice, data: bytes) -> None:
    before = snapshot()
    try:
        result = gdt_import_bytes(practice=practice, data=data, file_name="fuzz.gdt")
    except (GdtError, GdtImportError):
        assert snapshot() == before
        return
    after = snapshot()
    assert after[1] == before[1] + 1
    assert after[0] == before[0] + (1 if result.patient_created else 0)
    assert result.patient.practice_id == practice.pk
    assert result.patient.pvs_number == result.record.patient["number"]
