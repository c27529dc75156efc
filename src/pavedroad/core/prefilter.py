"""One pass over the bytes for every keyword, whatever their number (secrets, the monitor's screens).

Hyperscan (a SIMD automaton) is used where its wheel exists; Aho-Corasick over a
lower-cased copy is the portable fallback. Both report (keyword index, start, end).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, Protocol


class Prefilter(Protocol):
    backend: str

    def hits(self, data: bytes) -> Iterator[tuple[int, int, int]]: ...


class HyperscanPrefilter:
    backend = "hyperscan"

    def __init__(self, keywords: Sequence[str], *, patterns: bool = False) -> None:
        """`keywords` are literals, or (`patterns`) regular expressions in the syntax Python's `re`
        and Hyperscan share; a pattern's match is reported by its end (start = end)."""
        import hyperscan

        self._lengths = [0 if patterns else len(keyword.encode()) for keyword in keywords]
        self._database: Any = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._database.compile(
            expressions=[(keyword if patterns else re.escape(keyword)).encode() for keyword in keywords],
            ids=list(range(len(keywords))),
            elements=len(keywords),
            flags=hyperscan.HS_FLAG_CASELESS,
        )

    def hits(self, data: bytes) -> Iterator[tuple[int, int, int]]:
        found: list[tuple[int, int, int]] = []
        lengths = self._lengths

        def on_match(keyword_id: int, _start: int, end: int, _flags: int, _context: object) -> None:
            found.append((keyword_id, end - lengths[keyword_id], end))

        if data:
            self._database.scan(data, match_event_handler=on_match)
        return iter(found)


class AhoCorasickPrefilter:
    backend = "aho-corasick"

    def __init__(self, keywords: Sequence[str]) -> None:
        import ahocorasick

        # Latin-1 maps each byte to one character, so string offsets are byte offsets.
        self._automaton: Any = ahocorasick.Automaton()
        for index, keyword in enumerate(keywords):
            encoded = keyword.lower().encode().decode("latin-1")
            self._automaton.add_word(encoded, (index, len(encoded)))
        self._automaton.make_automaton()

    def hits(self, data: bytes) -> Iterator[tuple[int, int, int]]:
        for end, (index, length) in self._automaton.iter(data.lower().decode("latin-1")):
            yield index, end - length + 1, end + 1


class RegexPrefilter:
    """Case-insensitive regular expressions with Python's `re` (where Hyperscan is unavailable)."""

    backend = "re"

    def __init__(self, patterns: Sequence[str]) -> None:
        self._patterns = [re.compile(pattern.encode(), re.IGNORECASE) for pattern in patterns]

    def hits(self, data: bytes) -> Iterator[tuple[int, int, int]]:
        for index, pattern in enumerate(self._patterns):
            for match in pattern.finditer(data):
                yield index, match.end(), match.end()


def build_prefilter(keywords: Sequence[str]) -> Prefilter:
    """The fastest backend available on this machine."""
    try:
        return HyperscanPrefilter(keywords)
    except ImportError:
        return AhoCorasickPrefilter(keywords)


def build_pattern_prefilter(patterns: Sequence[str]) -> Prefilter:
    """As `build_prefilter`, for regular expressions (Hyperscan, else `re`)."""
    try:
        return HyperscanPrefilter(patterns, patterns=True)
    except ImportError:
        return RegexPrefilter(patterns)
