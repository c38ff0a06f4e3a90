"""FHIR export builders: everything they return validates against the R4B models."""

from __future__ import annotations

import datetime

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backactive.interop.fhir.r4b import (
    GoalData,
    MeasurementData,
    PatientData,
    PlanData,
    ReferralData,
    careplan_resource,
    goal_resource,
    observation_resource,
    patient_bundle,
    patient_resource,
    service_request_resource,
)
from backactive.interop.fhir.r4b.terminology import MEASURES

DAY = datetime.date(2026, 11, 2)
NOW = datetime.datetime(2026, 11, 26, 12, 0, tzinfo=datetime.UTC)
PATIENT = PatientData(id="ps-3c9e", sex="diverse", year_of_birth=1961)


def test_patient_is_pseudonymous() -> None:
    data = patient_resource(PATIENT).model_dump(mode="json", exclude_none=True)
    assert data == {
        "resourceType": "Patient",
        "id": "ps-3c9e",
        "meta": {"security": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
                               "code": "PSEUDED", "display": "pseudonymized"}]},
        "gender": "other",
        "birthDate": "1961",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "loinc", "ucum"),
    [
        ("pain", "72514-3", "{score}"),
        ("minutes_per_week", "82290-8", "min/wk"),
        ("days_per_week", "89555-7", "d/wk"),
        ("minutes_per_day", "68516-4", "min/d"),
        ("steps", "41950-7", "/d"),
    ],
)
def test_observation_codes_and_units(kind: str, loinc: str, ucum: str) -> None:
    obs = observation_resource(MeasurementData(id="o-1", kind=kind, value=3, effective=DAY), patient_id=PATIENT.id)  # type: ignore[arg-type]
    data = obs.model_dump(mode="json", exclude_none=True)
    assert data["code"]["coding"][0]["code"] == loinc
    assert data["valueQuantity"] == {"value": 3, "unit": MEASURES[kind].unit,
                                     "system": "http://unitsofmeasure.org", "code": ucum}  # fmt: skip
    assert data["subject"] == {"reference": "Patient/ps-3c9e"}
    assert data["effectiveDateTime"] == "2026-11-02"
    category_codes = [c["coding"][0]["code"] for c in data["category"]]
    assert category_codes == (["survey"] if kind == "pain" else ["activity", "PhysicalActivity"])


def test_device_measurement_has_no_patient_performer() -> None:
    moment = datetime.datetime(2026, 11, 2, 23, 59, tzinfo=datetime.UTC)
    obs = observation_resource(
        MeasurementData(id="s-1", kind="steps", value=8123, effective=moment, device=True), patient_id=PATIENT.id
    )
    assert obs.performer is None


@pytest.mark.parametrize(
    "measurement",
    [
        MeasurementData(id="o-1", kind="pain", value=11, effective=DAY),
        MeasurementData(id="o-1", kind="days_per_week", value=8, effective=DAY),
        MeasurementData(id="o-1", kind="steps", value=-1, effective=DAY),
        MeasurementData(id="o 1", kind="pain", value=1, effective=DAY),
        MeasurementData(id="o-1", kind="pain", value=1, effective=datetime.datetime(2026, 1, 1, 8, 0)),
    ],
    ids=["pain 11", "8 days a week", "negative steps", "bad id", "time without zone"],
)
def test_impossible_values_are_refused(measurement: MeasurementData) -> None:
    with pytest.raises(ValueError):
        observation_resource(measurement, patient_id=PATIENT.id)


def test_goal_targets_weekly_minutes() -> None:
    goal = goal_resource(
        GoalData(id="g-1", description="Jede Woche 150 Minuten zügig gehen", minutes_per_week=150, start=DAY,
                 due=datetime.date(2027, 2, 1)),
        patient_id=PATIENT.id,
    ).model_dump(mode="json", exclude_none=True)  # fmt: skip
    assert goal["lifecycleStatus"] == "active"
    target = goal["target"][0]
    assert target["measure"]["coding"][0]["code"] == "82290-8"
    assert target["detailQuantity"]["value"] == 150
    assert target["detailQuantity"]["comparator"] == ">="
    assert target["dueDate"] == "2027-02-01"


def test_careplan_lists_the_plan_items_and_goals() -> None:
    plan = careplan_resource(
        PlanData(id="c-1", title="Bewegungsplan", created=DAY, items=("Gehen", "Rückenübungen"), goal_ids=("g-1",)),
        patient_id=PATIENT.id,
    ).model_dump(mode="json", exclude_none=True)
    assert [a["detail"]["description"] for a in plan["activity"]] == ["Gehen", "Rückenübungen"]
    assert plan["goal"] == [{"reference": "Goal/g-1"}]
    assert plan["intent"] == "plan"


def test_referral_is_snomed_390893007() -> None:
    request = service_request_resource(
        ReferralData(id="s-1", offer_name="Rückenfit im TV 1860", authored=DAY, note="dienstags", goal_ids=("g-1",)),
        patient_id=PATIENT.id,
    ).model_dump(mode="json", exclude_none=True)
    assert request["code"]["coding"][0] == {
        "system": "http://snomed.info/sct",
        "code": "390893007",
        "display": "Referral to physical activity program",
    }
    assert request["code"]["text"] == "Rückenfit im TV 1860"
    assert request["extension"][0]["valueReference"] == {"reference": "Goal/g-1"}


def test_bundle_round_trips_through_the_r4b_model() -> None:
    bundle = patient_bundle(
        PATIENT,
        measurements=[MeasurementData(id="o-1", kind="pain", value=4, effective=DAY)],
        goals=[GoalData(id="g-1", description="Mehr gehen", minutes_per_week=90)],
        plans=[PlanData(id="c-1", title="Plan", created=DAY, items=("Gehen",), goal_ids=("g-1",))],
        referrals=[ReferralData(id="s-1", offer_name="Walkinggruppe", authored=DAY)],
        timestamp=NOW,
        base_url="https://praxis.example/fhir/",
    )
    again = Bundle.model_validate_json(bundle.model_dump_json(exclude_none=True))
    types = [e.resource.get_resource_type() for e in again.entry]  # type: ignore[union-attr]
    assert types == ["Patient", "Observation", "Goal", "CarePlan", "ServiceRequest"]
    assert again.entry[0].fullUrl == "https://praxis.example/fhir/Patient/ps-3c9e"  # type: ignore[index]
    assert again.type == "collection"


def test_bundle_needs_an_aware_timestamp() -> None:
    with pytest.raises(ValueError):
        patient_bundle(PATIENT, timestamp=datetime.datetime(2026, 1, 1))


# On a busy CI machine generating examples can be slow; that is not a failure of the code.
@settings(max_examples=100, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(MEASURES)),
    fraction=st.floats(0, 1),
    day=st.dates(datetime.date(2000, 1, 1), datetime.date(2100, 1, 1)),
)
def test_any_value_in_range_validates(kind: str, fraction: float, day: datetime.date) -> None:
    measure = MEASURES[kind]
    value = round(measure.minimum + fraction * (measure.maximum - measure.minimum), 2)
    obs = observation_resource(MeasurementData(id="o-9", kind=kind, value=value, effective=day), patient_id="p")  # type: ignore[arg-type]
    assert float(obs.valueQuantity.value) == pytest.approx(value)  # type: ignore[union-attr,arg-type]
