"""Graded Chronic Pain Scale, 1992 version (Von Korff, Ormel, Keefe, Dworkin; Pain 1992;50:133-49).

- Characteristic pain intensity (0–100) = mean(pain now, worst, average) × 10.
- Disability score (0–100) = mean(interference with daily, social, work activities) × 10.
- Disability points (0–6) = points for disability days in six months (0–6 → 0, 7–14 → 1,
  15–30 → 2, 31+ → 3) + points for the disability score (0–29 → 0, 30–49 → 1, 50–69 → 2, 70+ → 3).
- Grade: IV = 5–6 disability points, III = 3–4 (whatever the intensity); below 3 points:
  II = intensity ≥ 50, I = intensity below 50, 0 = pain free (every rating 0 and no disability
  points; no pain but some disability is contradictory and graded I, never hidden as 0).

Scores are reported rounded to whole numbers. With whole-number answers a mean × 10 is a multiple
of 10/3 and never ends in .5, and no rounded value crosses a cut-off (29.7 or 49.7 cannot occur).
"""

from __future__ import annotations

DAY_POINTS = ((31, 3), (15, 2), (7, 1), (0, 0))
SCORE_POINTS = ((70, 3), (50, 2), (30, 1), (0, 0))


def _points(value: float, bands: tuple[tuple[int, int], ...]) -> int:
    return next(points for low, points in bands if value >= low)


def grade(intensity: float, points: int) -> int:
    if points >= 5:
        return 4
    if points >= 3:
        return 3
    if intensity >= 50:
        return 2
    return 0 if intensity == 0 and points == 0 else 1


def gcps(answers: dict[str, int]) -> dict[str, int | float | bool | str]:
    intensity = (answers["pain_now"] + answers["pain_worst"] + answers["pain_average"]) * 10 / 3
    disability = (
        (answers["interference_daily"] + answers["interference_social"] + answers["interference_work"]) * 10 / 3
    )
    points = _points(answers["disability_days"], DAY_POINTS) + _points(disability, SCORE_POINTS)
    return {
        "characteristic_pain_intensity": round(intensity),
        "disability_score": round(disability),
        "disability_points": points,
        "grade": grade(intensity, points),
    }
