"""Stream time: detectors advance with the event timestamps they see, never backwards."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

# A stream that has not seen an event yet is at the beginning of time.
NEVER = float("-inf")


class StreamClock:
    """The newest event time seen so far, as POSIX seconds.

    Events without a timestamp take the reader's wall clock (`wall`, injectable for tests),
    as the Event contract says. An event older than `now` is late: it keeps its own time for
    window arithmetic but does not move the clock back.
    """

    __slots__ = ("now", "wall")

    def __init__(self, wall: Callable[[], float] = time.time) -> None:
        self.now = NEVER
        self.wall = wall

    def observe(self, timestamp: datetime | None) -> float:
        """The event's time in seconds; the clock moves forward to it if it is newer."""
        return self.observe_seconds(timestamp.timestamp() if timestamp is not None else None)

    def observe_seconds(self, seconds: float | None) -> float:
        """As `observe`, for a time already in seconds (EventFacts converts it once per event)."""
        if seconds is None:
            seconds = self.wall()
        if seconds > self.now:
            self.now = seconds
        return seconds

    def advance(self, now: datetime) -> float:
        """Move the clock to `now` (a flush); returns the clock afterwards."""
        seconds = now.timestamp()
        if seconds > self.now:
            self.now = seconds
        return self.now


def to_datetime(seconds: float) -> datetime:
    """POSIX seconds as an aware UTC datetime (what Alerts carry)."""
    return datetime.fromtimestamp(seconds, tz=UTC)
