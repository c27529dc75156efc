"""What every stateful detector shares: a stream clock, alert grouping, a kind filter and EventFacts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.clock import StreamClock, timed
from pavedroad.monitor.detect.facts import EventFacts
from pavedroad.monitor.detect.grouping import NO_ALERTS, AlertGrouper
from pavedroad.monitor.detect.payloads import LOGIN_PATHS
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.model import Alert, Event


class WindowedDetector:
    """Base of the stateful detectors: subclasses implement `_observe` for relevant events.

    `observe_batch` runs `_observe` over the events `_relevant` picks from a batch (by default
    those of the detector's `kinds`; subclasses narrow that further with what the batch knows,
    e.g. its login attempts), with each event's time in seconds and the stream clock, then
    closes the windows that ended. Events of other kinds cost nothing. `facts` is shared with
    the other detectors `build_detectors` makes, so a batch's login attempts are recognised
    once, however many detectors read them.
    """

    name = "stateful"
    kinds: frozenset[str] = frozenset()

    def __init__(self, group_window: float, max_groups: int, facts: EventFacts | None = None) -> None:
        self.facts = facts if facts is not None else EventFacts()
        self.clock = StreamClock()
        self.grouper = AlertGrouper(group_window, max_groups)
        # Events older than this behind the newest are ignored (windowed detectors set it to
        # their window: such an event can no longer be counted with anything).
        self.max_lateness = float("inf")

    def observe(self, event: Event) -> Sequence[Alert]:
        """Feed one event; returns the alerts whose grouping window has closed."""
        if event.kind not in self.kinds:
            return NO_ALERTS  # other kinds change nothing (model.Detector)
        return self.observe_batch(EventBatch((event,)))

    def observe_batch(self, batch: EventBatch) -> Sequence[Alert]:
        """Feed a batch of events; returns the alerts whose grouping window has closed."""
        clock = self.clock
        now = clock.now
        lateness = self.max_lateness
        observe = self._observe
        for event, at in timed(self._relevant(batch), clock):
            if at > now:
                now = at
            if now - at <= lateness:
                observe(event, at, now)
        until = batch.until
        clock.now = now if until < now else until
        return self.grouper.due(clock.now)

    def flush(self, now: datetime) -> Sequence[Alert]:
        """Close every window that has ended by `now` and return its alerts."""
        return self.grouper.due(self.clock.advance(now))

    def _relevant(self, batch: EventBatch) -> Iterable[Event]:
        """The events of `batch` this detector reads (those of its kinds unless narrowed)."""
        return batch.of_kinds(self.kinds)

    def _observe(self, event: Event, at: float, now: float) -> None:
        raise NotImplementedError


class ThresholdDetector(WindowedDetector):
    """A windowed detector whose rules fire when a per-entity count crosses a threshold.

    While the count stays above its threshold every further event would cross it again;
    `_exceeded` reports the whole window's count the first time and one per event after,
    so a grouped alert counts the events of the attack, not the crossings.
    """

    def __init__(self, group_window: float, max_groups: int, facts: EventFacts | None = None) -> None:
        super().__init__(group_window, max_groups, facts)
        self._active_until: dict[tuple[str, str], float] = {}
        self._max_active = max_groups

    def _exceeded(
        self,
        rule: RuleInfo,
        entity: str,
        at: float,
        now: float,
        *,
        total: int,
        window: float,
        evidence: Sequence[str],
        details: Mapping[str, Any] | None = None,
    ) -> None:
        key = (rule.rule_id, entity)
        active = self._active_until.pop(key, None)
        if active is None or at > active:
            self.grouper.add(rule, entity, at, now, count=total, evidence=evidence, details=details)
        else:
            self.grouper.add(rule, entity, at, now, evidence=evidence[-1:], details=details)
        # Re-inserted at the end, so the dict stays ordered by last activity for eviction.
        self._active_until[key] = now + window
        if len(self._active_until) > self._max_active:
            del self._active_until[next(iter(self._active_until))]


SettingsT = TypeVar("SettingsT")


class ConfiguredDetector(ThresholdDetector, Generic[SettingsT]):
    """A stateful detector built from its settings dataclass and the keywords `build_detectors`
    passes to every detector (the shared `facts`, the alert grouping window, the entity cap).

    A settings `window` (seconds) is also how late an event may be and still count. Subclasses
    set up their own state in `_start`, called once with `settings` and `max_entities` in place.
    """

    def __init__(
        self,
        settings: SettingsT,
        *,
        group_window: float = 300.0,
        max_entities: int = 100_000,
        facts: EventFacts | None = None,
        login_paths: tuple[str, ...] = LOGIN_PATHS,
    ) -> None:
        super().__init__(group_window, max_entities, facts if facts is not None else EventFacts(login_paths))
        self.settings = settings
        self.max_entities = max_entities
        window = getattr(settings, "window", None)
        if window is not None:
            self.max_lateness = float(window)
        self._start()

    def _start(self) -> None:
        """Set up the detector's own state (nothing by default)."""


class LoginThresholdDetector(ConfiguredDetector[SettingsT]):
    """A threshold detector over login attempts (brute force, spraying, credential stuffing),
    recognised once per batch by the shared facts (with their login paths)."""

    def _relevant(self, batch: EventBatch) -> Iterable[Event]:
        return self.facts.login_events(batch)
