"""The interface of a parser, and of the JSON parsers that share one `json.loads` per line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from pavedroad.monitor.model import (
    HOST,
    HTTP_METHOD,
    HTTP_REFERER,
    HTTP_STATUS,
    HTTP_VHOST,
    MESSAGE,
    PROGRAM,
    SOURCE_IP,
    URL_PATH,
    URL_QUERY,
    USER,
    USER_AGENT,
    Event,
    Origin,
)

# Not Event fields, but what rules and screens read like fields: the raw line itself, and the
# path and query joined as the client sent them ("/a?b=c"; Sigma's `c-uri`).
RAW_LINE = "<raw>"
URL_FULL = "url.full"


class Parser(Protocol):
    """Turns one line into an Event, or None when the line is not in its format."""

    name: str

    def parse(self, line: str, origin: Origin) -> Event | None: ...


class RecordParser(Protocol):
    """A parser of already-decoded JSON objects (Kubernetes audit, CloudTrail, JSON app logs)."""

    name: str

    def accepts(self, record: Mapping[str, Any]) -> bool: ...

    def from_record(self, record: Mapping[str, Any], line: str, origin: Origin) -> Event | None: ...


# The Event fields whose values the parser of a kind copies verbatim out of the raw line (an
# integer as its digits): a literal in such a field is a literal in the raw line, so a screen
# over raw lines (detect/screen.py) can stand in for testing the field. Not listed: values
# the parser builds (an action, an outcome, "-" read as 0 bytes) and every field of JSON-based
# kinds (JSON escapes mean a value need not appear as such in its line).
_WEB_VERBATIM = frozenset(
    {RAW_LINE, SOURCE_IP, USER, HTTP_METHOD, URL_FULL, URL_PATH, URL_QUERY, HTTP_STATUS, USER_AGENT, HTTP_VHOST,
     HTTP_REFERER}
)  # fmt: skip
_SYSLOG_VERBATIM = frozenset({RAW_LINE, HOST, PROGRAM, MESSAGE, USER, SOURCE_IP})
VERBATIM_FIELDS: Mapping[str, frozenset[str]] = {
    "nginx": _WEB_VERBATIM,
    "apache": _WEB_VERBATIM,
    "sshd": _SYSLOG_VERBATIM,
    "syslog": _SYSLOG_VERBATIM,
}
