"""Per-entity, per-window traffic statistics and the feature vectors made from them.

An entity is the source address of a request, else the host that logged the line, else
the log it came from; its kind is the prefix of its name ("ip", "host", "source"). Windows
are tumbling and aligned to the epoch (a 60 s window starts on the minute), so a replay
yields the same windows as the live stream did. An event older than its entity's open
window is counted in that window rather than dropped.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.clock import StreamClock
from pavedroad.monitor.model import (
    HOST,
    HTTP_BYTES,
    HTTP_STATUS,
    OUTCOME,
    SOURCE_IP,
    TEMPLATE_ID,
    URL_PATH,
    Alert,
    Event,
)

BASE_FEATURES: tuple[str, ...] = (
    "request_count",
    "distinct_paths",
    "status_2xx_share",
    "status_3xx_share",
    "status_4xx_share",
    "status_5xx_share",
    "bytes_mean",
    "error_rate",
)
OTHER_TEMPLATES = "template_other"
_MAX_PATHS_PER_WINDOW = 10_000
_MAX_TEMPLATES_PER_WINDOW = 1_000
_EVIDENCE_PER_WINDOW = 5


@dataclass(frozen=True, slots=True)
class WindowStats:
    """What one entity did in one window, before it becomes a vector."""

    entity: str
    start: float
    end: float
    count: int
    distinct_paths: int
    statuses: tuple[int, int, int, int]  # 2xx, 3xx, 4xx, 5xx
    bytes_total: int
    bytes_seen: int
    errors: int
    templates: tuple[tuple[str, int], ...]
    evidence: tuple[str, ...]


class _OpenWindow:
    __slots__ = ("bytes_seen", "bytes_total", "count", "errors", "evidence", "paths", "start", "statuses", "templates")

    def __init__(self, start: float) -> None:
        self.start = start
        self.count = 0
        self.paths: set[str] = set()
        self.statuses = [0, 0, 0, 0]
        self.bytes_total = 0
        self.bytes_seen = 0
        self.errors = 0
        self.templates: dict[str, int] = {}
        self.evidence: list[str] = []

    def add(self, event: Event) -> None:
        fields = event.fields
        self.count += 1
        if len(self.evidence) < _EVIDENCE_PER_WINDOW:
            self.evidence.append(event.raw)
        path = fields.get(URL_PATH)
        if path is not None and len(self.paths) < _MAX_PATHS_PER_WINDOW:
            self.paths.add(path)
        status = fields.get(HTTP_STATUS)
        if isinstance(status, int) and 200 <= status < 600:
            self.statuses[status // 100 - 2] += 1
            if status >= 400:
                self.errors += 1
        elif fields.get(OUTCOME) == "failure":
            self.errors += 1
        size = fields.get(HTTP_BYTES)
        if isinstance(size, int):
            self.bytes_total += size
            self.bytes_seen += 1
        template = fields.get(TEMPLATE_ID)
        if template is not None:
            key = str(template)
            if key in self.templates or len(self.templates) < _MAX_TEMPLATES_PER_WINDOW:
                self.templates[key] = self.templates.get(key, 0) + 1

    def stats(self, entity: str, width: float) -> WindowStats:
        statuses = self.statuses
        return WindowStats(
            entity=entity,
            start=self.start,
            end=self.start + width,
            count=self.count,
            distinct_paths=len(self.paths),
            statuses=(statuses[0], statuses[1], statuses[2], statuses[3]),
            bytes_total=self.bytes_total,
            bytes_seen=self.bytes_seen,
            errors=self.errors,
            templates=tuple(sorted(self.templates.items())),
            evidence=tuple(self.evidence),
        )


def entity_of(event: Event) -> str:
    """Whose traffic an event is: source address, else host, else the log it came from."""
    fields = event.fields
    source = fields.get(SOURCE_IP)
    if source:
        return f"ip:{source}"
    host = fields.get(HOST)
    if host:
        return f"host:{host}"
    return f"source:{event.origin.source or event.kind}"


def entity_kind(entity: str) -> str:
    """The kind of an `entity_of` name: what comes before its first ':' (ip, host, source)."""
    return entity.partition(":")[0]


class WindowAggregator:
    """Open windows per entity; closed ones come back as WindowStats."""

    def __init__(self, width: float, max_entities: int = 100_000) -> None:
        self.width = width
        self.max_entities = max_entities
        # Ordered by window start (re-inserted when a new window opens), so closing is a scan
        # from the front.
        self._open: dict[str, _OpenWindow] = {}

    def add(self, event: Event, at: float) -> WindowStats | None:
        """Count `event` (time `at`); returns the entity's previous window if this one closed it."""
        entity = entity_of(event)
        start = at - at % self.width
        window = self._open.get(entity)
        closed = None
        if window is None or start > window.start:
            if window is not None:
                closed = self._open.pop(entity).stats(entity, self.width)
            elif len(self._open) >= self.max_entities:
                # Bounded memory: the entity idle longest loses its open window.
                self._open.pop(next(iter(self._open)))
            window = self._open[entity] = _OpenWindow(start)
        window.add(event)
        return closed

    def close_due(self, now: float) -> list[WindowStats]:
        """Every window that ended by stream time `now`."""
        closed = []
        width = self.width
        while self._open:
            entity = next(iter(self._open))
            window = self._open[entity]
            if window.start + width > now:
                break
            del self._open[entity]
            closed.append(window.stats(entity, width))
        return closed


# The runtime's (and pavedroad.monitor.detect's) END_OF_INPUT: the flush that ends a replay.
_END_OF_INPUT = datetime.max.replace(tzinfo=UTC)
_NO_ALERTS: tuple[Alert, ...] = ()


class BaselineCollector:
    """A detector that detects nothing: it gathers the entity windows of a baseline replay.

    Fed by the monitor runtime like any detector (or event by event), it keeps each window
    once it is complete, for `model.fit_baseline`. A window closes when its entity's next
    window opens, or at the end of the input (`flush(END_OF_INPUT)`, or `finish`); the
    runtime's periodic flushes leave windows open, so that when several files are read
    batch by batch an entity's lines that arrive behind stream time still count in their
    window. The kept windows carry no evidence lines (training does not use them).
    """

    name = "anomaly-baseline"

    def __init__(self, window: float, max_entities: int = 100_000) -> None:
        self.width = window
        self.windows: list[WindowStats] = []
        self._clock = StreamClock()
        self._open = WindowAggregator(window, max_entities)

    def observe(self, event: Event) -> Sequence[Alert]:
        """Count `event` in its entity's window; no alerts, ever."""
        finished = self._open.add(event, self._clock.observe(event.timestamp))
        if finished is not None:
            self.windows.append(dataclasses.replace(finished, evidence=()))
        return _NO_ALERTS

    def observe_batch(self, batch: EventBatch) -> Sequence[Alert]:
        """`observe` each event of `batch`."""
        observe = self.observe
        for event in batch.events:
            observe(event)
        return _NO_ALERTS

    def flush(self, now: datetime) -> Sequence[Alert]:
        """At the end of the input (`now` is END_OF_INPUT) close every open window; else nothing."""
        if now >= _END_OF_INPUT:
            self.finish()
        return _NO_ALERTS

    def finish(self) -> list[WindowStats]:
        """Close every open window; returns all the windows gathered."""
        self.windows += [dataclasses.replace(window, evidence=()) for window in self._open.close_due(math.inf)]
        return self.windows


def top_templates(windows: Iterable[WindowStats], buckets: int) -> tuple[str, ...]:
    """The `buckets` most frequent template ids across `windows` (ties by id, for determinism)."""
    totals: dict[str, int] = {}
    for window in windows:
        for template, count in window.templates:
            totals[template] = totals.get(template, 0) + count
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return tuple(template for template, _ in ranked[:buckets])


def feature_names(templates: Sequence[str]) -> tuple[str, ...]:
    """The vector layout for a model with these template buckets."""
    if not templates:
        return BASE_FEATURES
    return (*BASE_FEATURES, *(f"template_{template}" for template in templates), OTHER_TEMPLATES)


def vector(window: WindowStats, templates: Sequence[str]) -> list[float]:
    """The feature vector of `window` in the layout of `feature_names(templates)`."""
    count = window.count
    with_status = sum(window.statuses)
    shares = [part / with_status if with_status else 0.0 for part in window.statuses]
    values = [
        float(count),
        float(window.distinct_paths),
        *shares,
        window.bytes_total / window.bytes_seen if window.bytes_seen else 0.0,
        window.errors / count if count else 0.0,
    ]
    if templates:
        counts = dict(window.templates)
        values.extend(float(counts.pop(template, 0)) for template in templates)
        values.append(float(sum(counts.values())))
    return values
