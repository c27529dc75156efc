"""`pavedroad monitor`: follow logs, detect attacks, print and export alerts.

Alerts go to stdout (JSON lines or one line of text each), progress and the run summary to
stderr. Exit code 0; 2 for a bad configuration or a source that cannot be opened.

With --train-baseline MODEL it detects nothing: it reads the sources once, parses them as the
monitor would and writes the anomaly baseline model learned from them (2 when it cannot).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import signal
import socket
import sys
import threading
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from pavedroad.cli.store_access import store_option
from pavedroad.core.errors import UsageError
from pavedroad.monitor.config import OUTPUTS, MonitorConfig, load_config
from pavedroad.monitor.detect import Detections, load_detections
from pavedroad.monitor.detect.anomaly.features import BaselineCollector
from pavedroad.monitor.detect.anomaly.settings import anomaly_settings
from pavedroad.monitor.export import build_sinks
from pavedroad.monitor.ingest.base import Source
from pavedroad.monitor.ingest.offsets import OffsetStore
from pavedroad.monitor.ingest.open import OFFSETS_FILE, RedisRequest, SourceRequest, open_sources, parse_address
from pavedroad.monitor.model import Alert, AlertSink, Detector
from pavedroad.monitor.parsers.base import Parser
from pavedroad.monitor.parsers.registry import FORMAT_HINTS, ParserOptions, build_parser
from pavedroad.monitor.respond import build_playbooks
from pavedroad.monitor.runtime import MonitorRuntime, RunStats, RuntimeSettings
from pavedroad.monitor.templates import TemplateAnnotator


class PrintedAlerts:
    """The stdout output: one JSON document (Alert.to_dict) or one line of text per alert."""

    name = "stdout"

    def __init__(self, output: str) -> None:
        self.output = output

    def send(self, alert: Alert) -> None:
        """Print one alert and flush, so that `| jq` sees it at once."""
        if self.output == "json":
            text = json.dumps(alert.to_dict(), ensure_ascii=False)
        else:
            text = (
                f"{alert.window_end.isoformat()} {alert.severity.value.upper():8} {alert.rule_id} "
                f"{alert.entity} x{alert.count}: {alert.title}"
            )
        click.echo(text)
        sys.stdout.flush()

    def close(self) -> None:
        """Nothing to release."""


def _warn(message: str) -> None:
    click.echo(f"monitor: {message}", err=True)


def _progress(stats: RunStats) -> None:
    parsed = sum(stats.parsed.values())
    alerts = sum(stats.alerts.values())
    _warn(
        f"{stats.ingest.lines} lines, {parsed} parsed, {stats.unparsable} unparsable, "
        f"{stats.ingest.dropped} dropped, {alerts} alerts"
    )


@click.command("monitor")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--stdin", "read_stdin", is_flag=True, help="Read log lines from standard input.")
@click.option("--syslog-udp", metavar="HOST:PORT", help="Listen for syslog (RFC 3164/5424) over UDP.")
@click.option("--syslog-tcp", metavar="HOST:PORT", help="Listen for syslog over TCP (octet-counted or one per line).")
@click.option("--redis", "redis_url", metavar="URL", help="Consume a Redis stream, e.g. redis://localhost:6379/0.")
@click.option("--stream", help="Redis stream name (with --redis).")
@click.option("--group", help="Consumer group shared by the monitor workers (with --redis).")
@click.option("--consumer", help="This worker's name in the group (default: HOST-PID).")
@click.option("--format-hint", type=click.Choice(FORMAT_HINTS), help="Log format of every source (default: auto).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="TOML with [monitor].")
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path), help="Offsets and template state.")
@click.option("--once", is_flag=True, help="Read what is there and stop (a replay), then print a summary.")
@click.option("--output", type=click.Choice(OUTPUTS), help="Alerts as text lines (default) or JSON lines.")
@click.option("--record", is_flag=True, help="Also keep the alerts in the findings store (shown on the dashboard).")
@click.option("--project", "project_name", help="With --record: the project the alerts belong to.")
@click.option(
    "--train-baseline",
    "train_path",
    metavar="MODEL",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Detect nothing: learn the anomaly baseline from FILES/stdin (read once) and write it to MODEL.",
)
@store_option
def monitor_command(
    files: tuple[Path, ...],
    read_stdin: bool,
    syslog_udp: str | None,
    syslog_tcp: str | None,
    redis_url: str | None,
    stream: str | None,
    group: str | None,
    consumer: str | None,
    format_hint: str | None,
    config_path: Path | None,
    state_dir: Path | None,
    once: bool,
    output: str | None,
    record: bool,
    project_name: str | None,
    train_path: Path | None,
    store_url: str | None,
) -> None:
    """Follow FILES (and/or stdin, a syslog listener, a Redis stream), parse each line, run the
    detections and print alerts.

    Files are followed across rotation and truncation; with --state-dir a restart resumes where
    the last run stopped. Formats are detected per line unless --format-hint names one.

    With --train-baseline MODEL nothing is detected nor sent anywhere: FILES (or stdin) are read
    once, parsed as above, and the baseline model for `[monitor.detect.anomaly] model_path`
    learned from them is written to MODEL.
    """
    config = load_config(config_path)
    hint = format_hint or config.format_hint
    state = state_dir or config.state_dir
    if train_path is not None:
        _check_training_options(syslog_udp, syslog_tcp, redis_url, record)
        once = True
    request = _source_request(
        files, read_stdin, syslog_udp, syslog_tcp, redis_url, stream, group, consumer, once, config
    )
    if train_path is not None:
        _train_baseline(train_path, request, config, hint, state)
        return
    detections = load_detections(config.section)
    detectors = detections.detectors
    sinks: list[AlertSink] = [PrintedAlerts(output or config.output)]
    stats = RunStats()
    try:
        sinks += build_sinks(config.section)
        sinks += build_playbooks(config.section)
        if record:
            sinks.append(_stored_alerts(store_url, project_name))
        offsets = OffsetStore(state / OFFSETS_FILE if state is not None else None)
        sources = open_sources(request, stats.ingest, offsets)
    except BaseException:
        _close(sinks)
        raise
    runtime = _runtime(config, hint, state, sources, detectors, sinks, stats, once=once)
    # Said once the sources are open, so a missing input file is the first line a user reads.
    rule_errors = _report_detection_problems(detections)
    _describe(sources, detections, len(sinks) - 1)
    _stop_on_signals(runtime)
    runtime.run()
    for line in stats.summary():
        click.echo(line, err=True)
    for line in _unscored_windows(detectors):
        click.echo(line, err=True)
    if rule_errors:
        sys.exit(2)  # the scanner had errors: a detection rule could not be loaded


def _runtime(
    config: MonitorConfig,
    hint: str,
    state: Path | None,
    sources: Sequence[Source],
    detectors: Sequence[Detector],
    sinks: Sequence[AlertSink],
    stats: RunStats,
    *,
    once: bool,
) -> MonitorRuntime:
    """The monitor loop over `sources`: the parsers `hint` and the config choose, drain3 templates."""
    options = ParserOptions(json_fields=dict(config.json_fields))

    def parser_for(source: str) -> Parser:
        return build_parser(hint, source, options)

    return MonitorRuntime(
        sources,
        parser_for,
        detectors,
        sinks,
        settings=RuntimeSettings(
            once=once,
            batch_lines=config.batch_lines,
            flush_interval=timedelta(seconds=config.flush_interval_seconds),
            max_clock_skew=timedelta(seconds=config.max_clock_skew_seconds),
            stats_interval_seconds=config.stats_interval_seconds,
        ),
        stats=stats,
        templates=TemplateAnnotator(state) if config.templates else None,
        warn=_warn,
        progress=None if once else _progress,
    )


def _check_training_options(
    syslog_udp: str | None, syslog_tcp: str | None, redis_url: str | None, record: bool
) -> None:
    """--train-baseline learns from a replay and detects nothing: listeners and --record make no sense."""
    for given, option in ((syslog_udp, "--syslog-udp"), (syslog_tcp, "--syslog-tcp"), (redis_url, "--redis")):
        if given:
            raise click.UsageError(
                f"--train-baseline reads FILES or --stdin once; it cannot be used with {option} (save the traffic "
                "to a file and train on that)"
            )
    if record:
        raise click.UsageError("--train-baseline detects nothing, so there are no alerts to --record")


def _train_baseline(path: Path, request: SourceRequest, config: MonitorConfig, hint: str, state: Path | None) -> None:
    """Learn the anomaly baseline from a replay of `request` and write it to `path`; print a summary."""
    settings = anomaly_settings(config.section)  # a bad [monitor.detect.anomaly] is said before reading
    if not settings.enabled or settings.mode != "baseline":
        setting = "enabled = false" if not settings.enabled else f"mode = {settings.mode!r}"
        note = f"[monitor.detect.anomaly] has {setting}: a baseline model is used only in baseline mode"
        click.echo(f"pavedroad: note: {note}", err=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # before reading: a bad path is said at once
    except OSError as error:
        raise UsageError(f"{path}: cannot write the model: {error.strerror or error}") from error
    stats = RunStats()
    # The whole input, whatever start_at says; the monitor's saved offsets are neither used nor moved.
    request = dataclasses.replace(request, start_at_end=False)
    sources = open_sources(request, stats.ingest, OffsetStore(None))
    # The monitor's own loop (parsing, drain3 templates saved at the end, counts) with one
    # detector that only gathers the baseline windows, and no outputs.
    collector = BaselineCollector(settings.window)
    runtime = _runtime(config, hint, state, sources, [collector], [], stats, once=True)
    _warn(f"learning the anomaly baseline from {', '.join(source.name for source in sources)} (no detections run)")
    runtime.run()
    # scikit-learn and numpy are imported only now: the checks above answer at once
    from pavedroad.monitor.detect.anomaly.model import MIN_TRAINING_WINDOWS, ModelError, fit_baseline

    try:
        model = fit_baseline(collector.finish(), config.section)
    except ModelError as error:
        _print_reading_summary(stats)
        if not stats.parsed:
            raise UsageError(
                "--train-baseline: no line could be parsed, there is nothing to learn from (see the samples above; "
                "--format-hint names the format)"
            ) from None
        minutes = math.ceil(MIN_TRAINING_WINDOWS * settings.window / 60)
        raise UsageError(
            f"--train-baseline: not enough traffic for a baseline: {error} (a window is what one source address "
            f"(ip), host or log (source) did in {settings.window:g} s); give more normal traffic, e.g. {minutes} "
            "minutes or more"
        ) from None
    except ValueError as error:  # scikit-learn refusing a [monitor.detect.anomaly] value, e.g. n_estimators = 0
        _print_reading_summary(stats)
        raise UsageError(f"--train-baseline: [monitor.detect.anomaly]: {error}") from None
    try:
        model.save(path)
    except OSError as error:
        raise UsageError(f"{path}: cannot write the model: {error.strerror or error}") from error
    _print_reading_summary(stats)
    written = path.resolve()
    learned = {
        kind: f"{_plural(len(base.training), 'window')} learned"
        + (f" (a sample of the {model.sampled_from[kind]} seen)" if kind in model.sampled_from else "")
        for kind, base in model.baselines.items()
    }
    skipped = {
        kind: f"skipped: only {_plural(count, 'window')} (fewer than {MIN_TRAINING_WINDOWS}: not scored)"
        for kind, count in model.skipped.items()
    }
    for line in (
        f"baseline windows: {model.training.shape[0]} of {model.parameters.window:g} s",
        *(f"baseline {kind}: {outcome}" for kind, outcome in sorted({**learned, **skipped}.items())),
        f"features: {len(model.feature_names)} ({_plural(len(model.templates), 'log template')})",
        f"model written: {written}",
        "use it with, in the monitor's configuration:",
        "[monitor.detect.anomaly]",
        f"model_path = {json.dumps(str(written))}",
    ):
        click.echo(line, err=True)


def _unscored_windows(detectors: Sequence[Detector]) -> list[str]:
    """The summary line of a baseline anomaly detector that left windows unscored (no baseline for their kind)."""
    lines = []
    for detector in detectors:
        kinds = getattr(detector, "unscored_kinds", None)
        if kinds:
            counts = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
            lines.append(f"anomaly windows not scored (no baseline for their kind): {sum(kinds.values())} ({counts})")
    return lines


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _print_reading_summary(stats: RunStats) -> None:
    """The replay summary (lines, parsed, unparsable and their samples, problems) without alerts."""
    for line in stats.summary():
        if not line.startswith("alerts: "):
            click.echo(line, err=True)


def _report_detection_problems(detections: Detections) -> int:
    """Malformed rules are errors naming the file; unsupported features and notes are warnings."""
    errors = 0
    for issue in detections.rule_issues:
        errors += not issue.unsupported
        click.echo(f"pavedroad: {'warning' if issue.unsupported else 'error'}: {issue.describe()}", err=True)
    for note in detections.notes:
        click.echo(f"pavedroad: note: {note}", err=True)
    return errors


def _stored_alerts(store_url: str | None, project: str | None) -> AlertSink:
    from pavedroad.monitor.store_sink import StoredAlerts
    from pavedroad.store import StoreError, open_store

    try:
        return StoredAlerts(open_store(store_url), project)
    except StoreError as error:
        raise UsageError(f"--record: {error}") from error


def _source_request(
    files: Sequence[Path],
    read_stdin: bool,
    syslog_udp: str | None,
    syslog_tcp: str | None,
    redis_url: str | None,
    stream: str | None,
    group: str | None,
    consumer: str | None,
    once: bool,
    config: MonitorConfig,
) -> SourceRequest:
    if not (files or read_stdin or syslog_udp or syslog_tcp or redis_url):
        raise UsageError("monitor: nothing to read: give FILES, --stdin, --syslog-udp/--syslog-tcp or --redis")
    if once and (syslog_udp or syslog_tcp):
        raise UsageError("monitor: --once replays files, stdin and streams; a syslog listener never ends")
    redis = None
    if redis_url is not None:
        if not stream or not group:
            raise UsageError("monitor: --redis needs --stream NAME and --group NAME")
        redis = RedisRequest(redis_url, stream, group, consumer or f"{socket.gethostname()}-{os.getpid()}")
    elif stream or group or consumer:
        raise UsageError("monitor: --stream, --group and --consumer go with --redis URL")
    return SourceRequest(
        files=tuple(dict.fromkeys(files)),  # one file named twice is read once
        stdin=sys.stdin.buffer if read_stdin else None,
        syslog_udp=parse_address(syslog_udp, "--syslog-udp") if syslog_udp else None,
        syslog_tcp=parse_address(syslog_tcp, "--syslog-tcp") if syslog_tcp else None,
        redis=redis,
        follow=not once,
        start_at_end=config.start_at == "end",
        max_line_bytes=config.max_line_bytes,
        queue_size=config.queue_size,
        claim_idle_ms=int(config.claim_idle_seconds * 1000),
        stream_field=config.stream_field,
    )


def _describe(sources: Sequence[Source], detections: Detections, outputs: int) -> None:
    names = ", ".join(source.name for source in sources)
    off = f"; off until configured: {', '.join(detections.unconfigured)}" if detections.unconfigured else ""
    _warn(f"reading {names}; {len(detections.detectors)} detectors, {outputs} outputs besides stdout{off}")


def _stop_on_signals(runtime: MonitorRuntime) -> None:
    """SIGTERM and the first Ctrl-C finish the current batch and stop cleanly (offsets saved)."""
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(number: int, frame: Any) -> None:
        runtime.stop()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl-C interrupts at once

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def _close(sinks: Sequence[AlertSink]) -> None:
    for sink in sinks:
        sink.close()


__all__ = ["monitor_command"]
