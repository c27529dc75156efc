"""A Redis Streams consumer group: several monitor workers share one stream, each entry handled once.

Each worker is a consumer of the group. On start it first re-reads its own pending entries
(delivered before a crash, never acknowledged); then it takes new entries (`>`), and now and
then claims entries another consumer left pending for longer than `claim_idle_ms` (XAUTOCLAIM)
— that worker is presumed dead. Entries are acknowledged (XACK) on `commit`, after the loop
has handled them, so a worker that dies mid-batch leaves them for the others: delivery is
at-least-once, and exactly once as long as workers do not die between handling and XACK.
"""

from __future__ import annotations

import json
import time
from typing import Any

import redis

from pavedroad.core.errors import UsageError
from pavedroad.monitor.ingest.lines import DEFAULT_MAX_LINE_BYTES, IngestCounters, Line, decode_line
from pavedroad.monitor.model import Origin

DEFAULT_FIELD = "line"
DEFAULT_CLAIM_IDLE_MS = 60_000
CLAIM_EVERY_SECONDS = 5.0


class RedisStreamSource:
    """Entries of one stream read as a consumer of a consumer group."""

    def __init__(
        self,
        url: str,
        stream: str,
        group: str,
        consumer: str,
        counters: IngestCounters,
        *,
        field: str = DEFAULT_FIELD,
        claim_idle_ms: int = DEFAULT_CLAIM_IDLE_MS,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        start_id: str = "0",
    ) -> None:
        self.name = f"redis:{stream}"
        self.stream = stream
        self.group = group
        self.consumer = consumer
        self.field = field.encode()
        self.claim_idle_ms = claim_idle_ms
        self.max_line_bytes = max_line_bytes
        self._counters = counters
        self._to_acknowledge: list[bytes] = []
        self._own_pending_done = False
        self._own_cursor = "0"
        self._next_claim = 0.0
        self._claim_cursor = "0-0"
        self._idle = False
        try:
            self.client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=10)
            self._create_group(start_id)
        except (redis.RedisError, ValueError) as error:
            raise UsageError(f"{url}: cannot use stream {stream!r} group {group!r}: {error}") from error

    def _create_group(self, start_id: str) -> None:
        try:
            self.client.xgroup_create(self.stream, self.group, id=start_id, mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):  # the group exists: another worker made it
                raise

    @property
    def exhausted(self) -> bool:
        """The last poll found nothing new, pending or claimable (a replay is done)."""
        return self._idle

    def poll(self, max_lines: int) -> list[Line]:
        """Own pending entries first, then claimed ones from dead consumers, then new ones."""
        try:
            entries = self._read(max_lines)
        except redis.ConnectionError:
            # a restarting Redis must not stop the monitor: try again on the next poll
            self._counters.source_errors += 1
            return []
        self._idle = not entries
        lines = [self._line(entry_id, fields) for entry_id, fields in entries]
        self._to_acknowledge += [entry_id for entry_id, _ in entries]
        self._counters.lines += len(lines)
        if lines:
            self._counters.by_source[self.name] = self._counters.by_source.get(self.name, 0) + len(lines)
        return lines

    def _read(self, count: int) -> list[tuple[bytes, dict[bytes, bytes]]]:
        if not self._own_pending_done:
            own = self._read_group(self._own_cursor, count)
            if own:
                self._own_cursor = own[-1][0].decode()
                return own
            self._own_pending_done = True
        now = time.monotonic()
        if now >= self._next_claim:
            claimed = self._claim(count)
            if claimed:
                return claimed
            self._next_claim = now + CLAIM_EVERY_SECONDS
        return self._read_group(">", count)

    def _read_group(self, start: str, count: int) -> list[tuple[bytes, dict[bytes, bytes]]]:
        reply: Any = self.client.xreadgroup(self.group, self.consumer, {self.stream: start}, count=count)
        if not reply:
            return []
        messages = reply[0][1] if isinstance(reply, list) else next(iter(reply.values()))[0]
        # entries deleted from the stream while pending come back without fields
        return [(entry_id, fields) for entry_id, fields in messages if fields]

    def _claim(self, count: int) -> list[tuple[bytes, dict[bytes, bytes]]]:
        reply: Any = self.client.xautoclaim(
            self.stream, self.group, self.consumer, self.claim_idle_ms, start_id=self._claim_cursor, count=count
        )
        cursor, messages = reply[0], reply[1]
        deleted = reply[2] if len(reply) > 2 else []
        if deleted:
            self.client.xack(self.stream, self.group, *deleted)
        self._claim_cursor = cursor.decode() if isinstance(cursor, bytes) else str(cursor)
        if self._claim_cursor != "0-0":
            self._next_claim = 0.0  # more to scan: continue on the next poll
        return [(entry_id, fields) for entry_id, fields in messages if fields]

    def _line(self, entry_id: bytes, fields: dict[bytes, bytes]) -> Line:
        value = fields.get(self.field)
        if value is None:
            # an entry written by another tool: keep all of it as one JSON object
            as_text = {key.decode(errors="replace"): item.decode(errors="replace") for key, item in fields.items()}
            value = json.dumps(as_text).encode()
        if len(value) > self.max_line_bytes:
            value = value[: self.max_line_bytes]
            self._counters.truncated += 1
        return Line(decode_line(value, self._counters), Origin(self.name, entry_id.decode()))

    def commit(self) -> None:
        """Acknowledge every entry handed out so far."""
        if self._to_acknowledge:
            self.client.xack(self.stream, self.group, *self._to_acknowledge)
            self._to_acknowledge = []

    def close(self) -> None:
        """Close the connection; unacknowledged entries stay pending for another worker."""
        self.client.close()
