"""Bytes to text lines: decoding that never fails, a cap on line length, and the counters for both."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from typing import NamedTuple

from pavedroad.monitor.model import Origin

# A log line longer than this is almost always garbage or an attack on the reader; keeping the
# head is enough to parse and to show it, and bounds the memory one line can take.
DEFAULT_MAX_LINE_BYTES = 64 * 1024
READ_CHUNK_BYTES = 64 * 1024


class Line(NamedTuple):
    """One decoded log line (without its newline) and where it came from.

    A named tuple rather than a frozen dataclass: one is made per line, and a tuple is built
    several times faster.
    """

    text: str
    origin: Origin


@dataclass(slots=True)
class IngestCounters:
    """What the sources saw, summed over all of them; shown in the run summary."""

    lines: int = 0
    truncated: int = 0
    decode_errors: int = 0
    dropped: int = 0
    rotations: int = 0
    truncations: int = 0
    source_errors: int = 0
    by_source: dict[str, int] = field(default_factory=dict)


def decode_line(raw: bytes, counters: IngestCounters) -> str:
    """UTF-8 text of one line; undecodable bytes become U+FFFD (counted) so output stays encodable."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        counters.decode_errors += 1
        return raw.decode("utf-8", errors="replace")


class LineFramer:
    """Splits a byte stream into lines of at most `max_line_bytes`, tracking consumed bytes.

    A line longer than the cap is cut: its head is returned once (counted as truncated) and the
    rest up to the next newline is skipped, so one endless line cannot grow the buffer.
    `consumed` counts the bytes of every line handed out (newline included) and of skipped
    tails: it is the offset to resume from when the handed-out lines have been handled.
    """

    __slots__ = ("_buffer", "_skipping", "consumed", "counters", "max_line_bytes")

    def __init__(self, counters: IngestCounters, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> None:
        self.counters = counters
        self.max_line_bytes = max_line_bytes
        self._buffer = b""
        self._skipping = False
        self.consumed = 0

    @property
    def pending_bytes(self) -> int:
        """Bytes of an unfinished last line held back until its newline arrives."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[bytes]:
        """The complete lines (without newline, CR stripped) that `data` finishes."""
        lines: list[bytes] = []
        if self._skipping:
            cut = data.find(b"\n")
            if cut < 0:
                self.consumed += len(data)
                return lines
            self.consumed += cut + 1
            data = data[cut + 1 :]
            self._skipping = False
        buffer = self._buffer + data if self._buffer else data
        cut = buffer.rfind(b"\n")
        if cut < 0:
            self._buffer = buffer
            parts = []
        else:
            body = buffer[:cut]
            self._buffer = buffer[cut + 1 :]
            parts = body.split(b"\n")
        limit = self.max_line_bytes
        if parts and b"\r" not in body and max(map(len, parts)) <= limit:
            # the usual chunk: no CR, no overlong line; nothing to do per line
            self.consumed += cut + 1
            lines = parts
        else:
            for part in parts:
                self.consumed += len(part) + 1
                if len(part) > limit:
                    self.counters.truncated += 1
                    part = part[:limit]
                elif part.endswith(b"\r"):
                    part = part[:-1]
                lines.append(part)
        if len(self._buffer) > limit:
            self.counters.truncated += 1
            lines.append(self._buffer[:limit])
            self.consumed += len(self._buffer)
            self._buffer = b""
            self._skipping = True
        return lines

    def finish(self) -> list[bytes]:
        """The unfinished last line, if any (at the end of a stream or of a rotated file)."""
        rest, self._buffer = self._buffer, b""
        self._skipping = False
        if not rest:
            return []
        self.consumed += len(rest)
        return [rest[:-1] if rest.endswith(b"\r") else rest]

    def reset(self, consumed: int = 0) -> None:
        """Forget buffered bytes and restart counting at `consumed` (a new or truncated file)."""
        self._buffer = b""
        self._skipping = False
        self.consumed = consumed


# Line and Origin from tuples of their fields, without the Python-level __new__ of a named tuple
_line = partial(tuple.__new__, Line)
_origin = partial(tuple.__new__, Origin)


def decode_all(raw_lines: list[bytes], source: str, first_number: int, counters: IngestCounters) -> list[Line]:
    """Lines for `raw_lines`, numbered from `first_number` (the position shown in evidence)."""
    count = len(raw_lines)
    counters.lines += count
    counters.by_source[source] = counters.by_source.get(source, 0) + count
    if not count:
        return []
    try:
        # one decode for the whole batch (no line holds a newline, so splitting gives them back)
        texts = b"\n".join(raw_lines).decode("utf-8").split("\n")
    except UnicodeDecodeError:
        texts = [decode_line(raw, counters) for raw in raw_lines]
    positions = map(str, range(first_number, first_number + count))
    return list(map(_line, zip(texts, map(_origin, zip(repeat(source), positions)), strict=True)))
