"""The interface every source implements."""

from __future__ import annotations

from typing import Protocol

from pavedroad.monitor.ingest.lines import Line


class Source(Protocol):
    """A stream of log lines.

    `poll` never blocks for long: it returns what is available now (possibly nothing).
    `commit` says every line returned so far has been handled (offsets are saved, stream
    entries acknowledged). `exhausted` is true once nothing more can come in a replay (`--once`).
    """

    name: str

    def poll(self, max_lines: int) -> list[Line]: ...

    def commit(self) -> None: ...

    @property
    def exhausted(self) -> bool: ...

    def close(self) -> None: ...
