"""A patient's record as FHIR: what the selector reads, in a bounded number of queries, and the
validated Bundle built from it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from backactive.diary.services import activity_entry_create
from backactive.interop.fhir.selectors import fhir_records
from backactive.interop.fhir.services import patient_fhir_bundle
from backactive.patients.models import Patient

from .factories import fill_record


def _by_type(bundle: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for entry in bundle["entry"]:
        out.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return out


def _codes(observations: list[dict[str, Any]]) -> list[str]:
    return [o["code"]["coding"][0]["code"] for o in observations]


def test_bundle_holds_the_whole_record_and_validates(world: Any) -> None:
    made = fill_record(world)
    bundle = patient_fhir_bundle(made["patient"], base_url="https://praxis.example/fhir")
    Bundle.model_validate(bundle)
    found = _by_type(bundle)
    [patient] = found["Patient"]
    assert patient["id"] == str(made["patient"].pk) and "name" not in patient
    assert patient["birthDate"] == "1970"
    codes = _codes(found["Observation"])
    # consultation: pain, minutes/week, days/week, minutes/day; diary: 3 pain, 2 complete weeks, 8 step days
    assert codes.count("72514-3") == 1 + 3
    assert codes.count("82290-8") == 1 + 2
    assert codes.count("89555-7") == 1 and codes.count("68516-4") == 1
    assert codes.count("41950-7") == 8
    prefix = f"pt{made['patient'].pk}-w"
    weekly = [o for o in found["Observation"] if o["id"].startswith(prefix)]
    assert [o["valueQuantity"]["value"] for o in weekly] == [140, 140]
    assert weekly[0]["effectiveDateTime"] == (made["start"] + dt.timedelta(days=6)).isoformat()
    [goal] = found["Goal"]
    assert goal["lifecycleStatus"] == "active" and goal["target"][0]["detailQuantity"]["value"] == 150
    plans = {p["title"]: p for p in found["CarePlan"]}
    assert plans["Bewegungsplan, Version 1"]["status"] == "revoked"
    current = plans["Bewegungsplan, Version 2"]
    assert current["status"] == "active" and current["goal"] == [{"reference": f"Goal/{goal['id']}"}]
    assert [a["detail"]["description"] for a in current["activity"]] == [
        "Gehen: 25 Min., 3× pro Woche", "Rückenkurs: 60 Min., 1× pro Woche", "Tagebuch führen"]  # fmt: skip
    [referral] = found["ServiceRequest"]
    assert referral["code"]["coding"][0]["code"] == "390893007"
    assert referral["code"]["text"] == "Rückenfit im Park"
    assert all(e["fullUrl"].startswith("https://praxis.example/fhir/") for e in bundle["entry"])


def test_a_patient_without_data_is_just_the_patient(world: Any) -> None:
    patient = Patient.objects.create(practice=world.practice_x, display_name="Dora D")
    bundle = patient_fhir_bundle(patient)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]


def test_selector_queries_are_bounded(world: Any, django_assert_max_num_queries: Any) -> None:
    made = fill_record(world)
    patients = list(Patient.objects.filter(practice=world.practice_x))
    with django_assert_max_num_queries(7):  # + questionnaire responses and their answers
        records = fhir_records(patients)
    assert [r.patient_pk for r in records] == [p.pk for p in patients]
    assert len(next(r for r in records if r.patient_pk == made["patient"].pk).plans) == 2


def test_pseudonymised_ids_hide_internal_ids(world: Any) -> None:
    made = fill_record(world)
    [plain] = fhir_records([made["patient"]])
    [hidden] = fhir_records([made["patient"]], pseudonymise=b"k1")
    [again] = fhir_records([made["patient"]], pseudonymise=b"k1")
    [other_key] = fhir_records([made["patient"]], pseudonymise=b"k2")
    assert hidden.patient.id == again.patient.id != other_key.patient.id
    assert len(hidden.patient.id) == 32 and str(made["patient"].pk) != hidden.patient.id
    assert {m.id for m in hidden.measurements}.isdisjoint({m.id for m in plain.measurements})
    assert len({m.id for m in hidden.measurements}) == len(hidden.measurements)


@pytest.mark.parametrize("weekday_offset", [0, 3, 6])
def test_running_week_is_left_out_of_weekly_sums(world: Any, weekday_offset: int) -> None:
    made = fill_record(world)
    today = dt.date.today()
    [record] = fhir_records([made["patient"]], today=today + dt.timedelta(days=weekday_offset))
    weekly = [m for m in record.measurements if m.kind == "minutes_per_week" and m.id.startswith("pt")]
    assert all(m.effective < today + dt.timedelta(days=weekday_offset) for m in weekly)


def test_an_implausible_days_steps_total_is_left_out(world: Any) -> None:
    made = fill_record(world)
    day = made["start"] + dt.timedelta(days=1)
    for _ in range(2):
        activity_entry_create(patient=made["patient"], date=day, activity="walking", minutes=60, steps=150_000)
    [record] = fhir_records([made["patient"]])
    assert day not in [m.effective for m in record.measurements if m.kind == "steps"]
    Bundle.model_validate(patient_fhir_bundle(made["patient"]))
