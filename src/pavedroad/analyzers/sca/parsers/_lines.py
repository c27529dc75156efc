"""Best-effort line numbers for entries found by searching the text a structured parser already read."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque

Needle = str | re.Pattern[str]


class LineFinder:
    """Finds the line of an entry, searching forward from the previous hit.

    Parsers walk a document in file order, so searching on from the last match finds the
    right one of several identical keys (two versions of one package in nested blocks).
    When nothing is found ahead, the whole text is searched, and the cursor stays put.

    A needle is a literal or a compiled pattern. A literal may start with a newline to
    anchor it at the start of a line; the line reported is then the one after it. For
    lockfiles of thousands of entries, `KeyLines` indexes every entry in one pass instead.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self._cursor = 0

    def line_at(self, offset: int) -> int:
        """The 1-based line holding character `offset`."""
        return bisect_right(self._line_starts, offset)

    def find(self, needle: Needle) -> int | None:
        """The line of the next occurrence of `needle`."""
        found = self._search(needle, self._cursor)
        if found is not None:
            self._cursor = found[1]
            return self._line_of(found[0])
        found = self._search(needle, 0)
        return None if found is None else self._line_of(found[0])

    def find_after(self, anchor: Needle, needle: Needle) -> int | None:
        """The line of the first `needle` after the first `anchor` (a section header), else anywhere."""
        anchored = self._search(anchor, 0)
        if anchored is not None:
            found = self._search(needle, anchored[1])
            if found is not None:
                return self._line_of(found[0])
        found = self._search(needle, 0)
        return None if found is None else self._line_of(found[0])

    def seek(self, anchor: Needle) -> None:
        """Move the cursor past the first `anchor`, so later finds look inside that section first."""
        found = self._search(anchor, 0)
        if found is not None:
            self._cursor = found[1]

    def _line_of(self, offset: int) -> int:
        skip_newline = offset < len(self._text) and self._text[offset] == "\n"
        return self.line_at(offset + 1 if skip_newline else offset)

    def _search(self, needle: Needle, start: int) -> tuple[int, int] | None:
        if isinstance(needle, str):
            offset = self._text.find(needle, start)
            return None if offset < 0 else (offset, offset + len(needle))
        match = needle.search(self._text, start)
        return None if match is None else (match.start(), match.end())


# The name line of a [[package]] table, as Poetry, uv, PDM and Cargo write it.
TOML_PACKAGE_NAME = re.compile(r"""^name = (?:"([^"]+)"|'([^']+)')""", re.MULTILINE)


class KeyLines:
    """The lines of a lockfile's entries, indexed in one pass by the key a pattern captures.

    `pattern` is matched line by line (with re.MULTILINE); its first group that matched is
    the key (so alternatives can capture a quoted and an unquoted spelling).
    A key written several times (one package at two versions, nested copies) hands out its
    lines in file order, one per `take`, as a parser walking the file in order needs them.
    """

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        finder = LineFinder(text)
        self._lines: dict[str, deque[int]] = {}
        for match in pattern.finditer(text):
            key = next(group for group in match.groups() if group is not None)
            self._lines.setdefault(key, deque()).append(finder.line_at(match.start()))

    def take(self, key: str) -> int | None:
        """The next line written for `key`, or None when there is none (left)."""
        lines = self._lines.get(key)
        return lines.popleft() if lines else None
