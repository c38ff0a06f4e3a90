"""FHIR Questionnaire and QuestionnaireResponse: valid R4, licensed wording only where allowed."""

from __future__ import annotations

import datetime as dt

import pytest

from backactive import questionnaires as q
from backactive.interop.fhir.r4b import ResponseData, questionnaire_resource, questionnaire_response_resource

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("code", sorted(q.INSTRUMENTS))
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_instrument_is_a_valid_questionnaire(code: str, lang: str) -> None:
    resource = questionnaire_resource(q.instrument(code), lang=lang).model_dump(mode="json", exclude_none=True)
    assert resource["url"] == f"urn:backactive:questionnaire:{code}"
    assert [i["linkId"] for i in resource["item"]] == list(q.instrument(code).keys)


def test_licensed_wording_stays_out_where_it_may_not_be_shipped() -> None:
    gcps = questionnaire_resource(q.instrument("gcps"), lang="de").model_dump(mode="json", exclude_none=True)
    assert gcps["item"][0]["text"] == "Schmerzstärke jetzt (0–10)"  # our label, not the DSF's wording
    peg_de = questionnaire_resource(q.instrument("peg"), lang="de").model_dump(mode="json", exclude_none=True)
    assert "What number" not in str(peg_de)
    phq4 = questionnaire_resource(q.instrument("phq4"), lang="de").model_dump(mode="json", exclude_none=True)
    down = phq4["item"][3]
    assert down["text"] == "Niedergeschlagenheit, Schwermut oder Hoffnungslosigkeit" and down["type"] == "choice"
    assert down["answerOption"][3]["valueCoding"]["display"] == "Beinahe jeden Tag"


def test_a_response_answers_with_codings_and_integers() -> None:
    response = ResponseData(id="r1", instrument="gcps", answers={"pain_now": 5, "disability_days": 12},
                            authored=NOW, complete=False, source="paper")  # fmt: skip
    data = questionnaire_response_resource(response, q.instrument("gcps"), patient_id="p1").model_dump(
        mode="json", exclude_none=True
    )
    assert data["status"] == "in-progress" and data["subject"]["reference"] == "Patient/p1"
    assert data["item"] == [{"linkId": "pain_now", "answer": [{"valueInteger": 5}]},
                            {"linkId": "disability_days", "answer": [{"valueInteger": 12}]}]  # fmt: skip


def test_out_of_range_and_naive_times_are_refused() -> None:
    bad = ResponseData(id="r1", instrument="phq4", answers={"down": 7}, authored=NOW, complete=True, source="patient")
    with pytest.raises(ValueError, match="down"):
        questionnaire_response_resource(bad, q.instrument("phq4"), patient_id="p1")
    naive = ResponseData(id="r1", instrument="phq4", answers={}, authored=NOW.replace(tzinfo=None), complete=True,
                         source="patient")  # fmt: skip
    with pytest.raises(ValueError, match="timezone"):
        questionnaire_response_resource(naive, q.instrument("phq4"), patient_id="p1")
