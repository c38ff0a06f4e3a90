"""IPAQ short form, scored by the IPAQ Research Committee's protocol (November 2005).

- MET values: walking 3.3, moderate 4.0, vigorous 8.0; MET-minutes/week = MET × minutes a day × days.
- Minimum bout (section 7.5): a time under 10 minutes a day counts 0, and so do its days.
- Truncation (section 7.4): more than 180 minutes a day counts 180 (at most 21 hours a week each).
- Outliers (section 7.3): a walking + moderate + vigorous time above 960 minutes a day is excluded
  from analysis; here it is refused as an answer that cannot be scored.
- Categories (section 5.3), on the cleaned values; "days of any combination" are the days of the
  three intensities added up (they may exceed 7):
  high: vigorous on ≥ 3 days and total ≥ 1500 MET-min/week, or ≥ 7 days of any combination and
  total ≥ 3000; moderate: vigorous ≥ 20 min on ≥ 3 days, or ≥ 5 days of moderate activity and/or
  walking of ≥ 30 min a day, or ≥ 5 days of any combination and total ≥ 600; low otherwise.
"""

from __future__ import annotations

from ..answers import AnswerError

METS = {"walking": 3.3, "moderate": 4.0, "vigorous": 8.0}
MIN_BOUT = 10
TRUNCATE_AT = 180
OUTLIER_ABOVE = 960


def _clean(days: int, minutes: int) -> tuple[int, int]:
    if days == 0 or minutes < MIN_BOUT:
        return 0, 0
    return days, min(minutes, TRUNCATE_AT)


def category(clean: dict[str, tuple[int, int]], total: float) -> str:
    (v_days, v_min), (m_days, m_min), (w_days, w_min) = clean["vigorous"], clean["moderate"], clean["walking"]
    any_days = v_days + m_days + w_days
    if (v_days >= 3 and total >= 1500) or (any_days >= 7 and total >= 3000):
        return "high"
    days_30 = (m_days if m_min >= 30 else 0) + (w_days if w_min >= 30 else 0)
    if (v_days >= 3 and v_min >= 20) or days_30 >= 5 or (any_days >= 5 and total >= 600):
        return "moderate"
    return "low"


def ipaq_sf(answers: dict[str, int]) -> dict[str, int | float | bool | str]:
    kinds = ("vigorous", "moderate", "walking")
    reported = sum(answers[f"{k}_minutes"] for k in kinds if answers[f"{k}_days"] > 0)
    if reported > OUTLIER_ABOVE:
        raise AnswerError(
            "vigorous_minutes + moderate_minutes + walking_minutes",
            f"{reported} minutes a day is more than the {OUTLIER_ABOVE} (16 hours) the IPAQ protocol accepts",
        )
    clean = {k: _clean(answers[f"{k}_days"], answers[f"{k}_minutes"]) for k in kinds}
    met = {k: round(METS[k] * clean[k][1] * clean[k][0], 1) for k in kinds}
    total = round(sum(met.values()), 1)
    return {
        "met_minutes_week": total,
        "category": category(clean, total),
        "vigorous_met_minutes_week": met["vigorous"],
        "moderate_met_minutes_week": met["moderate"],
        "walking_met_minutes_week": met["walking"],
        "sitting_minutes": answers["sitting_minutes"],
    }
