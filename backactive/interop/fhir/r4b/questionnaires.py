"""FHIR R4 Questionnaire and QuestionnaireResponse for BackActive's instruments, validated with the
R4B models. Pure Python (no Django).

A Questionnaire carries the instrument's own wording only in a language its licence allows
(``Instrument.text_langs``); otherwise our own item labels, so that no licensed text leaves
through FHIR either. Choice items answer with a Coding (the value as code, the option's words as
display where they may be shipped, and the value as ordinal); every other item with an integer.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from backactive.questionnaires import Instrument, instrument

CANONICAL = "urn:backactive:questionnaire:"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"


@dataclass(frozen=True)
class ResponseData:
    id: str  # usable as FHIR id
    instrument: str
    answers: dict[str, int]
    authored: datetime.datetime
    complete: bool
    source: str  # patient | paper | consultation


def canonical(code: str) -> str:
    return f"{CANONICAL}{code}"


def questionnaire_id(code: str) -> str:
    return f"backactive-{code.replace('_', '-')}"


def _option_system(code: str, key: str) -> str:
    return f"{canonical(code)}:{key}"


def questionnaire_resource(instrument: Instrument, *, lang: str) -> Questionnaire:
    shipped = instrument.has_text(lang)
    items: list[dict[str, Any]] = []
    for item in instrument.items:
        entry: dict[str, Any] = {
            "linkId": item.key,
            "text": item.text[lang] if shipped else item.label.get(lang),
            "required": True,
        }
        if item.kind == "choice":
            entry["type"] = "choice"
            entry["answerOption"] = [
                {
                    "valueCoding": {
                        "system": _option_system(instrument.code, item.key),
                        "code": str(o.value),
                        **({"display": o.label.get(lang)} if shipped and o.label else {}),
                        "extension": [{"url": ORDINAL_VALUE, "valueDecimal": o.value}],
                    }
                }
                for o in item.options
            ]
        else:
            entry["type"] = "integer"
            entry["extension"] = [
                {"url": MIN_VALUE, "valueInteger": item.min},
                {"url": MAX_VALUE, "valueInteger": item.max},
            ]
        items.append(entry)
    data = {
        "resourceType": "Questionnaire",
        "id": questionnaire_id(instrument.code),
        "url": canonical(instrument.code),
        "name": instrument.code,
        "title": instrument.title.get(lang),
        "status": "active",
        "subjectType": ["Patient"],
        "language": lang,
        "copyright": instrument.licence,
        "description": instrument.source,
        "item": items,
    }
    return Questionnaire.model_validate(data)


def questionnaire_resources(responses: Sequence[ResponseData], *, patient_id: str, lang: str) -> list[Any]:
    """Each instrument answered (once, as a Questionnaire) and every response."""
    codes = sorted({r.instrument for r in responses})
    out: list[Any] = [questionnaire_resource(instrument(code), lang=lang) for code in codes]
    out += [questionnaire_response_resource(r, instrument(r.instrument), patient_id=patient_id) for r in responses]
    return out


def questionnaire_response_resource(
    response: ResponseData, instrument: Instrument, *, patient_id: str
) -> QuestionnaireResponse:
    """ValueError for an answer the instrument does not allow (never stored, but checked anyway)."""
    items = []
    for item in instrument.items:
        if item.key not in response.answers:
            continue
        value = response.answers[item.key]
        if not item.min <= value <= item.max:
            raise ValueError(f"{item.key} out of range")
        answer: dict[str, Any] = (
            {"valueCoding": {"system": _option_system(instrument.code, item.key), "code": str(value)}}
            if item.kind == "choice"
            else {"valueInteger": value}
        )
        items.append({"linkId": item.key, "answer": [answer]})
    if response.authored.tzinfo is None:
        raise ValueError("authored needs a timezone")
    data = {
        "resourceType": "QuestionnaireResponse",
        "id": response.id,
        "questionnaire": canonical(response.instrument),
        "status": "completed" if response.complete else "in-progress",
        "subject": {"reference": f"Patient/{patient_id}"},
        "authored": response.authored.isoformat(),
        "item": items,
    }
    if response.source != "patient":
        data["source"] = {"display": "entered by the practice" if response.source == "paper" else "in the consultation"}
    return QuestionnaireResponse.model_validate(data)
