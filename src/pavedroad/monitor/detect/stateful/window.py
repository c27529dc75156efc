"""Sliding windows over stream time, and a bounded map of per-entity state.

Per-event work is O(1) amortised: timestamps go into deques and fall out of the front as
the window slides. A late event (older than the newest seen, but inside the window) is
appended too; it leaves the deque when the entries before it expire, so it may be counted
up to one window longer than exact arithmetic would — never less. Events older than the
window are not counted at all.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

KeyT = TypeVar("KeyT", bound=Hashable)
ValueT = TypeVar("ValueT")

DEFAULT_MAX_ENTITIES = 100_000
# One entity cannot hold more than this many entries in one window: a flood saturates the
# count (far above any threshold) instead of growing memory.
MAX_ENTRIES_PER_KEY = 10_000


class BoundedMap(Generic[KeyT, ValueT]):
    """A dict of per-entity state that forgets the least recently used entity beyond `capacity`.

    Memory stays bounded however many source addresses or users a log holds.
    """

    __slots__ = ("_items", "capacity", "factory")

    def __init__(self, factory: Callable[[], ValueT], capacity: int = DEFAULT_MAX_ENTITIES) -> None:
        self._items: OrderedDict[KeyT, ValueT] = OrderedDict()
        self.factory = factory
        self.capacity = capacity

    def get(self, key: KeyT) -> ValueT:
        """The state for `key`, created on first use; marks it as recently used."""
        items = self._items
        value = items.get(key)
        if value is None:
            value = items[key] = self.factory()
            if len(items) > self.capacity:
                items.popitem(last=False)
        else:
            items.move_to_end(key)
        return value

    def peek(self, key: KeyT) -> ValueT | None:
        """The state for `key` if there is any, without creating or touching it."""
        return self._items.get(key)

    def __len__(self) -> int:
        return len(self._items)


class SlidingCount:
    """How many occurrences fell in the last `window` seconds."""

    __slots__ = ("times",)

    def __init__(self) -> None:
        self.times: deque[float] = deque(maxlen=MAX_ENTRIES_PER_KEY)

    def add(self, at: float, now: float, window: float) -> int:
        """Count an occurrence at `at` (unless older than the window) and return the count."""
        cutoff = now - window
        times = self.times
        if at >= cutoff:
            times.append(at)
        while times and times[0] < cutoff:
            times.popleft()
        return len(times)

    def count(self, now: float, window: float) -> int:
        """The count at stream time `now`."""
        cutoff = now - window
        times = self.times
        while times and times[0] < cutoff:
            times.popleft()
        return len(times)


class SlidingDistinct:
    """How many distinct values were seen in the last `window` seconds."""

    __slots__ = ("counts", "entries")

    def __init__(self) -> None:
        self.entries: deque[tuple[float, Hashable]] = deque()
        self.counts: dict[Hashable, int] = {}

    def add(self, at: float, value: Hashable, now: float, window: float) -> int:
        """Record `value` at `at` and return the number of distinct values in the window."""
        cutoff = now - window
        if at >= cutoff:
            if len(self.entries) >= MAX_ENTRIES_PER_KEY:
                self._drop_oldest()
            self.entries.append((at, value))
            self.counts[value] = self.counts.get(value, 0) + 1
        return self.distinct(now, window)

    def distinct(self, now: float, window: float) -> int:
        """The number of distinct values at stream time `now`."""
        cutoff = now - window
        entries = self.entries
        while entries and entries[0][0] < cutoff:
            self._drop_oldest()
        return len(self.counts)

    def _drop_oldest(self) -> None:
        _, old = self.entries.popleft()
        remaining = self.counts[old] - 1
        if remaining:
            self.counts[old] = remaining
        else:
            del self.counts[old]
