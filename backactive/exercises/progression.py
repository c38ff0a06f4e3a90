"""The progression rule for an exercise's level. Pure Python (no Django).

- A flare-up proposes the easier level: the patient says so, or the latest pain is more than
  two points above the usual pain (the mean of the week before the last two weeks).
- "Too hard" after the last session proposes the easier level too.
- The next level is proposed after two weeks at the current level, done at least twice in each
  of the two weeks, without a pain rise of more than two points and with the last session not
  "too hard".
- Otherwise the level stays. Level 1 is the easiest, 3 the hardest; nothing goes beyond them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

FEELINGS = ("easy", "right", "too_hard")
WEEK = 7
MIN_PER_WEEK = 2
MAX_PAIN_RISE = 2.0


@dataclass(frozen=True)
class Session:
    """One guided session of an exercise: the day, the level done and how it felt (or None)."""

    day: datetime.date
    level: int
    felt: str | None = None


@dataclass(frozen=True)
class Proposal:
    level: int
    reason: str  # "flare_up" | "too_hard" | "progress" | "stay"

    @property
    def changes(self) -> bool:
        return self.reason in ("flare_up", "too_hard", "progress")


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def propose_level(
    *,
    current: int,
    sessions: list[Session],
    pain: dict[datetime.date, float],
    today: datetime.date,
    flare_up: bool = False,
) -> Proposal:
    """The level to propose for an exercise done at ``current``, from its sessions and the
    patient's daily pain (0-10 by day)."""
    if current not in (1, 2, 3):
        raise ValueError(f"level must be 1, 2 or 3, got {current!r}")
    window_start = today - datetime.timedelta(days=2 * WEEK - 1)
    usual = _mean([v for d, v in pain.items() if window_start - datetime.timedelta(days=WEEK) <= d < window_start])
    in_window = [v for d, v in sorted(pain.items()) if window_start <= d <= today]
    baseline = usual if usual is not None else (in_window[0] if in_window else None)
    latest = in_window[-1] if in_window else None
    rose = baseline is not None and latest is not None and latest - baseline > MAX_PAIN_RISE
    if flare_up or rose:
        return Proposal(max(1, current - 1), "flare_up" if current > 1 else "stay")
    done = sorted((s for s in sessions if s.day <= today), key=lambda s: s.day)
    if done and done[-1].felt == "too_hard":
        return Proposal(max(1, current - 1), "too_hard" if current > 1 else "stay")
    at_level = [s for s in done if s.day >= window_start and s.level == current]
    first_week = [s for s in at_level if s.day < window_start + datetime.timedelta(days=WEEK)]
    second_week = [s for s in at_level if s.day >= window_start + datetime.timedelta(days=WEEK)]
    lower_before = any(s.level != current for s in done if s.day >= window_start)
    peak_rise = baseline is not None and bool(in_window) and max(in_window) - baseline > MAX_PAIN_RISE
    if (
        current < 3
        and len({s.day for s in first_week}) >= MIN_PER_WEEK
        and len({s.day for s in second_week}) >= MIN_PER_WEEK
        and not lower_before
        and not peak_rise
    ):
        return Proposal(current + 1, "progress")
    return Proposal(current, "stay")
