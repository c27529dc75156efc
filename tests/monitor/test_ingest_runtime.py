"""The loop: stream time, out-of-order and skewed clocks, failing detectors and outputs, unparsable lines."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pavedroad.core.findings import Severity
from pavedroad.monitor.ingest.lines import IngestCounters, Line
from pavedroad.monitor.ingest.offsets import OffsetStore
from pavedroad.monitor.ingest.open import SourceRequest, open_sources
from pavedroad.monitor.model import Alert, Event, Origin
from pavedroad.monitor.parsers.registry import build_parser
from pavedroad.monitor.runtime import END_OF_INPUT, MonitorRuntime, RunStats, RuntimeSettings

WALL = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


def access_line(when: datetime, ip: str = "203.0.113.9", status: int = 404) -> str:
    return f'{ip} - - [{when:%d/%b/%Y:%H:%M:%S} +0000] "GET /x HTTP/1.1" {status} 10 "-" "curl/8"'


class Recorder:
    """A detector that remembers events and flushes, and alerts on every 404."""

    name = "recorder"

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.flushes: list[datetime] = []

    def observe(self, event: Event) -> Iterable[Alert]:
        self.events.append(event)
        if event.get("http.status") == 404:
            assert event.timestamp is not None
            yield Alert("test/not-found", "Not found", Severity.LOW, f"ip:{event.get('source.ip')}",
                        event.timestamp, event.timestamp, evidence=(event.raw,))  # fmt: skip

    def flush(self, now: datetime) -> Iterable[Alert]:
        self.flushes.append(now)
        return ()


class Broken:
    name = "broken"

    def observe(self, event: Event) -> Iterable[Alert]:
        raise RuntimeError("bug in a detection")

    def flush(self, now: datetime) -> Iterable[Alert]:
        return ()


class Collected:
    def __init__(self, name: str = "collected", fail: bool = False) -> None:
        self.name = name
        self.fail = fail
        self.alerts: list[Alert] = []
        self.closed = False

    def send(self, alert: Alert) -> None:
        if self.fail:
            raise ConnectionError("SIEM unreachable")
        self.alerts.append(alert)

    def close(self) -> None:
        self.closed = True


def runtime_for(
    lines: list[str], tmp_path: Path, detectors: list[object], sinks: list[object], warnings: list[str] | None = None
) -> MonitorRuntime:
    log = tmp_path / "access.log"
    log.write_bytes("".join(line + "\n" for line in lines).encode("utf-8", errors="surrogateescape"))
    stats = RunStats()
    sources = open_sources(SourceRequest(files=[log], follow=False), stats.ingest, OffsetStore(None))
    return MonitorRuntime(
        sources,
        lambda source: build_parser("auto", source),
        detectors,  # type: ignore[arg-type]
        sinks,  # type: ignore[arg-type]
        settings=RuntimeSettings(once=True, flush_interval=timedelta(seconds=1), max_clock_skew=timedelta(minutes=5)),
        stats=stats,
        warn=(warnings if warnings is not None else []).append,
        wall_clock=lambda: WALL,
    )


def test_stream_time_never_goes_back_and_ignores_clocks_far_ahead(tmp_path: Path) -> None:
    start = datetime(2024, 3, 5, 10, 0, 0, tzinfo=UTC)
    lines = [
        access_line(start),
        access_line(start + timedelta(seconds=10)),
        access_line(start + timedelta(seconds=5)),  # late
        access_line(datetime(2099, 1, 1, tzinfo=UTC)),  # a host with a broken clock
        access_line(start + timedelta(seconds=11)),
    ]
    recorder = Recorder()
    runtime = runtime_for(lines, tmp_path, [recorder], [Collected()])
    stats = runtime.run()
    # events keep their own timestamps, whatever the stream time
    assert [event.timestamp for event in recorder.events] == [
        start, start + timedelta(seconds=10), start + timedelta(seconds=5),
        datetime(2099, 1, 1, tzinfo=UTC), start + timedelta(seconds=11),
    ]  # fmt: skip
    assert runtime.stream_time == start + timedelta(seconds=11)
    assert stats.out_of_order == 1 and stats.clock_skew == 1
    # windows flushed by stream time after the batch (it passed start + 1s), then at the end of the replay
    assert recorder.flushes == [start + timedelta(seconds=11), END_OF_INPUT]


def test_alerts_reach_every_sink_and_failures_are_counted_not_fatal(tmp_path: Path) -> None:
    start = datetime(2024, 3, 5, 10, 0, 0, tzinfo=UTC)
    lines = [access_line(start), access_line(start, status=200), access_line(start, ip="198.51.100.7")]
    recorder, good, failing, warnings = Recorder(), Collected(), Collected("siem", fail=True), []
    stats = runtime_for(lines, tmp_path, [Broken(), recorder], [failing, good], warnings).run()
    assert [alert.entity for alert in good.alerts] == ["ip:203.0.113.9", "ip:198.51.100.7"]
    assert len(recorder.events) == 3  # the broken detector did not stop the others
    assert stats.alerts == {"test/not-found": 2}
    assert stats.detector_errors == {"broken": 3} and stats.sink_errors == {"siem": 2}
    assert warnings == [
        "detector broken failed: RuntimeError: bug in a detection",
        "output siem failed: ConnectionError: SIEM unreachable",
    ]
    assert good.closed and failing.closed


def test_unparsable_lines_are_counted_and_sampled(tmp_path: Path) -> None:
    start = datetime(2024, 3, 5, 10, 0, 0, tzinfo=UTC)
    garbage = ["\x00\x01\x02 binary", "x" * 500, *(f"junk {index}" for index in range(6))]
    stats = runtime_for([access_line(start), *garbage], tmp_path, [], []).run()
    assert stats.ingest.lines == 9
    assert stats.parsed == {"nginx": 1}
    assert stats.unparsable == 8
    assert stats.unparsable_samples == [
        f"{tmp_path / 'access.log'}:2: \\x00\\x01\\x02 binary",
        f"{tmp_path / 'access.log'}:3: {'x' * 160}…",
        f"{tmp_path / 'access.log'}:4: junk 0",
        f"{tmp_path / 'access.log'}:5: junk 1",
        f"{tmp_path / 'access.log'}:6: junk 2",
    ]
    summary = stats.summary()
    assert summary[:3] == ["lines read: 9", "parsed: 1 (nginx 1)", "unparsable: 8"]
    assert summary[-1] == "alerts: 0"


def test_binary_garbage_between_log_lines_does_not_hide_them(tmp_path: Path) -> None:
    start = datetime(2024, 3, 5, 10, 0, 0, tzinfo=UTC)
    log = tmp_path / "access.log"
    noise = bytes((index * 97 + 13) % 256 for index in range(20_000))  # deterministic binary, with newlines
    log.write_bytes(access_line(start).encode() + b"\n" + noise + b"\n" + access_line(start).encode() + b"\n")
    stats = RunStats()
    sources = open_sources(SourceRequest(files=[log], follow=False), stats.ingest, OffsetStore(None))
    recorder = Recorder()
    runtime = MonitorRuntime(
        sources, lambda source: build_parser("auto", source), [recorder], [],
        settings=RuntimeSettings(once=True), stats=stats, wall_clock=lambda: WALL,
    )  # fmt: skip
    runtime.run()
    assert stats.parsed == {"nginx": 2}
    assert stats.unparsable == stats.ingest.lines - 2 > 0
    assert stats.ingest.decode_errors > 0


def test_batches_from_several_sources_use_each_source_s_parser() -> None:
    stats = RunStats(ingest=IngestCounters())
    built: list[str] = []

    def parser_for(source: str):  # type: ignore[no-untyped-def]
        built.append(source)
        return build_parser("auto", source)

    runtime = MonitorRuntime([], parser_for, [], [], settings=RuntimeSettings(once=True), stats=stats)
    when = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    runtime.process([
        Line(access_line(when), Origin("/var/log/nginx/access.log", "1")),
        Line(access_line(when), Origin("/var/log/apache2/access.log", "1")),
        Line(access_line(when), Origin("/var/log/nginx/access.log", "2")),
    ])  # fmt: skip
    assert built == ["/var/log/nginx/access.log", "/var/log/apache2/access.log"]
    assert stats.parsed == {"nginx": 2, "apache": 1}
    assert stats.detected_formats == {"/var/log/nginx/access.log": ["nginx"], "/var/log/apache2/access.log": ["apache"]}


def test_following_until_stopped_saves_the_offsets_of_handled_lines(tmp_path: Path) -> None:
    start = datetime(2024, 3, 5, 10, 0, 0, tzinfo=UTC)
    log = tmp_path / "access.log"
    log.write_text(access_line(start) + "\n")
    stats = RunStats()
    offsets = OffsetStore(tmp_path / "offsets.json")
    sources = open_sources(SourceRequest(files=[log], follow=True), stats.ingest, offsets)
    recorder = Recorder()
    runtime = MonitorRuntime(
        sources, lambda source: build_parser("auto", source), [recorder], [],
        settings=RuntimeSettings(once=False), stats=stats,
    )  # fmt: skip
    thread = threading.Thread(target=runtime.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while stats.ingest.lines < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    with log.open("a") as handle:
        handle.write(access_line(start + timedelta(seconds=1)) + "\n")
    while stats.ingest.lines < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    runtime.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert stats.parsed == {"nginx": 2}
    saved = OffsetStore(tmp_path / "offsets.json").get(str(log))
    assert saved is not None and saved.offset == log.stat().st_size and saved.lines == 2
    # stopping flushes the windows at the later of stream time and the wall clock
    assert recorder.flushes[-1] >= datetime.now(UTC) - timedelta(minutes=1)
