"""Importing Observation bundles: checked entry by entry, units converted, duplicates skipped."""

from __future__ import annotations

import datetime
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backactive.interop.fhir.r4b import MeasurementData, PatientData, patient_bundle
from backactive.interop.fhir.r4b.observation_import import FhirImportError, read_observation_bundle

TODAY = datetime.date(2026, 11, 26)


def obs(code: str = "41950-7", value: Any = 8000, unit: str | None = "/d", **extra: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "effectiveDateTime": "2026-11-20",
    }
    if value is not None:
        quantity: dict[str, Any] = {"value": value, "system": "http://unitsofmeasure.org"}
        if unit is not None:
            quantity["code"] = unit
        resource["valueQuantity"] = quantity
    resource.update(extra)
    return resource


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


def test_steps_and_minutes_are_taken_with_unit_conversion() -> None:
    report = read_observation_bundle(
        bundle(obs(), obs("82290-8", 2.5, "h/wk"), obs("72514-3", 3, "{score}")), today=TODAY
    )
    assert [(m.kind, m.value, m.date) for m in report.taken] == [
        ("steps", 8000, datetime.date(2026, 11, 20)),
        ("minutes_per_week", 150, datetime.date(2026, 11, 20)),
        ("pain", 3, datetime.date(2026, 11, 20)),
    ]
    assert report.rejected == [] and report.duplicates == []


@pytest.mark.parametrize(
    ("resource", "reason"),
    [
        (obs("8867-4"), "LOINC"),
        (obs(unit="kg"), "unit"),
        (obs("72514-3", 12, "{score}"), "outside"),
        (obs(status="preliminary"), "status"),
        (obs(effectiveDateTime="2027-01-01"), "future"),
        (obs(effectiveDateTime="2026-11"), "full day"),
        (obs(value=None), "numeric value"),
        ({**obs(), "code": "just text"}, "valid Observation"),
        ({"resourceType": "Patient"}, "not an Observation"),
    ],
)
def test_bad_entries_are_rejected_with_a_reason(resource: dict[str, Any], reason: str) -> None:
    report = read_observation_bundle(bundle(obs(), resource), today=TODAY)
    assert len(report.taken) == 1
    assert [r.entry for r in report.rejected] == [2]
    assert reason in report.rejected[0].reason


def test_duplicates_within_the_file_and_from_before_are_skipped() -> None:
    first = read_observation_bundle(bundle(obs(), obs()), today=TODAY)
    assert (len(first.taken), first.duplicates) == (1, [2])
    again = read_observation_bundle(bundle(obs(), obs(value=9000)), known_keys={first.taken[0].key}, today=TODAY)
    assert again.duplicates == [1]
    assert [m.value for m in again.taken] == [9000]


def test_identifier_decides_what_is_a_duplicate() -> None:
    ident = [{"system": "urn:app", "value": "day-20"}]
    report = read_observation_bundle(bundle(obs(identifier=ident), obs(value=9000, identifier=ident)), today=TODAY)
    assert (len(report.taken), report.duplicates) == (1, [2])


def test_period_effective_is_taken_by_its_start() -> None:
    period = {"start": "2026-11-19T00:00:00+01:00", "end": "2026-11-19T23:59:59+01:00"}
    resource = obs()
    del resource["effectiveDateTime"]
    resource["effectivePeriod"] = period
    report = read_observation_bundle(bundle(resource), today=TODAY)
    assert report.taken[0].date == datetime.date(2026, 11, 19)


@pytest.mark.parametrize(
    "data", [b"not json", b"[]", b'{"resourceType": "Patient"}', {"resourceType": "Bundle", "entry": 5}]
)
def test_not_a_bundle_is_an_error(data: Any) -> None:
    with pytest.raises(FhirImportError):
        read_observation_bundle(data)


def test_our_own_export_reads_back() -> None:
    exported = patient_bundle(
        PatientData(id="p-1"),
        measurements=[
            MeasurementData(id="o-1", kind="days_per_week", value=4, effective=datetime.date(2026, 11, 1)),
            MeasurementData(id="o-2", kind="minutes_per_day", value=30, effective=datetime.date(2026, 11, 1)),
        ],
        timestamp=datetime.datetime(2026, 11, 26, tzinfo=datetime.UTC),
    )
    report = read_observation_bundle(exported.model_dump_json(exclude_none=True), today=TODAY)
    assert [(m.kind, m.value) for m in report.taken] == [("days_per_week", 4), ("minutes_per_day", 30)]
    assert [r.entry for r in report.rejected] == [1]  # the Patient entry


scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
json_values = (
    scalars
    | st.lists(scalars, max_size=3)
    | st.dictionaries(st.sampled_from(["value", "code", "system", "coding", "start"]), scalars, max_size=3)
)


# On a busy CI machine generating examples can be slow; that is not a failure of the code.
@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mutation=st.dictionaries(
        st.sampled_from(["status", "code", "valueQuantity", "effectiveDateTime", "identifier", "valueInteger"]),
        json_values,
        max_size=3,
    )
)
def test_any_mangled_entry_is_taken_or_rejected_never_crashes(mutation: dict[str, Any]) -> None:
    resource = {**obs(), **mutation}
    report = read_observation_bundle(json.dumps(bundle(resource)), today=TODAY)
    assert len(report.taken) + len(report.rejected) == 1


BERLIN = ZoneInfo("Europe/Berlin")


def test_a_moment_is_placed_on_the_practices_day_not_on_its_own_offsets() -> None:
    # 23:30 UTC on 21 November is already 22 November in Berlin (issue 18).
    late = obs(effectiveDateTime="2026-11-21T23:30:00Z")
    early = obs(effectiveDateTime="2026-11-22T00:30:00+02:00", identifier=[{"system": "urn:x", "value": "e"}])
    report = read_observation_bundle(bundle(late, early), today=TODAY, tz=BERLIN)
    assert [m.date for m in report.taken] == [datetime.date(2026, 11, 22), datetime.date(2026, 11, 21)]


def test_a_period_is_placed_by_its_start_in_the_practices_time_zone() -> None:
    resource = obs()
    del resource["effectiveDateTime"]
    resource["effectivePeriod"] = {"start": "2026-11-18T23:15:00Z", "end": "2026-11-19T22:00:00Z"}
    report = read_observation_bundle(bundle(resource), today=TODAY, tz=BERLIN)
    assert report.taken[0].date == datetime.date(2026, 11, 19)


@pytest.mark.parametrize("unit", ["{steps}", "/d", "1", None])
def test_steps_are_taken_under_55423_8_as_well(unit: str | None) -> None:
    report = read_observation_bundle(bundle(obs("55423-8", 7200, unit)), today=TODAY, tz=BERLIN)
    assert [(m.kind, m.value) for m in report.taken] == [("steps", 7200)]


def test_steps_under_55423_8_over_more_than_one_day_are_not_a_days_count() -> None:
    resource = obs("55423-8", 50_000, "{steps}")
    del resource["effectiveDateTime"]
    resource["effectivePeriod"] = {"start": "2026-11-16T00:00:00+01:00", "end": "2026-11-22T23:59:00+01:00"}
    report = read_observation_bundle(bundle(resource), today=TODAY, tz=BERLIN)
    assert report.taken == [] and "one day" in report.rejected[0].reason
