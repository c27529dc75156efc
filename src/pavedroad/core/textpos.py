"""Byte offsets to 1-based line and column, for analyzers that work on raw bytes."""

from __future__ import annotations


class LinePositions:
    """Answers line/column for offsets visited in increasing order, in one pass overall."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._offset = 0
        self._line = 1
        self._line_start = 0

    def locate(self, offset: int) -> tuple[int, int]:
        """(line, column) of `offset`; offsets earlier than the last one restart the count."""
        if offset < self._offset:
            self._offset, self._line, self._line_start = 0, 1, 0
        newlines = self._data.count(b"\n", self._offset, offset)
        if newlines:
            self._line += newlines
            self._line_start = self._data.rfind(b"\n", self._offset, offset) + 1
        self._offset = offset
        column = len(self._data[self._line_start : offset].decode("utf-8", "replace")) + 1
        return self._line, column

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end offsets of the line holding `offset` (end excludes the newline)."""
        start = self._data.rfind(b"\n", 0, offset) + 1
        end = self._data.find(b"\n", offset)
        return start, end if end >= 0 else len(self._data)
