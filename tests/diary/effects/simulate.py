"""Simulated pain diaries with a known effect of activity, to check the analysis against the
truth (issue 15). Seeded: the same call gives the same diaries.

The model, per diary (parameters drawn per diary from realistic ranges):
- underlying pain follows an autoregressive process around the patient's level (3.5-6.5 on
  0-10, day-to-day persistence 0.4-0.8, spread 0.8-1.5 points), plus 0.4-0.9 points of
  day-to-day noise; entries are whole numbers, clipped to 0-10;
- the true effect: pain the day after an active day (at least 20 minutes) is ``effect`` points
  higher (negative: lower); with ``long_effect``, pain the day after a session longer than 1.5
  times the patient's usual one is that much higher again;
- activity: active on 35-65 % of days, with some persistence; or, in *confounded* diaries,
  active far more often on days of lower pain (as patients are), with no other link; or, in
  *trend* diaries, active on more and more days (30 % to 70 %) while pain eases by 2 points
  over the diary for other reasons;
- minutes vary around the patient's usual session (25-60 min, log-normal); a third of rest
  days have a few minutes (5-15) that stay below the threshold; a fifth of active days are
  logged as two entries;
- logging: 0-25 % of days missing at random, half the diaries with one or two breaks of 3-10
  days, a fifth with a stretch where only every other day is logged, and a few days with two
  pain entries (averaged).

    .venv/bin/python -m tests.diary.effects.simulate    # prints the figures of docs/effects.md
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from backactive.diary.effects import Effects, analyse, daily

START = dt.date(2024, 1, 1)
THRESHOLD = 20


@dataclass(frozen=True)
class Case:
    scenario: str
    days: int
    pain: tuple[tuple[dt.date, float], ...]
    activity: tuple[tuple[dt.date, float], ...]
    effect: float  # the true next-day difference (active minus rest)
    long_effect: float
    confounded: bool
    result: Effects
    raw_difference: float | None  # the plain, unadjusted next-day difference


@dataclass(frozen=True)
class Scenario:
    name: str
    effect: float = 0.0
    confounded: bool = False
    long_effect: float = 0.0
    trend: bool = False  # activity grows from 30 to 70 % of days while pain eases by 2 points


SCENARIOS = {
    s.name: s
    for s in (
        Scenario("none"),
        Scenario("confounded", confounded=True),
        Scenario("trend", trend=True),
        Scenario("helpful", effect=-1.0),
        Scenario("helpful_strong", effect=-1.5),
        Scenario("harmful", effect=1.0),
        Scenario("harmful_strong", effect=1.5),
        Scenario("helpful_confounded", effect=-1.5, confounded=True),
        Scenario("long_sessions", long_effect=2.0),
    )
}


def _series(rng: np.random.Generator, count: int, n: int, s: Scenario) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pain (count, n) with NaN where not logged, minutes (count, n), and the second-entry flags."""
    level = rng.uniform(3.5, 6.5, count)[:, None]
    phi = rng.uniform(0.4, 0.8, count)
    spread = rng.uniform(0.8, 1.5, count)
    noise = rng.uniform(0.4, 0.9, count)[:, None]
    share = rng.uniform(0.35, 0.65, count)
    stay = rng.uniform(0.0, 0.4, count)
    push = rng.uniform(0.8, 1.5, count)  # how strongly a confounded patient's activity follows pain
    usual = rng.uniform(25, 60, count)
    latent = np.empty((count, n))
    latent[:, 0] = rng.normal(0, spread)
    shocks = rng.normal(0, 1, (count, n)) * (spread * np.sqrt(1 - phi**2))[:, None]
    for t in range(1, n):
        latent[:, t] = phi * latent[:, t - 1] + shocks[:, t]
    felt = level + latent + rng.normal(0, 1, (count, n)) * noise
    session = np.maximum(THRESHOLD, np.round(usual[:, None] * np.exp(rng.normal(0, 0.45, (count, n)))))
    small = np.where(rng.random((count, n)) < 0.3, rng.integers(5, 16, (count, n)), 0)
    u = rng.random((count, n))
    active = np.zeros((count, n), dtype=bool)
    minutes = np.zeros((count, n))
    pain = np.zeros((count, n))
    odds = np.log(share / (1 - share))
    for t in range(n):
        today = felt[:, t] - (2.0 * t / n if s.trend else 0.0)
        if t:
            today += s.effect * active[:, t - 1] + s.long_effect * (minutes[:, t - 1] > 1.5 * usual)
        if s.confounded:
            chance = 1 / (1 + np.exp(-(odds - push * (today - level[:, 0]))))
        elif s.trend:
            chance = np.full(count, 0.3 + 0.4 * t / n)
        elif t:
            chance = np.where(active[:, t - 1], share + stay * (1 - share), share * (1 - stay))
        else:
            chance = share
        active[:, t] = u[:, t] < chance
        minutes[:, t] = np.where(active[:, t], session[:, t], small[:, t])
        pain[:, t] = np.clip(np.round(today), 0, 10)
    logged = rng.random((count, n)) >= rng.uniform(0, 0.25, count)[:, None]
    for i in range(count):
        if rng.random() < 0.5:
            for _ in range(rng.integers(1, 3)):
                begin = rng.integers(3, n - 3)
                logged[i, begin : begin + rng.integers(3, 11)] = False
        if rng.random() < 0.2:
            begin = rng.integers(0, n // 2)
            logged[i, begin : begin + n // 4 : 2] = False
    return np.where(logged, pain, np.nan), np.where(logged | (rng.random((count, n)) < 0.5), minutes, 0), usual


def diaries(scenario: str, count: int, days: int, *, seed: int = 15) -> list[Case]:
    """``count`` simulated diaries of ``days`` days, analysed."""
    s = SCENARIOS[scenario]
    rng = np.random.default_rng([seed, zlib.crc32(scenario.encode()), days])
    pain, minutes, _ = _series(rng, count, days, s)
    dates = [START + dt.timedelta(days=t) for t in range(days)]
    cases = []
    for i in range(count):
        pain_entries: list[tuple[dt.date, float]] = []
        activity: list[tuple[dt.date, float]] = []
        for t in np.flatnonzero(np.isfinite(pain[i])):
            pain_entries.append((dates[t], float(pain[i, t])))
            if rng.random() < 0.03:  # a second entry the same day, the same value: the mean is kept
                pain_entries.append((dates[t], float(pain[i, t])))
        for t in np.flatnonzero(minutes[i]):
            total = float(minutes[i, t])
            if total >= 2 * THRESHOLD and rng.random() < 0.2:  # logged as two sessions
                activity += [(dates[t], total // 2), (dates[t], total - total // 2)]
            else:
                activity.append((dates[t], total))
        result = analyse(daily(pain_entries, activity), threshold_minutes=THRESHOLD)
        raw = None
        if result.after_active and result.after_rest:
            raw = float(np.mean(result.after_active) - np.mean(result.after_rest))
        cases.append(Case(scenario, days, tuple(pain_entries), tuple(activity), s.effect, s.long_effect,
                          s.confounded, result, raw))
    return cases


# The suite the tests assert on: 1,440 diaries of 60 days and more (twice as many without an
# effect, where the false-claim rate is measured), 200 of 90 days with an effect of 1.5 points
# for the accuracy, 104 shorter ones for the minimum-data rules.
LONG_LENGTHS = (60, 90, 180)
PER_SCENARIO_AND_LENGTH = 40
NULL_SCENARIOS = ("none", "confounded", "trend")
ACCURACY_COUNT = 100  # per sign of the effect


def suite(seed: int = 15) -> list[Case]:
    cases = []
    for name in SCENARIOS:
        count = PER_SCENARIO_AND_LENGTH * (2 if name in NULL_SCENARIOS else 1)
        for days in LONG_LENGTHS:
            cases += diaries(name, count, days, seed=seed)
    return cases


def accuracy_suite(seed: int = 90) -> list[Case]:
    return [c for name in ("helpful_strong", "harmful_strong") for c in diaries(name, ACCURACY_COUNT, 90, seed=seed)]


def short_suite() -> list[Case]:
    return [c for days in (10, 20, 30, 45) for name in ("none", "helpful_strong") for c in diaries(name, 13, days)]


@dataclass(frozen=True)
class Figures:
    diaries: int  # of 60 days and more with enough data for an answer
    coverage: float  # share whose next-day interval contains the true effect
    false_claims: float  # share of diaries without an effect where a difference is claimed
    false_claims_confounded: float  # the same among the confounded ones
    plain_difference_confounded: float  # mean unadjusted next-day difference there (truth: 0)
    false_claims_trend: float  # the same among the diaries where activity and pain both trend
    accuracy_90_days: float  # share within 0.5 points of a true effect of 1.5 at 90 days
    long_pattern_false: float  # long-session pattern reported where long sessions do nothing
    long_pattern_found: float  # ... and found where they add 2 points (90 days and more)


def _share(cases: list[Case], hit: Callable[[Case], bool]) -> float:
    return sum(1 for c in cases if hit(c)) / len(cases)


def _covers(c: Case) -> bool:
    return c.result.next_day is not None and c.result.next_day.low <= c.effect <= c.result.next_day.high


def _claims(c: Case) -> bool:
    return c.result.next_day is not None and c.result.next_day.clear


def _near(c: Case) -> bool:
    return c.result.next_day is not None and abs(c.result.next_day.difference - c.effect) <= 0.5


def figures(cases: list[Case], accuracy: list[Case]) -> Figures:
    judged = [c for c in cases if c.result.next_day is not None]
    # In the long-session diaries the true active-vs-rest difference depends on how many active
    # days were long, so they are judged on the pattern only.
    known = [c for c in judged if c.long_effect == 0]
    null = [c for c in known if c.effect == 0]
    confounded = [c for c in null if c.confounded]
    return Figures(
        diaries=len(judged),
        coverage=_share(known, _covers),
        false_claims=_share(null, _claims),
        false_claims_confounded=_share(confounded, _claims),
        plain_difference_confounded=float(np.mean([c.raw_difference for c in confounded])),
        false_claims_trend=_share([c for c in null if c.scenario == "trend"], _claims),
        accuracy_90_days=_share(accuracy, _near),  # a diary without an answer counts as a miss
        long_pattern_false=_share(known, lambda c: c.result.long_session_pattern),
        long_pattern_found=_share([c for c in judged if c.long_effect and c.days >= 90],
                                  lambda c: c.result.long_session_pattern),
    )


def main() -> None:
    import time

    start = time.perf_counter()
    cases, accuracy, short = suite(), accuracy_suite(), short_suite()
    found = figures(cases, accuracy)
    total = len(cases) + len(accuracy) + len(short)
    print(f"{total} simulated diaries in {time.perf_counter() - start:.1f} s")
    for key, value in found.__dict__.items():
        print(f"  {key}: {value:.3f}" if isinstance(value, float) else f"  {key}: {value}")
    for name in SCENARIOS:
        for days in LONG_LENGTHS:
            group = [c for c in cases if c.scenario == name and c.days == days and c.result.next_day]
            if not group:
                continue
            print(f"  {name:20} {days:3} days: n={len(group):3} coverage {_share(group, _covers):.2f} "
                  f"claims {_share(group, _claims):.2f}")


if __name__ == "__main__":
    main()
