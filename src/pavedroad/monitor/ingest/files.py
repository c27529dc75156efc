"""Following a log file: rotation- and truncation-safe, resuming from a saved offset.

Rotation (the path now names another inode) is handled by reading the old file to its end
before switching; a file that shrank was truncated in place (copytruncate) and is read again
from the start. After a restart, a saved offset is used only when the path still names the
same file (inode and first bytes); if it was rotated meanwhile, the rest of the old file is
read first when it can still be found next to it (`access.log.1`, `access.log-20240101`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pavedroad.monitor.ingest.lines import (
    DEFAULT_MAX_LINE_BYTES,
    READ_CHUNK_BYTES,
    IngestCounters,
    Line,
    LineFramer,
    decode_all,
)
from pavedroad.monitor.ingest.offsets import FileState, OffsetStore, head_fingerprint, same_file


@dataclass(slots=True)
class _OpenFile:
    """One open file being read: its handle, identity, framer and how many lines it gave."""

    path: Path
    handle: BinaryIO
    device: int
    inode: int
    framer: LineFramer
    lines: int

    @classmethod
    def open(cls, path: Path, offset: int, lines: int, counters: IngestCounters, max_line_bytes: int) -> _OpenFile:
        handle = path.open("rb", buffering=0)
        stat = os.fstat(handle.fileno())
        handle.seek(offset)
        framer = LineFramer(counters, max_line_bytes)
        framer.reset(offset)
        return cls(path, handle, stat.st_dev, stat.st_ino, framer, lines)

    def state(self) -> FileState:
        length, digest = head_fingerprint(self.handle.fileno())
        return FileState(self.device, self.inode, self.framer.consumed, self.lines, length, digest)


class FileSource:
    """Lines of one file; `follow` keeps waiting for more at the end (otherwise it is a replay)."""

    def __init__(
        self,
        path: Path,
        counters: IngestCounters,
        offsets: OffsetStore,
        *,
        follow: bool,
        max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
        start_at_end: bool = False,
    ) -> None:
        self.name = str(path)
        self.path = path
        self.follow = follow
        self._counters = counters
        self._offsets = offsets
        self._max_line_bytes = max_line_bytes
        self._backlog: _OpenFile | None = None
        self._at_end = False
        self._current = self._open_resuming(start_at_end)

    def _open_resuming(self, start_at_end: bool) -> _OpenFile:
        saved = self._offsets.get(self.name)
        stat = self.path.stat()
        if saved is None:
            offset = stat.st_size if start_at_end else 0
            return _OpenFile.open(self.path, offset, 0, self._counters, self._max_line_bytes)
        if (stat.st_dev, stat.st_ino) == (saved.device, saved.inode):
            if stat.st_size >= saved.offset and same_file(saved, self.path):
                return _OpenFile.open(self.path, saved.offset, saved.lines, self._counters, self._max_line_bytes)
            self._counters.truncations += 1  # shrunk, or rewritten from the top: a new content
        else:
            self._counters.rotations += 1
            rotated = find_rotated(self.path, saved)
            if rotated is not None:
                self._backlog = _OpenFile.open(rotated, saved.offset, saved.lines, self._counters, self._max_line_bytes)
        return _OpenFile.open(self.path, 0, 0, self._counters, self._max_line_bytes)

    @property
    def exhausted(self) -> bool:
        """A replay has reached the end of the file (never true when following)."""
        return self._at_end

    def poll(self, max_lines: int) -> list[Line]:
        """Complete lines available now, the old file's rest first after a rotation."""
        lines: list[Line] = []
        while len(lines) < max_lines and not self._at_end:
            reading = self._backlog or self._current
            chunk = reading.handle.read(READ_CHUNK_BYTES)
            if chunk:
                lines += self._decode(reading, reading.framer.feed(chunk))
                continue
            if reading is self._backlog:
                lines += self._decode(reading, reading.framer.finish())
                reading.handle.close()
                self._backlog = None
                continue
            replaced = self._check_replaced()
            if replaced is not None:
                lines += replaced
                continue
            if not self.follow:
                lines += self._decode(reading, reading.framer.finish())
                self._at_end = True
            break
        return lines

    def _check_replaced(self) -> list[Line] | None:
        """At the end of the file: the lines read while switching to a rotated or truncated file,
        or None when the path still names the file being read, unchanged."""
        current = self._current
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None  # rotated away, the new file not created yet: the writer may still append
        if (stat.st_dev, stat.st_ino) != (current.device, current.inode):
            self._counters.rotations += 1
            rest = current.framer.feed(current.handle.read()) + current.framer.finish()
            lines = self._decode(current, rest)
            current.handle.close()
            self._current = _OpenFile.open(self.path, 0, 0, self._counters, self._max_line_bytes)
            return lines
        if stat.st_size < current.framer.consumed + current.framer.pending_bytes:
            self._counters.truncations += 1
            current.handle.seek(0)
            current.framer.reset(0)
            current.lines = 0
            return []
        return None

    def _decode(self, reading: _OpenFile, raw_lines: list[bytes]) -> list[Line]:
        first = reading.lines + 1
        reading.lines += len(raw_lines)
        return decode_all(raw_lines, self.name, first, self._counters)

    def commit(self) -> None:
        """Save where the handled lines end (the old file's position while it is still being read)."""
        reading = self._backlog or self._current
        self._offsets.put(self.name, reading.state())
        self._offsets.save()

    def close(self) -> None:
        """Close the open files (offsets are saved by `commit`)."""
        for reading in (self._backlog, self._current):
            if reading is not None:
                reading.handle.close()


def find_rotated(path: Path, saved: FileState) -> Path | None:
    """The file next to `path` that is the one `saved` describes (renamed by a rotation), if any."""
    try:
        siblings = sorted(path.parent.iterdir())
    except OSError:
        return None
    for sibling in siblings:
        if sibling != path and sibling.name.startswith(path.name) and same_file(saved, sibling):
            return sibling
    return None
