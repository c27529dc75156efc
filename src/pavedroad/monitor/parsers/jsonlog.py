"""JSON lines of applications: fields mapped to the normalised names, everything else kept.

The mapping says, for each normalised name, which key of the record holds it (a dotted path
for nested objects); by default the usual names are tried in order (`timestamp`, `@timestamp`,
`time`, `ts` ...). Configure it with `[monitor.json_fields]`, e.g. `"source.ip" = "req.remote"`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pavedroad.monitor.model import (
    HTTP_METHOD,
    HTTP_STATUS,
    MESSAGE,
    SOURCE_IP,
    URL_PATH,
    USER,
    USER_AGENT,
    Event,
    Origin,
)
from pavedroad.monitor.parsers.base import RecordParser
from pavedroad.monitor.parsers.records import flatten, lookup
from pavedroad.monitor.parsers.timestamps import parse_any

TIMESTAMP = "timestamp"  # the mapping key that names where the event time is
LEVEL = "log.level"
DEFAULT_FIELDS: Mapping[str, Sequence[str]] = {
    TIMESTAMP: ("timestamp", "@timestamp", "time", "ts", "datetime", "date"),
    MESSAGE: ("message", "msg", "log"),
    LEVEL: ("level", "severity", "lvl"),
    SOURCE_IP: ("client_ip", "remote_addr", "source_ip", "src_ip", "clientip", "ip"),
    USER: ("user", "username", "user_id", "userId"),
    HTTP_METHOD: ("method", "http_method"),
    URL_PATH: ("path", "url", "uri"),
    HTTP_STATUS: ("status", "status_code", "statusCode"),
    USER_AGENT: ("user_agent", "userAgent", "http_user_agent"),
}
_SCALARS = (str, int, float, bool)


class JsonLogParser:
    """Any JSON object; normalised fields added from the mapping (configured names win)."""

    name = "json"

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self.candidates: dict[str, tuple[str, ...]] = {key: tuple(names) for key, names in DEFAULT_FIELDS.items()}
        for target, path in (mapping or {}).items():
            self.candidates[target] = (path,)

    def accepts(self, record: Mapping[str, Any]) -> bool:
        """Every object: this is the fallback after the specific JSON formats."""
        return True

    def from_record(self, record: Mapping[str, Any], line: str, origin: Origin) -> Event | None:
        """An Event of kind "json"."""
        fields = flatten(record)
        timestamp = None
        for target, paths in self.candidates.items():
            for path in paths:
                value = fields.get(path)
                if value is None and "." in path:
                    value = lookup(record, path)
                if value is None or not isinstance(value, _SCALARS):
                    continue
                if target == TIMESTAMP:
                    timestamp = parse_any(value)
                elif target == HTTP_STATUS:
                    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
                        fields[target] = int(value)
                else:
                    fields[target] = value
                break
        return Event(self.name, timestamp, fields, line, origin)


class JsonParser:
    """Decodes a JSON line once and hands the object to the first record parser accepting it."""

    def __init__(self, name: str, record_parsers: Sequence[RecordParser]) -> None:
        self.name = name
        self.record_parsers = tuple(record_parsers)

    def parse(self, line: str, origin: Origin) -> Event | None:
        """An Event, or None when the line is not a JSON object or no parser takes it."""
        if line[:1] != "{" and not line.lstrip().startswith("{"):
            return None
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            return None
        if not isinstance(record, dict):
            return None
        for parser in self.record_parsers:
            if parser.accepts(record):
                return parser.from_record(record, line, origin)
        return None
