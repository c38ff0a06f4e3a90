"""GDT results go back to the practice system when a consultation or a plan is saved."""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import override

logger = logging.getLogger(__name__)


def plan_line(item: Any) -> str:
    parts = [item.title]
    if item.minutes:
        parts.append(f"{item.minutes} min")
    if item.times_per_week:
        parts.append(f"{item.times_per_week}x/Woche")
    return ", ".join(parts)


def send_consultation_result(sender: Any, consultation: Any, **kwargs: Any) -> None:
    from backactive.consultations.selectors import current_plan

    from .services import gdt_send_result

    if consultation.draft:  # an assistant's draft reaches the practice system once a GP confirmed it
        return
    plan = current_plan(consultation.patient)
    _send(consultation, plan, gdt_send_result)


def send_plan_result(sender: Any, plan: Any, **kwargs: Any) -> None:
    from .services import gdt_send_result

    if plan.consultation is not None and not plan.consultation.draft:
        _send(plan.consultation, plan, gdt_send_result)


def _send(consultation: Any, plan: Any, send: Any) -> None:
    with override("de"):  # the practice system's record is German
        lines = [plan_line(i) for i in plan.items.all()] if plan else []
    # Queued, then written by the outbox job: an unreachable folder never loses the result.
    queued = send(patient=consultation.patient, pain=consultation.pain_now,
                  minutes_per_week=consultation.minutes_per_week, plan_lines=lines, handout_path=None)
    if queued is not None:
        logger.info("gdt result for consultation %s queued", consultation.pk)
