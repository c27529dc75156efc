"""Per-entity, per-window traffic statistics and the feature vectors made from them.

An entity is the source address of a request, else the host that logged the line, else
the log it came from. Windows are tumbling and aligned to the epoch (a 60 s window starts
on the minute), so a replay yields the same windows as the live stream did. An event
older than its entity's open window is counted in that window rather than dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pavedroad.monitor.model import HOST, HTTP_BYTES, HTTP_STATUS, OUTCOME, SOURCE_IP, TEMPLATE_ID, URL_PATH, Event

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
