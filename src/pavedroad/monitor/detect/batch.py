"""A batch of Events, handed to every detector at once, and what detectors derive from it once.

The runtime parses a batch of lines (up to `batch_lines`), then hands the batch to each
detector in turn rather than each event to every detector: a detector loops over the events
itself, skipping in its own loop the ones it has no use for, and what several detectors want
to know about the same events (the events of some kinds, the raw lines joined for a literal
screen) is worked out once per batch. `Detector.observe_batch(batch)` gives the same alerts as
`observe` on each event in turn; alerts whose window closes within the batch may come out at
its end instead of at the event that closed them.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from pavedroad.monitor.model import Event


class EventBatch:
    """The Events of one batch in stream order; `until` is the stream time after them.

    `until` (POSIX seconds) comes from the runtime's stream clock, which ignores timestamps too
    far ahead of the wall clock: detectors close their windows up to it at the end of the batch
    (-inf: no stream time yet). Without one, it is the latest timestamp of the events.
    """

    __slots__ = ("_by_kinds", "_kinds", "_raw", "events", "until")

    def __init__(self, events: Sequence[Event], until: float | None = None) -> None:
        self.events = events
        if until is None:
            stamps = [event.timestamp for event in events if event.timestamp is not None]
            until = max(stamps).timestamp() if stamps else float("-inf")
        self.until: float = until
        self._kinds: frozenset[str] | None = None
        self._by_kinds: dict[frozenset[str], Sequence[Event]] = {}
        self._raw: tuple[bytes, list[int]] | None = None

    @property
    def kinds(self) -> frozenset[str]:
        """The Event kinds present in the batch."""
        if self._kinds is None:
            self._kinds = frozenset(map(_KIND, self.events))
        return self._kinds

    def of_kinds(self, kinds: frozenset[str]) -> Sequence[Event]:
        """The events whose kind is in `kinds`, in order (the batch itself when all are)."""
        found = self._by_kinds.get(kinds)
        if found is None:
            present = self.kinds
            if present <= kinds:
                found = self.events
            elif present.isdisjoint(kinds):
                found = ()
            else:
                found = [event for event in self.events if event.kind in kinds]
            self._by_kinds[kinds] = found
        return found

    def raw_lines(self) -> tuple[bytes, list[int]]:
        """The raw lines as ASCII bytes joined by newlines (line i after the i-th newline), and
        the indexes of the lines left empty there for not being ASCII."""
        if self._raw is None:
            joined = "\n".join(map(_RAW, self.events))
            unsure: list[int] = []
            if not joined.isascii():
                texts = [event.raw for event in self.events]
                unsure = [index for index, text in enumerate(texts) if not text.isascii()]
                for index in unsure:
                    texts[index] = ""
                joined = "\n".join(texts)
            self._raw = (joined.encode("ascii"), unsure)
        return self._raw


_KIND = attrgetter("kind")
_RAW = attrgetter("raw")
