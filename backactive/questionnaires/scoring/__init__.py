"""One scoring function per instrument, registered by code. Pure Python: no Django.

A scorer receives checked answers (``{key: int}``, complete, in range) and returns the
instrument's scores under the names its manual uses. Cross-item rules (a subscale larger than its
total) raise ``AnswerError`` naming the item.
"""

from __future__ import annotations

from collections.abc import Callable

from . import gcps, ipaq, peg, phq, startback

Scores = dict[str, int | float | bool | str]
Scorer = Callable[[dict[str, int]], Scores]

SCORERS: dict[str, Scorer] = {
    "gcps": gcps.gcps,
    "ipaq_sf": ipaq.ipaq_sf,
    "peg": peg.peg,
    "phq2": phq.phq2,
    "phq4": phq.phq4,
    "startback": startback.startback,
}
