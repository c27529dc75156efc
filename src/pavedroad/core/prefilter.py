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

    def __init__(self, keywords: Sequence[str]) -> None:
        import hyperscan

        self._lengths = [len(keyword.encode()) for keyword in keywords]
        self._database: Any = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._database.compile(
            expressions=[re.escape(keyword).encode() for keyword in keywords],
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


def build_prefilter(keywords: Sequence[str]) -> Prefilter:
    """The fastest backend available on this machine."""
    try:
        return HyperscanPrefilter(keywords)
    except ImportError:
        return AhoCorasickPrefilter(keywords)
