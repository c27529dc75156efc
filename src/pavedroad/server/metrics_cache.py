"""A short-lived cache of metrics documents: the dashboard's KPIs over weeks of history do not
change from one page view to the next, while computing them reads every fixed finding.

Entries live `ttl` seconds (ServerSettings.metrics_cache_seconds; 0 turns the cache off);
the document's `generated_at` tells how fresh it is.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

Key = tuple[str | None, int]


class MetricsCache:
    """Documents by (project, weeks), each kept for `ttl` seconds."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.clock = clock
        self._entries: dict[Key, tuple[float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def get_or_compute(self, key: Key, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The cached document for `key`, or a freshly computed one (then cached)."""
        if self.ttl <= 0:
            return compute()
        now = self.clock()
        with self._lock:
            cached = self._entries.get(key)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        document = compute()
        with self._lock:
            self._entries = {k: v for k, v in self._entries.items() if now - v[0] < self.ttl}
            self._entries[key] = (now, document)
        return document
