"""`--format-hint auto`: the format of each line guessed from its first characters, cheaply.

A JSON object starts with `{`, a syslog message from the network with `<PRI>`, an audit record
with `type=` or `node=`, an rsyslog file line with an ISO date, a BSD syslog line with a month
name, an access log line with the client address (or a virtual host). One source may mix
formats (an attack replay of nginx and sshd lines): each line goes to the parsers its first
characters point to, most likely first. The formats seen in a source's first lines are kept
as `detected` for the run summary.
"""

from __future__ import annotations

import re
from collections import Counter

from pavedroad.monitor.model import Event, Origin
from pavedroad.monitor.parsers.access import AccessLogParser
from pavedroad.monitor.parsers.audit import AuditParser
from pavedroad.monitor.parsers.base import Parser
from pavedroad.monitor.parsers.registry import ParserOptions, all_json
from pavedroad.monitor.parsers.syslog import SyslogParser

DETECTION_LINES = 20
# nginx and Apache write the same combined format: a file named after Apache is Apache's
_APACHE_NAMES = re.compile(r"apache|httpd", re.IGNORECASE)


class AutoParser:
    """Dispatches each line by its first characters; remembers what the first lines were."""

    name = "auto"

    def __init__(self, source: str, options: ParserOptions | None = None) -> None:
        access = AccessLogParser("apache" if _APACHE_NAMES.search(source) else "nginx")
        syslog = SyslogParser()
        audit = AuditParser()
        self._json: tuple[Parser, ...] = (all_json(options or ParserOptions()),)
        self._syslog_first: tuple[Parser, ...] = (syslog, access)
        self._access_first: tuple[Parser, ...] = (access, syslog)
        self._access_parse = access.parse
        self._audit_first: tuple[Parser, ...] = (audit, syslog, access)
        self._seen: Counter[str] = Counter()
        self._sampled = 0

    def candidates(self, line: str) -> tuple[Parser, ...]:
        """The parsers a line may be for, most likely first."""
        first = line[:1]
        if first.isdigit():
            # 2024-03-05T10:00:01 (rsyslog) rather than 203.0.113.9 (a client address)
            return self._syslog_first if line[4:5] == "-" and line[7:8] == "-" else self._access_first
        if first == "{" or first == " ":
            return self._json
        if first == "<" or first.isupper():  # <PRI>, or "Mar  5 10:00:01 host sshd[1]: ..."
            return self._syslog_first
        if first in "tn" and (line.startswith("type=") or line.startswith("node=")):
            return self._audit_first
        return self._access_first  # a virtual host or an IPv6 client in front

    def parse(self, line: str, origin: Origin) -> Event | None:
        """The Event of the first candidate parser that understands the line."""
        first = line[:1]
        if first.isdigit() and not (line[4:5] == "-" and line[7:8] == "-"):
            # the usual access log line, decided and (once the first lines are sampled) parsed inline
            if self._sampled >= DETECTION_LINES:
                event = self._access_parse(line, origin)
                if event is not None:
                    return event
            candidates = self._access_first
        else:
            candidates = self.candidates(line)
        for parser in candidates:
            event = parser.parse(line, origin)
            if event is not None:
                if self._sampled < DETECTION_LINES:
                    self._sampled += 1
                    self._seen[event.kind] += 1
                return event
        return None

    @property
    def detected(self) -> list[str]:
        """The kinds of the first parsed lines, most frequent first ([] before any)."""
        return [kind for kind, _ in self._seen.most_common()]


def detect_format(lines: list[str], source: str = "") -> list[str]:
    """The kinds of a sample of lines, most frequent first (what `auto` would make of them)."""
    parser = AutoParser(source)
    for number, line in enumerate(lines[:DETECTION_LINES], 1):
        parser.parse(line, Origin(source, str(number)))
    return parser.detected
