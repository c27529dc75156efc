"""The monitor loop: sources → parsers (→ drain3 templates) → detectors → sinks, and its statistics.

Time: each Event keeps the timestamp its log gave it. Detector windows are flushed by *stream
time*, the latest timestamp seen, which never goes backwards (late lines count as out of
order) and is not moved by timestamps far ahead of the wall clock (counted as clock skew), so
one wrong clock cannot close every window. When followed sources are idle, stream time moves
on to the wall clock so that windows still close; a replay (`--once`) ends with a flush at
END_OF_INPUT (the largest datetime), which closes every window.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.ingest.base import Source
from pavedroad.monitor.ingest.lines import IngestCounters, Line
from pavedroad.monitor.model import MESSAGE, Alert, AlertSink, Detector, Event, Origin
from pavedroad.monitor.parsers.base import Parser
from pavedroad.monitor.templates import TemplateAnnotator

END_OF_INPUT = datetime.max.replace(tzinfo=UTC)  # the detections' agreed "replay is over"
# Allocations between young-generation collections while the loop runs (Python's default: 700).
_GC_YOUNG_THRESHOLD = 50_000
IDLE_SLEEP_SECONDS = 0.05
IDLE_FLUSH_SECONDS = 1.0
UNPARSABLE_SAMPLES = 5
SAMPLE_CHARACTERS = 160


@dataclass(slots=True)
class RunStats:
    """What a run did: lines, parsed events per kind, unparsable samples, alerts per rule, errors."""

    ingest: IngestCounters = field(default_factory=IngestCounters)
    parsed: Counter[str] = field(default_factory=Counter)
    unparsable: int = 0
    unparsable_samples: list[str] = field(default_factory=list)
    alerts: Counter[str] = field(default_factory=Counter)
    out_of_order: int = 0
    clock_skew: int = 0
    detector_errors: Counter[str] = field(default_factory=Counter)
    sink_errors: Counter[str] = field(default_factory=Counter)
    detected_formats: dict[str, list[str]] = field(default_factory=dict)

    def record_unparsable(self, line: Line) -> None:
        """Count a line no parser understood; keep the first few, trimmed and made printable."""
        self.unparsable += 1
        if len(self.unparsable_samples) < UNPARSABLE_SAMPLES:
            text = line.text[:SAMPLE_CHARACTERS]
            printable = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
            ellipsis = "…" if len(line.text) > SAMPLE_CHARACTERS else ""
            self.unparsable_samples.append(f"{line.origin.source}:{line.origin.position}: {printable}{ellipsis}")

    def to_dict(self) -> dict[str, Any]:
        """The statistics as a JSON-ready document."""
        ingest = self.ingest
        return {
            "lines": ingest.lines,
            "parsed": dict(sorted(self.parsed.items())),
            "unparsable": self.unparsable,
            "unparsable_samples": list(self.unparsable_samples),
            "truncated": ingest.truncated,
            "decode_errors": ingest.decode_errors,
            "dropped": ingest.dropped,
            "rotations": ingest.rotations,
            "truncations": ingest.truncations,
            "source_errors": ingest.source_errors,
            "out_of_order": self.out_of_order,
            "clock_skew": self.clock_skew,
            "alerts": dict(sorted(self.alerts.items())),
            "detector_errors": dict(self.detector_errors),
            "sink_errors": dict(self.sink_errors),
            "detected_formats": dict(self.detected_formats),
        }

    def summary(self) -> list[str]:
        """The end-of-run summary, one fact per line, for stderr."""
        ingest = self.ingest
        parsed = ", ".join(f"{kind} {count}" for kind, count in sorted(self.parsed.items())) or "none"
        lines = [
            f"lines read: {ingest.lines}",
            f"parsed: {sum(self.parsed.values())} ({parsed})",
            f"unparsable: {self.unparsable}",
            *(f"  {sample}" for sample in self.unparsable_samples),
        ]
        problems = {
            "truncated (over the line cap)": ingest.truncated,
            "undecodable bytes replaced": ingest.decode_errors,
            "dropped (queue full)": ingest.dropped,
            "rotations": ingest.rotations,
            "truncated files": ingest.truncations,
            "source errors": ingest.source_errors,
            "out-of-order timestamps": self.out_of_order,
            "timestamps ahead of the clock": self.clock_skew,
        }
        lines += [f"{label}: {count}" for label, count in problems.items() if count]
        lines += [f"detector {name} failed {count} times" for name, count in self.detector_errors.items()]
        lines += [f"output {name} failed {count} times" for name, count in self.sink_errors.items()]
        lines.append(f"alerts: {sum(self.alerts.values())}")
        lines += [f"  {rule} {count}" for rule, count in sorted(self.alerts.items())]
        return lines


@dataclass(frozen=True, slots=True)
class RuntimeSettings:
    """How the loop behaves (from MonitorConfig)."""

    once: bool = False
    batch_lines: int = 512
    flush_interval: timedelta = timedelta(seconds=1)
    max_clock_skew: timedelta = timedelta(minutes=5)
    stats_interval_seconds: float = 60.0


def _wall_clock() -> datetime:
    return datetime.now(UTC)


@contextmanager
def _few_collections() -> Iterator[None]:
    """Run with the cyclic garbage collector triggered rarely and blind to start-up objects.

    Each batch makes tens of thousands of short-lived objects (lines, Events, field dicts)
    freed by reference counting; at the default threshold they set off a young-generation
    collection every 700 allocations, which costs about a tenth of the monitor's time. Memory
    stays bounded: nothing the loop makes outlives its batch except detector state, which is
    bounded by itself, and collections still run, only less often.
    """
    thresholds = gc.get_threshold()
    gc.freeze()  # objects made before the loop (rules, models, modules) are never scanned again
    gc.set_threshold(_GC_YOUNG_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


class MonitorRuntime:
    """Runs sources through parsers and detectors into sinks until the sources end or `stop`."""

    def __init__(
        self,
        sources: Sequence[Source],
        parser_for: Callable[[str], Parser],
        detectors: Sequence[Detector],
        sinks: Sequence[AlertSink],
        *,
        settings: RuntimeSettings,
        stats: RunStats,
        templates: TemplateAnnotator | None = None,
        warn: Callable[[str], None] = lambda message: None,
        progress: Callable[[RunStats], None] | None = None,
        wall_clock: Callable[[], datetime] = _wall_clock,
    ) -> None:
        self.sources = list(sources)
        self.detectors = list(detectors)
        self.sinks = list(sinks)
        self.settings = settings
        self.stats = stats
        self.templates = templates
        self.stream_time: datetime | None = None
        self._parser_for = parser_for
        self._parsers: dict[str, Parser] = {}
        self._warn = warn
        self._progress = progress
        self._wall_clock = wall_clock
        self._wall_now = wall_clock()  # read once per batch: the skew check needs no finer clock
        self._next_flush: datetime | None = None
        self._stopping = False

    def stop(self) -> None:
        """Finish the current batch, then end the run (safe to call from a signal handler)."""
        self._stopping = True

    def run(self) -> RunStats:
        """Loop until every source is exhausted (`once`) or `stop` is called; then flush and close."""
        with _few_collections():
            self._loop()
        return self.stats

    def _loop(self) -> None:
        last_input = last_progress = time.monotonic()
        try:
            while not self._stopping:
                received = 0
                for source in self.sources:
                    lines = source.poll(self.settings.batch_lines)
                    if lines:
                        self.process(lines)
                        source.commit()
                        received += len(lines)
                now = time.monotonic()
                if received:
                    last_input = now
                elif self.settings.once and all(source.exhausted for source in self.sources):
                    break
                else:
                    if not self.settings.once and now - last_input >= IDLE_FLUSH_SECONDS:
                        self._catch_up_with_wall_clock()
                    time.sleep(IDLE_SLEEP_SECONDS)
                if self._progress is not None and now - last_progress >= self.settings.stats_interval_seconds:
                    last_progress = now
                    self._progress(self.stats)
        finally:
            self._finish()

    def process(self, lines: Iterable[Line]) -> None:
        """Parse, template, detect and dispatch one batch of lines."""
        events = self._parse(lines)
        if events and self.detectors:
            stream_time = self.stream_time
            batch = EventBatch(events, float("-inf") if stream_time is None else stream_time.timestamp())
            for detector in self.detectors:
                self._observe(detector, batch)
        next_flush = self._next_flush
        if next_flush is not None and self.stream_time is not None and self.stream_time >= next_flush:
            self._flush(self.stream_time)

    def _parse(self, lines: Iterable[Line]) -> list[Event]:
        """The Events of `lines` (unparsable ones counted); moves stream time along them."""
        stats = self.stats
        parsed = stats.parsed
        templates = self.templates
        self._wall_now = self._wall_clock()
        events: list[Event] = []
        append = events.append
        source_name = ""
        parse: Callable[[str, Origin], Event | None] | None = None
        for line in lines:
            text, origin = line
            if origin.source != source_name:
                source_name = origin.source
                parse = self._parser(source_name).parse
            assert parse is not None
            event = parse(text, origin)
            if event is None:
                stats.record_unparsable(line)
                continue
            # only free text is mined; an event without a message (access logs) skips the call
            if templates is not None and MESSAGE in event.fields:
                event = templates.annotate(event)
            parsed[event.kind] += 1
            timestamp = event.timestamp
            # most lines share the second of the previous one: only a later time calls _advance
            # (parsers hand out one datetime object per distinct time text: `is` answers first)
            if timestamp is not None and timestamp is not self.stream_time and timestamp != self.stream_time:
                self._advance(timestamp)
            append(event)
        for name, parser_in_use in self._parsers.items():
            detected = getattr(parser_in_use, "detected", None)
            if detected:
                stats.detected_formats[name] = list(detected)
        return events

    def _observe(self, detector: Detector, batch: EventBatch) -> None:
        """Hand `batch` to `detector` (event by event if it takes no batches); dispatch its alerts."""
        observe_batch = getattr(detector, "observe_batch", None)
        if observe_batch is not None:
            try:
                alerts = list(observe_batch(batch))
            except Exception as error:  # one failing detection must not stop the monitor
                self._detector_failed(detector, error)
                return
            for alert in alerts:
                self._dispatch(alert)
            return
        kinds = getattr(detector, "kinds", None)
        for event in batch.events if kinds is None else batch.of_kinds(kinds):
            try:
                for alert in list(detector.observe(event)):
                    self._dispatch(alert)
            except Exception as error:
                self._detector_failed(detector, error)

    def _parser(self, source: str) -> Parser:
        parser = self._parsers.get(source)
        if parser is None:
            parser = self._parsers[source] = self._parser_for(source)
        return parser

    def _advance(self, timestamp: datetime) -> None:
        current = self.stream_time
        if current is not None and timestamp <= current:
            if timestamp < current:
                self.stats.out_of_order += 1
            return
        if timestamp - self._wall_now > self.settings.max_clock_skew:
            self.stats.clock_skew += 1
            return
        self.stream_time = timestamp
        if self._next_flush is None:
            self._next_flush = timestamp + self.settings.flush_interval

    def _catch_up_with_wall_clock(self) -> None:
        now = self._wall_clock()
        if self.stream_time is None or now > self.stream_time:
            self.stream_time = now
            self._flush(now)

    def _flush(self, now: datetime) -> None:
        if now < END_OF_INPUT:
            self._next_flush = now + self.settings.flush_interval
        for detector in self.detectors:
            try:
                alerts = list(detector.flush(now))
            except Exception as error:
                self._detector_failed(detector, error)
                continue
            for alert in alerts:
                self._dispatch(alert)

    def _detector_failed(self, detector: Detector, error: Exception) -> None:
        name = getattr(detector, "name", type(detector).__name__)
        if not self.stats.detector_errors[name]:
            self._warn(f"detector {name} failed: {type(error).__name__}: {error}")
        self.stats.detector_errors[name] += 1

    def _dispatch(self, alert: Alert) -> None:
        self.stats.alerts[alert.rule_id] += 1
        for sink in self.sinks:
            try:
                sink.send(alert)
            except Exception as error:  # an unreachable SIEM must not stop detection
                name = getattr(sink, "name", type(sink).__name__)
                if not self.stats.sink_errors[name]:
                    self._warn(f"output {name} failed: {type(error).__name__}: {error}")
                self.stats.sink_errors[name] += 1

    def _finish(self) -> None:
        wall = self._wall_clock()
        self._flush(END_OF_INPUT if self.settings.once else max(self.stream_time or wall, wall))
        for source in self.sources:
            source.close()
        for sink in self.sinks:
            try:
                sink.close()
            except Exception as error:
                self._warn(f"output {getattr(sink, 'name', '?')} failed to close: {error}")
        if self.templates is not None:
            self.templates.save()
