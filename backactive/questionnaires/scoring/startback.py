"""Keele STarT Back Screening Tool (9 items), scored on paper and recorded as its two scores.

Total (items 1–9, 0–9) and psychosocial subscale (items 5–9, 0–5). Risk group as Keele publishes
it: total 0–3 → low; total 4–9 with subscale 0–3 → medium; subscale 4–5 → high. Items 1–4 give at
most 4 points, so the subscale can neither exceed the total nor fall more than 4 below it.
"""

from __future__ import annotations

from ..answers import AnswerError


def risk_group(total: int, psychosocial: int) -> str:
    if psychosocial >= 4:
        return "high"
    return "low" if total <= 3 else "medium"


def startback(answers: dict[str, int]) -> dict[str, int | float | bool | str]:
    total, psychosocial = answers["total"], answers["psychosocial"]
    if psychosocial > total:
        raise AnswerError("psychosocial", f"{psychosocial} is larger than the total {total}")
    if total - psychosocial > 4:
        raise AnswerError("total", f"{total} is more than 4 above the psychosocial subscale {psychosocial}")
    return {"total": total, "psychosocial": psychosocial, "risk_group": risk_group(total, psychosocial)}
