"""Stream time: detectors advance with the event timestamps they see, never backwards."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime

from pavedroad.monitor.model import Event

# A stream that has not seen an event yet is at the beginning of time.
NEVER = float("-inf")
# A stand-in for "no timestamp seen yet" that is never `is` a real datetime.
_UNSET = object()


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


def timed(events: Iterable[Event], clock: StreamClock) -> Iterator[tuple[Event, float]]:
    """Each event with its time in POSIX seconds; an event without a timestamp takes the reader's
    clock (`clock.wall`, read once per call: a batch takes milliseconds). The clock is not moved.

    Parsers hand out one datetime object per distinct timestamp text, so consecutive events of
    the same second share it and the conversion runs once per second of log.
    """
    wall: float | None = None
    last: object = _UNSET
    at = NEVER
    for event in events:
        stamp = event.timestamp
        if stamp is None:
            if wall is None:
                wall = clock.wall()
            at = wall
        elif stamp is not last:
            last = stamp
            at = stamp.timestamp()
        yield event, at


def to_datetime(seconds: float) -> datetime:
    """POSIX seconds as an aware UTC datetime (what Alerts carry)."""
    return datetime.fromtimestamp(seconds, tz=UTC)
