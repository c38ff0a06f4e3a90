"""Stored questionnaires: one ``Response`` per questionnaire filled in, one ``Answer`` per item.

Answers are never overwritten: a correction (by the patient going back, or by staff with a
reason) closes the current row (``replaced_at``) and adds a new one, so the history shows who
entered which value when. The database allows one current answer per item and only values
within each item's range (a CHECK built from the instrument files; ``backactive makemigrations
questionnaires`` after an instrument changes, a test fails while that migration is missing).
"""

from __future__ import annotations

import functools
import operator
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import INSTRUMENTS


class Source(models.TextChoices):
    PATIENT = "patient", _("answered by the patient")
    PAPER = "paper", _("from the paper form")
    CONSULTATION = "consultation", _("in the consultation")


def _value_ranges() -> Q:
    """Q(instrument=…, item=…, value in range) | … for every item of every instrument."""
    ranges = [
        Q(instrument=code, item=item.key, value__gte=item.min, value__lte=item.max)
        for code, instrument in sorted(INSTRUMENTS.items())
        for item in instrument.items
    ]
    return functools.reduce(operator.or_, ranges)


class Response(models.Model):
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(_("questionnaire"), max_length=20)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    lang = models.CharField(max_length=2, default="de")
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # The day the questionnaire refers to (a paper form filled in last week is entered today).
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # The scores of the current answers, written whenever the response is complete.
    scores = models.JSONField(default=dict, blank=True)
    # A positive PHQ screen (PHQ-2/GAD-2 ≥ 3): shown to the GP until someone has seen it.
    screen_positive = models.BooleanField(default=False)
    alert_seen_at = models.DateTimeField(null=True, blank=True)
    alert_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The id a questionnaire was given on the device that started it: a re-sent offline start is one response.
    client_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["patient", "instrument", "completed_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(instrument__in=sorted(INSTRUMENTS)), name="response_instrument_known"),
            models.CheckConstraint(condition=Q(source__in=[s.value for s in Source]), name="response_source_valid"),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(answered_on__isnull=False), name="response_completed_dated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} #{self.pk}"

    @property
    def complete(self) -> bool:
        return self.completed_at is not None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # Copies of the response's patient and instrument: the audit trail and the CHECK need them here.
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=20)
    item = models.CharField(max_length=40)
    value = models.IntegerField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason for the correction"), max_length=200, blank=True)

    class Meta:
        ordering = ["entered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "item"], condition=Q(replaced_at__isnull=True), name="answer_one_current_per_item"
            ),
            models.CheckConstraint(condition=_value_ranges(), name="answer_item_and_value_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.item}={self.value}"
