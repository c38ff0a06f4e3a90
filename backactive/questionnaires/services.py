"""Writes to stored questionnaires. Every path (patient pages, offline sync, paper entry by
staff, the consultation, corrections) comes through here: answers are checked against the
instrument once, history is kept, scores are written when the response is complete."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.patients.models import Patient

from . import AnswerError, check, instrument, score
from .models import Answer, Response, Source

SCREENS = ("phq2_positive", "gad2_positive", "positive")


def _errors(code: str, answers: Mapping[str, object]) -> dict[str, str]:
    """Per item, what is wrong, in the user's language (the scoring module's own lines are English)."""
    items = {item.key: item for item in instrument(code).items}
    errors: dict[str, str] = {}
    for key, value in answers.items():
        item = items.get(key)
        if item is None:
            errors["__all__"] = _("“%(key)s” is not a question of this questionnaire.") % {"key": key}
        elif value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            errors[key] = _("Please enter a whole number.")
        elif value is not None and not item.min <= value <= item.max:
            errors[key] = _("Please choose a value from %(min)s to %(max)s.") % {"min": item.min, "max": item.max}
    return errors


def _checked(code: str, answers: Mapping[str, object]) -> dict[str, int]:
    try:
        return check(code, answers, partial=True)
    except AnswerError:
        raise ValidationError(_errors(code, answers) or {"__all__": _("These answers cannot be stored.")}) from None


def response_start(
    *,
    patient: Patient,
    instrument_code: str,
    source: str,
    user: User | None,
    lang: str = "de",
    client_id: uuid.UUID | None = None,
) -> Response:
    """A new, empty response; the same ``client_id`` sent again returns the first one."""
    instrument(instrument_code)  # an unknown code fails here, before the database says so
    if source not in Source.values:
        raise ValidationError(_("Unknown source."))
    new = {"patient": patient, "instrument": instrument_code, "source": source, "lang": lang, "started_by": user}
    if client_id is None:
        return Response.objects.create(**new)
    found = Response.objects.filter(client_id=client_id, patient=patient).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Response.objects.create(client_id=client_id, **new)
    except IntegrityError:  # the same start arrived twice at once; a client id of another patient fails here too
        return Response.objects.get(client_id=client_id, patient=patient)


def _rescore(response: Response, current: dict[str, int], answered_on: dt.date | None) -> None:
    code = response.instrument
    if len(current) < len(instrument(code).items):
        return
    try:
        scores = score(code, current)
    except AnswerError as exc:  # a combination that cannot be (e.g. more than 16 hours of activity a day)
        detail = {"__all__": _("These answers do not fit together: %(detail)s") % {"detail": exc.problem}}
        raise ValidationError(detail) from None
    response.scores = scores
    response.screen_positive = any(scores.get(name) is True for name in SCREENS)
    if response.completed_at is None:
        response.completed_at = timezone.now()
        response.answered_on = answered_on or timezone.localdate()
    elif answered_on is not None:
        response.answered_on = answered_on
    if not response.screen_positive:
        response.alert_seen_at, response.alert_seen_by = None, None
    response.save(
        update_fields=["scores", "screen_positive", "completed_at", "answered_on", "alert_seen_at", "alert_seen_by"]
    )


@transaction.atomic
def response_save(
    *,
    response: Response,
    answers: Mapping[str, object],
    user: User | None,
    reason: str = "",
    answered_on: dt.date | None = None,
) -> Response:
    """Store the given answers (any subset; ``None`` leaves an item as it is). A changed value
    replaces the current one and keeps it as history; the response completes (and is scored) once
    every item has an answer, and is scored again after each later correction."""
    clean = _checked(response.instrument, {k: v for k, v in answers.items() if v is not None})
    if answered_on is not None and answered_on > timezone.localdate():
        raise ValidationError({"answered_on": _("The date cannot be in the future.")})
    response = Response.objects.select_for_update().get(pk=response.pk)
    current = {a.item: a for a in response.answers.filter(replaced_at__isnull=True)}
    now = timezone.now()
    for key, value in clean.items():
        old = current.get(key)
        if old is not None and old.value == value:
            continue
        if old is not None:
            old.replaced_at = now
            old.save(update_fields=["replaced_at"])
        current[key] = Answer.objects.create(
            response=response,
            patient_id=response.patient_id,
            instrument=response.instrument,
            item=key,
            value=value,
            entered_by=user,
            reason=reason[:200],
        )
    _rescore(response, {k: a.value for k, a in current.items()}, answered_on)
    return response


def response_enter(
    *,
    patient: Patient,
    instrument_code: str,
    answers: Mapping[str, object],
    user: User,
    source: str,
    answered_on: dt.date,
    lang: str = "de",
) -> Response:
    """A whole questionnaire at once (a paper form, or in the consultation): every item is needed."""
    missing = [item.key for item in instrument(instrument_code).items if answers.get(item.key) is None]
    errors = _errors(instrument_code, answers)
    errors.update({key: _("This question is not answered yet.") for key in missing})
    if answered_on > timezone.localdate():
        errors["answered_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        response = response_start(patient=patient, instrument_code=instrument_code, source=source, user=user, lang=lang)
        return response_save(response=response, answers=answers, user=user, answered_on=answered_on)


def alert_seen(*, response: Response, user: User) -> Response:
    """A GP has seen the positive screen (the response stays as it is; the banner goes)."""
    if response.screen_positive and response.alert_seen_at is None:
        response.alert_seen_at, response.alert_seen_by = timezone.now(), user
        response.save(update_fields=["alert_seen_at", "alert_seen_by"])
    return response
