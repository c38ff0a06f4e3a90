"""Questions as shown: the instrument's wording for patients, our labels for staff, durations as
hours and minutes, and form fields parsed back into answers."""

from __future__ import annotations

import pytest

from backactive import questionnaires as q
from backactive.questionnaires import presentation


def test_patients_see_the_instruments_own_wording_in_their_language() -> None:
    questions = presentation.for_patient(q.instrument("phq4"), "de", {"down": 2})
    down = questions[3]
    assert down.text == "Niedergeschlagenheit, Schwermut oder Hoffnungslosigkeit" and down.value == 2
    assert down.widget == "options" and down.options[3] == (3, "Beinahe jeden Tag")


def test_no_wording_without_a_licence_for_that_language() -> None:
    with pytest.raises(ValueError, match="may not be shown in de"):
        presentation.for_patient(q.instrument("peg"), "de", {})
    with pytest.raises(ValueError):
        presentation.for_patient(q.instrument("gcps"), "en", {})
    staff = presentation.for_staff(q.instrument("gcps"), "de", {})
    assert staff[0].text == "Schmerzstärke jetzt (0–10)" and staff[0].widget == "buttons"


def test_widgets() -> None:
    ipaq = {x.key: x for x in presentation.for_patient(q.instrument("ipaq_sf"), "en", {"walking_minutes": 95})}
    assert ipaq["walking_days"].widget == "buttons" and ipaq["walking_days"].zero_skips == "walking_minutes"
    assert ipaq["walking_minutes"].widget == "duration" and (
        ipaq["walking_minutes"].hours,
        ipaq["walking_minutes"].minutes,
    ) == (1, 35)
    assert ipaq["vigorous_days"].intro.startswith("Think about all the vigorous activities")
    gcps = {x.key: x for x in presentation.for_staff(q.instrument("gcps"), "en", {})}
    assert gcps["disability_days"].widget == "number"


def test_form_fields_back_to_answers() -> None:
    questions = presentation.for_staff(q.instrument("ipaq_sf"), "de", {})
    data = {
        "vigorous_days": "2",
        "vigorous_minutes_hours": "1",
        "vigorous_minutes_minutes": "5",
        "moderate_days": "x",
        "walking_minutes_hours": "",
        "walking_minutes_minutes": "40",
        "sitting_minutes_hours": "a",
        "sitting_minutes_minutes": "",
    }
    answers = presentation.parse(questions, data)
    assert answers["vigorous_days"] == 2 and answers["vigorous_minutes"] == 65
    assert answers["moderate_days"] == "x" and answers["walking_days"] is None and answers["walking_minutes"] == 40
    assert answers["sitting_minutes"] == "a:"
