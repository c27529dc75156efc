"""A JSON document holding many records, such as a CloudTrail file `{"Records": [...]}`.

CloudTrail delivers each file as one JSON document (on one line, or pretty-printed when a
person saved it), not as JSON lines: it is read whole, with a size limit, and each record is
handed on as one compact JSON line. The document is done once read: the saved offset is its size.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pavedroad.core.errors import UsageError
from pavedroad.monitor.ingest.lines import IngestCounters, Line
from pavedroad.monitor.ingest.offsets import FileState, OffsetStore, head_fingerprint, same_file
from pavedroad.monitor.model import Origin

MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
_RECORDS_START = re.compile(rb'\A\s*\{\s*"Records"\s*:')


def is_records_document(path: Path) -> bool:
    """Whether the file starts like `{"Records": [` (rather than JSON lines or text)."""
    with path.open("rb") as handle:
        return _RECORDS_START.match(handle.read(4096)) is not None


class RecordsDocumentSource:
    """The records of one `{"Records": [...]}` file, each as a compact JSON line."""

    def __init__(self, path: Path, counters: IngestCounters, offsets: OffsetStore) -> None:
        self.name = str(path)
        self.path = path
        self._counters = counters
        self._offsets = offsets
        self._pending: list[Line] = []
        self._state: FileState | None = None
        saved = offsets.get(self.name)
        stat = path.stat()
        if saved is not None and same_file(saved, path) and saved.offset == stat.st_size:
            return  # read completely by an earlier run
        if stat.st_size > MAX_DOCUMENT_BYTES:
            raise UsageError(f"{path}: JSON document larger than {MAX_DOCUMENT_BYTES // 2**20} MB")
        with path.open("rb") as handle:
            data = handle.read()
            length, digest = head_fingerprint(handle.fileno())
        try:
            records = json.loads(data.decode("utf-8", errors="replace"))["Records"]
        except (ValueError, KeyError, TypeError) as error:
            raise UsageError(f"{path}: not a JSON document with a Records list ({error})") from error
        if not isinstance(records, list):
            raise UsageError(f"{path}: Records is not a list")
        self._pending = [
            Line(json.dumps(record, separators=(",", ":")), Origin(self.name, f"Records[{index}]"))
            for index, record in enumerate(records)
        ]
        counters.lines += len(self._pending)
        counters.by_source[self.name] = counters.by_source.get(self.name, 0) + len(self._pending)
        self._state = FileState(stat.st_dev, stat.st_ino, len(data), len(self._pending), length, digest)

    @property
    def exhausted(self) -> bool:
        """True once every record has been handed out."""
        return not self._pending

    def poll(self, max_lines: int) -> list[Line]:
        """The next records."""
        batch, self._pending = self._pending[:max_lines], self._pending[max_lines:]
        return batch

    def commit(self) -> None:
        """Mark the document read once all its records were handled."""
        if not self._pending and self._state is not None:
            self._offsets.put(self.name, self._state)
            self._offsets.save()

    def close(self) -> None:
        """Nothing stays open."""
