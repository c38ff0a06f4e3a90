"""FHIR R4 export of a patient's activity record (pure Python, validated with fhir.resources R4B)."""

from .builders import (
    careplan_resource,
    goal_resource,
    observation_resource,
    patient_bundle,
    patient_resource,
    service_request_resource,
)
from .inputs import GoalData, MeasureKind, MeasurementData, PatientData, PlanData, ReferralData

__all__ = [
    "GoalData",
    "MeasureKind",
    "MeasurementData",
    "PatientData",
    "PlanData",
    "ReferralData",
    "careplan_resource",
    "goal_resource",
    "observation_resource",
    "patient_bundle",
    "patient_resource",
    "service_request_resource",
]
