"""Prometheus metrics. Per request: a counter by method, route pattern and status, and a latency
histogram by route pattern (route patterns, not paths: bounded in number and free of ids).

Under ``backactive serve`` several worker processes count; prometheus_client's multi-process mode
(``PROMETHEUS_MULTIPROC_DIR``, set by the server before the workers start) keeps each process's
figures in its own file and ``/metrics`` adds them up. Apps add figures read at scrape time
(queued jobs, the worker's heartbeat) with ``collector_register``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric

BUCKETS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

# Figures computed when scraped: a name -> a function returning (labels, value) pairs.
_gauges: dict[str, tuple[str, list[str], Callable[[], Iterable[tuple[list[str], float]]]]] = {}


@cache
def _request_metrics() -> tuple[Counter, Histogram]:
    # Created on first use, inside the worker, after the server has chosen the multi-process folder.
    requests = Counter("backactive_http_requests", "HTTP requests answered", ["method", "route", "status"])
    latency = Histogram("backactive_http_request_duration_seconds", "Time to answer a request", ["route"],
                        buckets=BUCKETS)
    return requests, latency


def observe(*, method: str, route: str, status: int, seconds: float) -> None:
    requests, latency = _request_metrics()
    requests.labels(method, route, str(status)).inc()
    latency.labels(route).observe(seconds)


def gauge_register(name: str, documentation: str, labels: list[str],
                   read: Callable[[], Iterable[tuple[list[str], float]]]) -> None:
    """A figure read at scrape time (e.g. jobs waiting), from the database, so every instance
    reports the same."""
    _gauges[name] = (documentation, labels, read)


class _ScrapeCollector:
    def collect(self) -> Iterable[Metric]:
        for name, (documentation, labels, read) in sorted(_gauges.items()):
            family = GaugeMetricFamily(name, documentation, labels=labels)
            for values, value in read():
                family.add_metric(values, value)
            yield family


def exposition() -> bytes:
    """The text format Prometheus scrapes."""
    registry: Any
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_ScrapeCollector())
    else:
        registry = _single_process_registry()
    return bytes(generate_latest(registry))


@cache
def _single_process_registry() -> Any:
    from prometheus_client import REGISTRY

    _request_metrics()
    REGISTRY.register(_ScrapeCollector())
    return REGISTRY
