"""The codes BackActive uses in FHIR, following the HL7 Physical Activity implementation guide
where it applies (LOINC for the exercise vital sign and steps, SNOMED CT for referrals)."""

from __future__ import annotations

from typing import Final, NamedTuple

LOINC: Final = "http://loinc.org"
SNOMED: Final = "http://snomed.info/sct"
UCUM: Final = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
PA_TEMPORARY_CODES: Final = "http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes"
V3_OBSERVATION_VALUE: Final = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"
GOAL_ACHIEVEMENT: Final = "http://terminology.hl7.org/CodeSystem/goal-achievement"
V2_IDENTIFIER_TYPE: Final = "http://terminology.hl7.org/CodeSystem/v2-0203"
MR_DISPLAY: Final = "Medical record number"
# The practice system's patient number (GDT field 3000) as a Patient.identifier: one system per
# practice, since two practices' systems may give the same number to different people.
PATIENT_NUMBER_SYSTEM: Final = "urn:backactive:practice:{practice_id}:patient-number"


def patient_number_system(practice_id: int) -> str:
    return PATIENT_NUMBER_SYSTEM.format(practice_id=practice_id)


class Measure(NamedTuple):
    loinc: str
    display: str
    unit: str  # human-readable
    ucum: str
    category: str  # observation-category code
    minimum: float
    maximum: float


MEASURES: Final[dict[str, Measure]] = {
    "pain": Measure(
        "72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported", "score", "{score}", "survey", 0, 10
    ),
    "minutes_per_week": Measure(
        "82290-8",
        "Frequency of moderate to vigorous aerobic physical activity",
        "minutes per week",
        "min/wk",
        "activity",
        0,
        7 * 24 * 60,
    ),
    "days_per_week": Measure(
        "89555-7",
        "How many days per week did you engage in moderate to strenuous physical activity in the last 30 days",
        "days per week",
        "d/wk",
        "activity",
        0,
        7,
    ),
    "minutes_per_day": Measure(
        "68516-4",
        "On those days that you engage in moderate to strenuous exercise, how many "
        "minutes, on average, do you exercise",
        "minutes per day",
        "min/d",
        "activity",
        0,
        24 * 60,
    ),
    "steps": Measure("41950-7", "Number of steps in 24 hour Measured", "steps per day", "/d", "activity", 0, 200_000),
}
MEASURE_BY_LOINC: Final = {m.loinc: kind for kind, m in MEASURES.items()}

REFERRAL_CODE: Final = ("390893007", "Referral to physical activity program")
PHYSICAL_ACTIVITY_CATEGORY: Final = {
    "system": PA_TEMPORARY_CODES,
    "code": "PhysicalActivity",
    "display": "Physical Activity",
}

# Our sex codes (core codes.toml) as FHIR administrative gender.
GENDER: Final = {"female": "female", "male": "male", "diverse": "other", "unknown": "unknown"}
