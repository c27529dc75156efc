"""Token buckets (per playbook and global) and per-entity cooldowns, on an injectable monotonic clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

Clock = Callable[[], float]


class TokenBucket:
    """`per_minute` actions a minute, refilled continuously; a full bucket allows a burst of `per_minute`."""

    def __init__(self, per_minute: int, clock: Clock = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.tokens = self.capacity
        self.updated = clock()

    def available(self) -> bool:
        """Whether one action may run now (refills first)."""
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        return self.tokens >= 1.0

    def take(self) -> None:
        """Spend one token; call only after `available()` said yes."""
        self.tokens -= 1.0


class RateLimiter:
    """A playbook's own bucket and the global one: an action needs a token from both, and takes neither otherwise."""

    _lock = threading.Lock()  # the global bucket is shared by every playbook

    def __init__(self, own: TokenBucket, shared: TokenBucket) -> None:
        self.buckets = (own, shared)

    def acquire(self) -> bool:
        """Take one token from each bucket if both have one."""
        with self._lock:
            if not all(bucket.available() for bucket in self.buckets):
                return False
            for bucket in self.buckets:
                bucket.take()
            return True


class Cooldown:
    """After acting on an entity, leave it alone for `seconds`."""

    def __init__(self, seconds: float, clock: Clock = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._until: dict[str, float] = {}

    def active(self, entity: str) -> bool:
        """Whether the entity was acted on less than `seconds` ago."""
        return self._until.get(entity, float("-inf")) > self.clock()

    def start(self, entity: str) -> None:
        """Begin the cooldown for an entity."""
        now = self.clock()
        if len(self._until) > 10_000:
            # A scan from many addresses must not grow this forever.
            self._until = {key: until for key, until in self._until.items() if until > now}
        self._until[entity] = now + self.seconds
