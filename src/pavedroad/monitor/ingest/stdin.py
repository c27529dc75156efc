"""Lines from standard input (or any binary stream), read by a thread so the loop never blocks."""

from __future__ import annotations

import queue
import threading
from typing import BinaryIO

from pavedroad.monitor.ingest.lines import (
    DEFAULT_MAX_LINE_BYTES,
    READ_CHUNK_BYTES,
    IngestCounters,
    Line,
    LineFramer,
    decode_all,
)

# Batches waiting to be handled; when full the reader waits (a pipe then pushes back on its
# writer) instead of dropping: unlike a syslog sender, a pipe can be slowed down.
QUEUE_BATCHES = 64


class StreamSource:
    """Lines of a binary stream until its end."""

    def __init__(
        self,
        stream: BinaryIO,
        counters: IngestCounters,
        *,
        name: str = "<stdin>",
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
    ) -> None:
        self.name = name
        self._stream = stream
        self._counters = counters
        self._framer = LineFramer(counters, max_line_bytes)
        self._queue: queue.Queue[list[bytes] | None] = queue.Queue(QUEUE_BATCHES)
        self._ended = False
        self._next_number = 1
        # a daemon thread: a read blocked on a terminal cannot be interrupted, and must not
        # keep the process alive after the loop has stopped
        self._thread = threading.Thread(target=self._read, name=f"read {name}", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        read = getattr(self._stream, "read1", self._stream.read)
        try:
            while chunk := read(READ_CHUNK_BYTES):
                lines = self._framer.feed(chunk)
                if lines:
                    self._queue.put(lines)
            rest = self._framer.finish()
            if rest:
                self._queue.put(rest)
        except (OSError, ValueError):
            pass  # a closed stream ends the input like an end of file
        finally:
            self._queue.put(None)

    @property
    def exhausted(self) -> bool:
        """The stream ended and every line was handed out."""
        return self._ended

    def poll(self, max_lines: int) -> list[Line]:
        """The lines read so far (without waiting)."""
        raw: list[bytes] = []
        while len(raw) < max_lines and not self._ended:
            try:
                batch = self._queue.get_nowait()
            except queue.Empty:
                break
            if batch is None:
                self._ended = True
            else:
                raw += batch
        lines = decode_all(raw, self.name, self._next_number, self._counters)
        self._next_number += len(raw)
        return lines

    def commit(self) -> None:
        """Nothing to save: a stream cannot be re-read."""

    def close(self) -> None:
        """The reading thread is a daemon; it ends with the stream or the process."""
