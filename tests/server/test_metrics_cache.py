"""The KPI cache: a document is reused within its time to live, recomputed after it."""

from __future__ import annotations

from typing import Any

from pavedroad.server.metrics_cache import MetricsCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_documents_are_reused_within_the_ttl_and_recomputed_after() -> None:
    clock = Clock()
    cache = MetricsCache(60, clock)
    computed: list[int] = []

    def compute() -> dict[str, Any]:
        computed.append(1)
        return {"version": len(computed)}

    first = cache.get_or_compute((None, 12), compute)
    clock.now += 59
    again = cache.get_or_compute((None, 12), compute)
    other_project = cache.get_or_compute(("shop", 12), compute)
    clock.now += 2
    expired = cache.get_or_compute((None, 12), compute)

    assert (first, again, other_project, expired) == ({"version": 1}, {"version": 1}, {"version": 2}, {"version": 3})


def test_a_zero_ttl_always_recomputes() -> None:
    cache = MetricsCache(0)
    values = iter(range(3))

    results = [cache.get_or_compute((None, 12), lambda: {"value": next(values)}) for _ in range(3)]

    assert results == [{"value": 0}, {"value": 1}, {"value": 2}]
