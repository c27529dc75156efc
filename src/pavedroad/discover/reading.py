"""Reading scanned files within limits: which to skip, their first bytes, their lines, their text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pavedroad.discover.model import DiscoveryError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_PARSE_BYTES = 1024 * 1024
BINARY_SNIFF_BYTES = 8 * 1024


def read_head(path: Path) -> bytes:
    """The first 8 KB of the file: enough to spot binaries, shebangs and content signatures."""
    with path.open("rb") as handle:
        return handle.read(BINARY_SNIFF_BYTES)


def skip_reason(size: int, head: bytes) -> str | None:
    """Why a file of `size` bytes starting with `head` is not read further, or None to read it."""
    if size > MAX_FILE_BYTES:
        return f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB ({size} bytes)"
    if b"\0" in head:
        return "binary file"
    return None


def iter_lines(path: Path) -> Iterator[bytes]:
    """The file's lines as bytes, streamed so a large file never sits in memory whole."""
    with path.open("rb") as handle:
        yield from handle


def read_text_for_parsing(path: Path) -> str:
    """The whole file as text for a parser, refusing files over the parse limit."""
    with path.open("rb") as handle:
        data = handle.read(MAX_PARSE_BYTES + 1)
    if len(data) > MAX_PARSE_BYTES:
        raise DiscoveryError(f"too large to parse (over {MAX_PARSE_BYTES // 1024} KB)")
    return data.decode("utf-8-sig", errors="replace")


def line_at(text: str, offset: int) -> int:
    """The 1-based line number of character `offset` in `text`."""
    return text.count("\n", 0, offset) + 1
