"""The sources a run asked for, opened: files (or CloudTrail documents), stdin, syslog, a Redis stream."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pavedroad.core.errors import UsageError
from pavedroad.monitor.ingest.base import Source
from pavedroad.monitor.ingest.documents import RecordsDocumentSource, is_records_document
from pavedroad.monitor.ingest.files import FileSource
from pavedroad.monitor.ingest.lines import IngestCounters
from pavedroad.monitor.ingest.offsets import OffsetStore
from pavedroad.monitor.ingest.stdin import StreamSource
from pavedroad.monitor.ingest.syslog import SyslogListener

OFFSETS_FILE = "offsets.json"


@dataclass(frozen=True, slots=True)
class RedisRequest:
    """A consumer of a consumer group on one stream."""

    url: str
    stream: str
    group: str
    consumer: str


@dataclass(frozen=True, slots=True)
class SourceRequest:
    """What to read: the command line's sources, and whether files are followed."""

    files: Sequence[Path] = ()
    stdin: BinaryIO | None = None
    syslog_udp: tuple[str, int] | None = None
    syslog_tcp: tuple[str, int] | None = None
    redis: RedisRequest | None = None
    follow: bool = True
    start_at_end: bool = False
    max_line_bytes: int = 64 * 1024
    queue_size: int = 10_000
    claim_idle_ms: int = 60_000
    stream_field: str = "line"


def parse_address(text: str, option: str) -> tuple[str, int]:
    """`HOST:PORT` or `[IPv6]:PORT` to a (host, port) pair; a one-line UsageError otherwise."""
    host, colon, port = text.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not colon or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UsageError(f"{option} {text!r}: expected HOST:PORT, e.g. 127.0.0.1:5514")
    return host, int(port)


def open_sources(request: SourceRequest, counters: IngestCounters, offsets: OffsetStore) -> list[Source]:
    """Open every requested source; on a failure close those already open and raise UsageError."""
    sources: list[Source] = []
    try:
        for path in request.files:
            sources.append(_open_file(path, request, counters, offsets))
        if request.stdin is not None:
            sources.append(StreamSource(request.stdin, counters, max_line_bytes=request.max_line_bytes))
        if request.syslog_udp is not None or request.syslog_tcp is not None:
            host, port = request.syslog_udp or request.syslog_tcp  # type: ignore[misc]
            try:
                listener = SyslogListener(
                    counters,
                    udp=request.syslog_udp,
                    tcp=request.syslog_tcp,
                    queue_size=request.queue_size,
                    max_line_bytes=request.max_line_bytes,
                )
            except OSError as error:
                raise UsageError(f"syslog {host}:{port}: cannot listen: {error.strerror or error}") from error
            sources.append(listener)
        if request.redis is not None:
            from pavedroad.monitor.ingest.redis_stream import RedisStreamSource  # redis-py only when used

            redis = request.redis
            sources.append(
                RedisStreamSource(
                    redis.url,
                    redis.stream,
                    redis.group,
                    redis.consumer,
                    counters,
                    field=request.stream_field,
                    claim_idle_ms=request.claim_idle_ms,
                    max_line_bytes=request.max_line_bytes,
                )
            )
    except BaseException:
        for source in sources:
            source.close()
        raise
    return sources


def _open_file(path: Path, request: SourceRequest, counters: IngestCounters, offsets: OffsetStore) -> Source:
    try:
        if path.is_dir():
            raise UsageError(f"{path}: is a directory, not a log file")
        if is_records_document(path):
            return RecordsDocumentSource(path, counters, offsets)
        return FileSource(
            path,
            counters,
            offsets,
            follow=request.follow,
            max_line_bytes=request.max_line_bytes,
            start_at_end=request.start_at_end,
        )
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from error
