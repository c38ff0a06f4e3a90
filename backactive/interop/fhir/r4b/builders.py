"""FHIR R4 resources for a patient's activity record, validated with the R4B models.

Pure Python (no Django). Every builder assembles plain JSON, then lets ``fhir.resources.R4B``
validate it, so a resource that leaves here is structurally valid FHIR.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Sequence
from typing import Any, Final

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.servicerequest import ServiceRequest

from . import terminology as t
from .inputs import GoalData, MeasurementData, PatientData, PlanData, ReferralData
from .questionnaires import ResponseData, questionnaire_resources

_PERTAINS_TO_GOAL = "http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal"
_FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
# CarePlan.status -> CarePlan.activity.detail.status: a plan replaced by a newer version is revoked
# and its activities stopped.
_ACTIVITY_STATUS = {"draft": "not-started", "active": "in-progress", "revoked": "stopped", "completed": "completed"}
# The types the REST API reads (``api/rest.py``; a test keeps the two the same): in a bundle their
# fullUrl is their address on the server. The others (Questionnaire, QuestionnaireResponse) have
# no address there, so their fullUrl is a ``urn:uuid:`` (FHIR: a fullUrl that is not a urn:uuid
# must be the resource's RESTful address), derived from what the address would be: the same
# resource from the same server always gets the same one.
READABLE_TYPES: Final = ("Patient", "Observation", "Goal", "CarePlan", "ServiceRequest")
_FULL_URL_NAMESPACE: Final = uuid.UUID("9d0c7a3e-5b8f-4e21-a6d4-2f1e8c3b7a90")


def _id(value: str) -> str:
    if not _FHIR_ID.fullmatch(value):
        raise ValueError(f"not a FHIR id: {value!r}")
    return value


def _ref(resource_type: str, resource_id: str) -> dict[str, str]:
    return {"reference": f"{resource_type}/{_id(resource_id)}"}


def _when(value: datetime.date | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:  # FHIR dateTime with a time needs a zone
            raise ValueError("effective time must carry a timezone")
        return value.isoformat()
    return value.isoformat()


def patient_resource(patient: PatientData) -> Patient:
    """A pseudonymous Patient: id, administrative gender and year of birth; no name, no address.
    The practice system's patient number, where known, is an identifier (type MR) under the
    practice's own system URI, so the practice system can find its patients."""
    data: dict[str, Any] = {
        "resourceType": "Patient",
        "id": _id(patient.id),
        "meta": {"security": [{"system": t.V3_OBSERVATION_VALUE, "code": "PSEUDED", "display": "pseudonymized"}]},
        "gender": t.GENDER.get(patient.sex, "unknown"),
    }
    if patient.patient_number and patient.practice_id is not None:
        data["identifier"] = [
            {
                "use": "usual",
                "type": {"coding": [{"system": t.V2_IDENTIFIER_TYPE, "code": "MR", "display": t.MR_DISPLAY}]},
                "system": t.patient_number_system(patient.practice_id),
                "value": patient.patient_number,
            }
        ]
    if patient.year_of_birth is not None:
        data["birthDate"] = f"{patient.year_of_birth:04d}"
    return Patient.model_validate(data)


def observation_resource(measurement: MeasurementData, *, patient_id: str) -> Observation:
    """An Observation coded as the Physical Activity guide does (pain as a 0-10 score).
    ValueError for a value outside the measure's range."""
    measure = t.MEASURES[measurement.kind]
    if not measure.minimum <= measurement.value <= measure.maximum:
        raise ValueError(f"{measurement.kind} must be between {measure.minimum} and {measure.maximum}")
    category = [{"coding": [{"system": t.OBSERVATION_CATEGORY, "code": measure.category}]}]
    if measure.category == "activity":
        category.append({"coding": [t.PHYSICAL_ACTIVITY_CATEGORY]})
    value = measurement.value
    data: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _id(measurement.id),
        "status": "final",
        "category": category,
        "code": {"coding": [{"system": t.LOINC, "code": measure.loinc, "display": measure.display}]},
        "subject": _ref("Patient", patient_id),
        "effectiveDateTime": _when(measurement.effective),
        "valueQuantity": {
            "value": int(value) if float(value).is_integer() else value,
            "unit": measure.unit,
            "system": t.UCUM,
            "code": measure.ucum,
        },
    }
    if not measurement.device:
        data["performer"] = [_ref("Patient", patient_id)]  # reported by the patient
    return Observation.model_validate(data)


def goal_resource(goal: GoalData, *, patient_id: str) -> Goal:
    data: dict[str, Any] = {
        "resourceType": "Goal",
        "id": _id(goal.id),
        "lifecycleStatus": goal.status,
        "category": [{"coding": [t.PHYSICAL_ACTIVITY_CATEGORY]}],
        "description": {"text": goal.description},
        "subject": _ref("Patient", patient_id),
    }
    if goal.start:
        data["startDate"] = goal.start.isoformat()
    if goal.minutes_per_week is not None:
        measure = t.MEASURES["minutes_per_week"]
        target: dict[str, Any] = {
            "measure": {"coding": [{"system": t.LOINC, "code": measure.loinc, "display": measure.display}]},
            "detailQuantity": {
                "value": goal.minutes_per_week,
                "comparator": ">=",
                "unit": measure.unit,
                "system": t.UCUM,
                "code": measure.ucum,
            },
        }
        if goal.due:
            target["dueDate"] = goal.due.isoformat()
        data["target"] = [target]
    return Goal.model_validate(data)


def careplan_resource(plan: PlanData, *, patient_id: str) -> CarePlan:
    """The agreed activity plan: one activity per plan item, linked to its goals."""
    data: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": _id(plan.id),
        "status": plan.status,
        "intent": "plan",
        "category": [{"coding": [t.PHYSICAL_ACTIVITY_CATEGORY]}],
        "title": plan.title,
        "subject": _ref("Patient", patient_id),
        "created": plan.created.isoformat(),
        "activity": [
            {"detail": {"status": _ACTIVITY_STATUS.get(plan.status, "unknown"), "description": item}}
            for item in plan.items
        ],
    }
    if plan.goal_ids:
        data["goal"] = [_ref("Goal", g) for g in plan.goal_ids]
    if not data["activity"]:
        del data["activity"]
    return CarePlan.model_validate(data)


def service_request_resource(referral: ReferralData, *, patient_id: str) -> ServiceRequest:
    """A referral to a local activity offer (SNOMED CT 390893007)."""
    code, display = t.REFERRAL_CODE
    data: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": _id(referral.id),
        "status": referral.status,
        "intent": "order",
        "category": [{"coding": [t.PHYSICAL_ACTIVITY_CATEGORY]}],
        "code": {"coding": [{"system": t.SNOMED, "code": code, "display": display}], "text": referral.offer_name},
        "subject": _ref("Patient", patient_id),
        "authoredOn": referral.authored.isoformat(),
    }
    if referral.note:
        data["note"] = [{"text": referral.note}]
    if referral.goal_ids:
        data["extension"] = [
            {
                "url": "http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal",
                "valueReference": _ref("Goal", g),
            }
            for g in referral.goal_ids
        ]
    return ServiceRequest.model_validate(data)


def full_url(base_url: str, resource_type: str, resource_id: str) -> str:
    """An entry's fullUrl: the resource's address where the API reads it, else a stable urn:uuid."""
    address = f"{base_url.rstrip('/')}/{resource_type}/{resource_id}"
    if resource_type in READABLE_TYPES:
        return address
    return f"urn:uuid:{uuid.uuid5(_FULL_URL_NAMESPACE, address)}"


def patient_bundle(
    patient: PatientData,
    *,
    measurements: Sequence[MeasurementData] = (),
    goals: Sequence[GoalData] = (),
    plans: Sequence[PlanData] = (),
    referrals: Sequence[ReferralData] = (),
    responses: Sequence[ResponseData] = (),
    timestamp: datetime.datetime,
    base_url: str | None = None,
    lang: str = "de",
) -> Bundle:
    """A ``collection`` Bundle with the patient and everything recorded about their activity.

    With ``base_url`` (e.g. ``https://praxis.example/fhir``) every entry gets a fullUrl (``full_url``).
    """
    resources: list[Any] = [patient_resource(patient)]
    resources += [observation_resource(m, patient_id=patient.id) for m in measurements]
    resources += [goal_resource(g, patient_id=patient.id) for g in goals]
    resources += [careplan_resource(p, patient_id=patient.id) for p in plans]
    resources += [service_request_resource(r, patient_id=patient.id) for r in referrals]
    resources += questionnaire_resources(responses, patient_id=patient.id, lang=lang)
    entries = []
    for resource in resources:
        entry: dict[str, Any] = {"resource": resource.model_dump(mode="json", exclude_none=True)}
        if base_url:
            entry["fullUrl"] = full_url(base_url, resource.get_resource_type(), resource.id)
        entries.append(entry)
    if timestamp.tzinfo is None:
        raise ValueError("timestamp must carry a timezone")
    return Bundle.model_validate(
        {"resourceType": "Bundle", "type": "collection", "timestamp": timestamp.isoformat(), "entry": entries}
    )
