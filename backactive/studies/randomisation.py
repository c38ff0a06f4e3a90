"""Cluster randomisation of practices to study arms. Pure Python: no Django.

Two methods, both balanced on practice size (the stratification factor of the feasibility trial):

- ``stratified``: practices are split into strata by size (``small`` below the cut-off, ``large``
  from it); within each stratum, in a random order, they fill randomly permuted blocks of the arms
  (each block holds every arm once), so the arms differ by at most one practice per stratum.
- ``minimised``: Pocock–Simon minimisation. Practices are taken in a random order; each goes with
  probability 0.8 to the arm that leaves the smallest imbalance (the ranges of the arm counts
  within its size stratum plus over all practices, added), otherwise to a random other arm.
  Ties are broken at random.

Reproducible and auditable: every random number comes from ``random.Random(seed).random()``, the
one part of Python's generator whose sequence for a given seed is guaranteed not to change between
Python versions (shuffles and choices are written here on top of it), so re-running with the
logged seed gives the same allocation. ``commitment(seed)`` is the SHA-256 of the seed: it may be
shown before randomisation (concealment: the seed itself is not), and proves afterwards that the
seed was not changed.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass

METHODS = ("stratified", "minimised")
MINIMISATION_P = 0.8


@dataclass(frozen=True)
class Cluster:
    key: str  # a stable id (the practice id as text)
    size: int  # e.g. the number of GPs or of patients with back pain; the stratification variable


@dataclass(frozen=True)
class Result:
    arms: dict[str, str]  # cluster key -> arm code
    strata: dict[str, str]  # cluster key -> "small" | "large"
    method: str
    digest: str  # SHA-256 of the inputs and the result, for the audit log


def commitment(seed: str) -> str:
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def stratum(size: int, cutoff: int) -> str:
    return "large" if size >= cutoff else "small"


def _shuffled(items: Sequence[str], rng: random.Random) -> list[str]:
    """Fisher–Yates on ``rng.random()`` only (stable across Python versions, unlike ``shuffle``)."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = int(rng.random() * (i + 1))
        out[i], out[j] = out[j], out[i]
    return out


def _stratified(keys_by_stratum: dict[str, list[str]], arms: Sequence[str], rng: random.Random) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in sorted(keys_by_stratum):
        block: list[str] = []
        for key in _shuffled(sorted(keys_by_stratum[name]), rng):
            if not block:
                block = _shuffled(arms, rng)
            out[key] = block.pop()
    return out


def _imbalance(counts: dict[str, int]) -> int:
    return max(counts.values()) - min(counts.values())


def _minimised(strata: dict[str, str], arms: Sequence[str], rng: random.Random) -> dict[str, str]:
    within = {name: dict.fromkeys(arms, 0) for name in set(strata.values())}
    overall = dict.fromkeys(arms, 0)
    out: dict[str, str] = {}
    for key in _shuffled(sorted(strata), rng):
        level = within[strata[key]]
        score = {
            arm: _imbalance({**level, arm: level[arm] + 1}) + _imbalance({**overall, arm: overall[arm] + 1})
            for arm in arms
        }
        best = min(score.values())
        preferred = _shuffled([a for a in arms if score[a] == best], rng)[0]
        others = [a for a in arms if a != preferred]
        arm = preferred if not others or rng.random() < MINIMISATION_P else _shuffled(others, rng)[0]
        out[key] = arm
        level[arm] += 1
        overall[arm] += 1
    return out


def allocate(clusters: Sequence[Cluster], arms: Sequence[str], *, seed: str, method: str, cutoff: int) -> Result:
    """Allocate every cluster to one of ``arms``. The same inputs always give the same result."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    if len(arms) < 2 or len(set(arms)) != len(arms):
        raise ValueError("at least two distinct arms are needed")
    keys = [c.key for c in clusters]
    if len(set(keys)) != len(keys):
        raise ValueError("each practice may take part once")
    if len(clusters) < len(arms):
        raise ValueError("fewer practices than arms")
    strata = {c.key: stratum(c.size, cutoff) for c in clusters}
    rng = random.Random(seed)
    if method == "stratified":
        by_stratum: dict[str, list[str]] = {}
        for key, name in strata.items():
            by_stratum.setdefault(name, []).append(key)
        result = _stratified(by_stratum, list(arms), rng)
    else:
        result = _minimised(strata, list(arms), rng)
    payload = {
        "method": method,
        "seed": seed,
        "cutoff": cutoff,
        "arms": list(arms),
        "clusters": sorted([c.key, c.size] for c in clusters),
        "result": sorted(result.items()),
    }
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()
    return Result(arms=dict(sorted(result.items())), strata=strata, method=method, digest=digest)
