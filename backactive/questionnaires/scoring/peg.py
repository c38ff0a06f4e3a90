"""PEG (Krebs et al., J Gen Intern Med 2009;24:733-8): the mean of its three 0–10 items —
pain on average (P), interference with enjoyment of life (E) and with general activity (G) —
reported to two decimals."""

from __future__ import annotations


def peg(answers: dict[str, int]) -> dict[str, int | float | bool | str]:
    total = answers["pain_average"] + answers["interference_enjoyment"] + answers["interference_activity"]
    return {"score": round(total / 3, 2)}
