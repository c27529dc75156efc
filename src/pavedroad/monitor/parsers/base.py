"""The interface of a parser, and of the JSON parsers that share one `json.loads` per line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from pavedroad.monitor.model import Event, Origin


class Parser(Protocol):
    """Turns one line into an Event, or None when the line is not in its format."""

    name: str

    def parse(self, line: str, origin: Origin) -> Event | None: ...


class RecordParser(Protocol):
    """A parser of already-decoded JSON objects (Kubernetes audit, CloudTrail, JSON app logs)."""

    name: str

    def accepts(self, record: Mapping[str, Any]) -> bool: ...

    def from_record(self, record: Mapping[str, Any], line: str, origin: Origin) -> Event | None: ...
