"""PHQ-2 and PHQ-4 (Kroenke et al. 2003, 2009; Löwe et al. 2010).

PHQ-2 = interest + down (0–6), GAD-2 = nervous + worry (0–6), PHQ-4 = all four (0–12). A screen
is positive at a sum of 3 or more. PHQ-4 total: 0–2 normal, 3–5 mild, 6–8 moderate, 9–12 severe.
"""

from __future__ import annotations

SCREEN_CUTOFF = 3
SEVERITY = ((9, "severe"), (6, "moderate"), (3, "mild"), (0, "normal"))


def phq2(answers: dict[str, int]) -> dict[str, int | float | bool | str]:
    total = answers["interest"] + answers["down"]
    return {"total": total, "positive": total >= SCREEN_CUTOFF}


def phq4(answers: dict[str, int]) -> dict[str, int | float | bool | str]:
    depression = answers["interest"] + answers["down"]
    anxiety = answers["nervous"] + answers["worry"]
    total = depression + anxiety
    return {
        "total": total,
        "phq2": depression,
        "gad2": anxiety,
        "phq2_positive": depression >= SCREEN_CUTOFF,
        "gad2_positive": anxiety >= SCREEN_CUTOFF,
        "severity": next(name for low, name in SEVERITY if total >= low),
    }
