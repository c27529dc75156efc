"""A sliding-window rate limiter kept in memory (one server process; see docs/server.md)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """At most `limit` events per key within any `window` seconds."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        return events

    def retry_after(self, key: str) -> float | None:
        """Seconds until `key` may act again, or None when it may act now."""
        with self._lock:
            now = self.clock()
            events = self._recent(key, now)
            if len(events) < self.limit:
                if not events:
                    self._events.pop(key, None)  # keeps memory bounded by active keys
                return None
            return max(0.0, events[0] + self.window - now)

    def record(self, key: str) -> None:
        """Count one event for `key` now."""
        with self._lock:
            now = self.clock()
            self._recent(key, now).append(now)

    def reset(self, key: str) -> None:
        """Forget `key`'s events (a successful login clears its username's failures)."""
        with self._lock:
            self._events.pop(key, None)
