"""Stored questionnaires: partial answers resume, corrections keep their history with who and
when, scores follow the current answers, the database refuses impossible values."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from backactive.questionnaires import selectors, services
from backactive.questionnaires.models import Answer, Response
from backactive.security.models import AuditEvent

pytestmark = pytest.mark.django_db


def start(world: Any, code: str = "phq4", user: Any = None, **kw: Any) -> Response:
    return services.response_start(
        patient=world.patient_a, instrument_code=code, source="patient", user=user or world.patient_a_user, **kw
    )


def test_partial_answers_are_kept_and_the_response_completes_with_the_last_item(world: Any) -> None:
    response = start(world)
    services.response_save(response=response, answers={"nervous": 1, "worry": 0}, user=world.patient_a_user)
    response.refresh_from_db()
    assert not response.complete and response.scores == {}
    assert selectors.current_answers(response) == {"nervous": 1, "worry": 0}
    services.response_save(response=response, answers={"interest": 2, "down": 2}, user=world.patient_a_user)
    response.refresh_from_db()
    assert response.complete and response.answered_on == timezone.localdate()
    assert response.scores["phq2"] == 4 and response.scores["phq2_positive"] is True
    assert response.screen_positive and list(selectors.open_alerts(world.patient_a)) == [response]


def test_a_correction_keeps_the_old_value_with_who_and_when(world: Any) -> None:
    response = services.response_enter(
        patient=world.patient_a,
        instrument_code="phq4",
        answers={"nervous": 0, "worry": 0, "interest": 3, "down": 1},
        user=world.assistant_x,
        source="paper",
        answered_on=timezone.localdate() - dt.timedelta(days=2),
    )
    assert response.scores["phq2_positive"] is True
    services.response_save(response=response, answers={"interest": 1}, user=world.clinician_x, reason="typo")
    response.refresh_from_db()
    assert response.scores["phq2"] == 2 and response.scores["phq2_positive"] is False
    assert not response.screen_positive and response.answered_on == timezone.localdate() - dt.timedelta(days=2)
    history = [
        (a.item, a.value, a.entered_by, a.replaced_at is not None, a.reason)
        for a in selectors.answer_history(response)
        if a.item == "interest"
    ]
    assert history == [("interest", 3, world.assistant_x, True, ""), ("interest", 1, world.clinician_x, False, "typo")]
    assert Answer.objects.filter(response=response).count() == 5


def test_the_same_value_again_is_no_new_row(world: Any) -> None:
    response = start(world)
    services.response_save(response=response, answers={"down": 2}, user=world.patient_a_user)
    services.response_save(response=response, answers={"down": 2}, user=world.patient_a_user)
    assert Answer.objects.filter(response=response).count() == 1


@pytest.mark.parametrize(
    ("answers", "field"),
    [({"down": 4}, "down"), ({"down": "2"}, "down"), ({"mood": 1}, "__all__")],
)
def test_bad_answers_are_refused_with_a_message_per_item(world: Any, answers: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.response_save(response=start(world), answers=answers, user=world.patient_a_user)
    assert field in caught.value.message_dict


def test_paper_entry_needs_every_item_and_no_future_date(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.response_enter(
            patient=world.patient_a,
            instrument_code="peg",
            answers={"pain_average": 5},
            user=world.assistant_x,
            source="paper",
            answered_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert set(caught.value.message_dict) == {"interference_enjoyment", "interference_activity", "answered_on"}
    assert not Response.objects.exists()


def test_answers_that_cannot_be_scored_together_leave_the_response_open(world: Any) -> None:
    response = start(world, "startback", user=world.clinician_x)
    with pytest.raises(ValidationError, match="larger than the total"):
        services.response_save(response=response, answers={"total": 2, "psychosocial": 4}, user=world.clinician_x)
    assert not Response.objects.get(pk=response.pk).complete


def test_the_database_refuses_out_of_range_values_and_a_second_current_answer(world: Any) -> None:
    response = start(world)
    base = {"response": response, "patient": world.patient_a, "instrument": "phq4", "item": "down"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(**base, value=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(**{**base, "item": "steps"}, value=1)
    Answer.objects.create(**base, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(**base, value=2)


def test_a_resent_start_is_one_response(world: Any) -> None:
    client_id = uuid.uuid4()
    assert start(world, client_id=client_id) == start(world, client_id=client_id)
    assert Response.objects.count() == 1


def test_phq2_latest_reads_a_phq2_or_the_phq2_items_of_a_phq4(world: Any) -> None:
    today = timezone.localdate()
    assert selectors.phq2_latest(world.patient_a) is None
    services.response_enter(
        patient=world.patient_a,
        instrument_code="phq2",
        answers={"interest": 1, "down": 1},
        user=world.clinician_x,
        source="consultation",
        answered_on=today - dt.timedelta(days=30),
    )
    first = selectors.phq2_latest(world.patient_a)
    assert first is not None and (first.total, first.positive) == (2, False)
    services.response_enter(
        patient=world.patient_a,
        instrument_code="phq4",
        answers={"nervous": 0, "worry": 0, "interest": 2, "down": 2},
        user=world.patient_a_user,
        source="patient",
        answered_on=today,
    )
    latest = selectors.phq2_latest(world.patient_a)
    assert latest is not None and (latest.total, latest.positive, latest.answered_on) == (4, True, today)


def test_alert_seen_by_a_gp(world: Any) -> None:
    response = services.response_enter(
        patient=world.patient_a,
        instrument_code="phq4",
        answers={"nervous": 3, "worry": 3, "interest": 0, "down": 0},
        user=world.patient_a_user,
        source="patient",
        answered_on=timezone.localdate(),
    )
    services.alert_seen(response=response, user=world.clinician_x)
    response.refresh_from_db()
    assert response.alert_seen_by == world.clinician_x and not selectors.open_alerts(world.patient_a).exists()


def test_every_answer_is_in_the_audit_trail(world: Any) -> None:
    response = start(world)
    services.response_save(response=response, answers={"down": 2}, user=world.patient_a_user)
    events = AuditEvent.objects.filter(patient_id=world.patient_a.pk, object_type="questionnaires.answer")
    assert events.filter(action="create").count() == 1
