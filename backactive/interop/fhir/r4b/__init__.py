"""FHIR R4B core: export of a patient's activity record and import of Observation bundles
(pure Python, validated with the fhir.resources R4B models)."""

from .builders import (
    careplan_resource,
    goal_resource,
    observation_resource,
    patient_bundle,
    patient_resource,
    service_request_resource,
)
from .inputs import GoalData, MeasureKind, MeasurementData, PatientData, PlanData, ReferralData
from .observation_import import (
    FhirImportError,
    ObservationImportReport,
    Rejection,
    TakenMeasurement,
    read_observation_bundle,
)
from .questionnaires import (
    ResponseData,
    questionnaire_resource,
    questionnaire_resources,
    questionnaire_response_resource,
)

__all__ = [
    "FhirImportError",
    "GoalData",
    "MeasureKind",
    "MeasurementData",
    "ObservationImportReport",
    "PatientData",
    "PlanData",
    "ReferralData",
    "Rejection",
    "ResponseData",
    "TakenMeasurement",
    "careplan_resource",
    "goal_resource",
    "observation_resource",
    "patient_bundle",
    "patient_resource",
    "questionnaire_resource",
    "questionnaire_resources",
    "questionnaire_response_resource",
    "read_observation_bundle",
    "service_request_resource",
]
