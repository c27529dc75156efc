"""Syslog lines: RFC 3164 (BSD), RFC 5424, and the RFC 3339-stamped files rsyslog writes.

The header gives host, program, pid and message; auth programs' messages are then read by the
rules in auth.py. Events of sshd are of kind "sshd", every other program's of kind "syslog".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from pavedroad.monitor.model import HOST, MESSAGE, PROGRAM, Event, Origin, event_of
from pavedroad.monitor.parsers import auth
from pavedroad.monitor.parsers.timestamps import TimestampCache, bsd_parser, parse_iso

PROCESS_ID = "process.pid"
FACILITY = "syslog.facility"
SEVERITY = "syslog.severity"
MESSAGE_ID = "syslog.msgid"
STRUCTURED_DATA = "syslog.structured_data"

_TAG = r"([^\s:\[]+)(?:\[(\d+)\])?: ?(.*)"
_BSD = re.compile(r"([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (\S+) " + _TAG, re.DOTALL)
_ISO = re.compile(r"(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\S*) (\S+) " + _TAG, re.DOTALL)
_SD_ELEMENT = r"\[(?:[^\]\\]|\\.)*\]"
_RFC5424 = re.compile(rf"1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:{_SD_ELEMENT})+)(?: (.*))?", re.DOTALL)
_PRIORITY = re.compile(r"<(\d{1,3})>")


class SyslogParser:
    """Syslog lines with or without a `<PRI>` prefix (files, or messages from the listener)."""

    name = "syslog"

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        self._bsd_time = TimestampCache(bsd_parser(now or (lambda: datetime.now(UTC))))
        self._iso_time = TimestampCache(parse_iso)

    def parse(self, line: str, origin: Origin) -> Event | None:
        """An Event of kind "sshd" or "syslog", or None when the line has no syslog header."""
        fields: dict[str, Any] = {}
        text = line
        if text.startswith("<"):
            priority = _PRIORITY.match(text)
            if priority is None:
                return None
            value = int(priority.group(1))
            fields[FACILITY], fields[SEVERITY] = divmod(value, 8)
            text = text[priority.end() :]
            if text.startswith("1 "):
                return self._rfc5424(text, line, origin, fields)
        first = text[:1]
        if first.isdigit():
            match = _ISO.match(text)
            time = self._iso_time
        else:
            match = _BSD.match(text)
            time = self._bsd_time
        if match is None:
            return None
        stamp, host, program, pid, message = match.groups()
        return self._event(time(stamp), host, program, pid, message, line, origin, fields)

    def _rfc5424(self, text: str, line: str, origin: Origin, fields: dict[str, Any]) -> Event | None:
        match = _RFC5424.match(text)
        if match is None:
            return None
        stamp, host, program, pid, message_id, structured, message = match.groups()
        if message_id != "-":
            fields[MESSAGE_ID] = message_id
        if structured != "-":
            fields[STRUCTURED_DATA] = structured
        timestamp = None if stamp == "-" else self._iso_time(stamp)
        message = (message or "").removeprefix("\ufeff")
        return self._event(timestamp, host, program, pid, message, line, origin, fields)

    @staticmethod
    def _event(
        timestamp: datetime | None,
        host: str,
        program: str,
        pid: str | None,
        message: str,
        line: str,
        origin: Origin,
        fields: dict[str, Any],
    ) -> Event:
        if host != "-":
            fields[HOST] = host
        if program != "-":
            fields[PROGRAM] = program
        if pid and pid != "-" and pid.isdigit():
            fields[PROCESS_ID] = int(pid)
        fields[MESSAGE] = message
        auth.annotate(program, message, fields)
        kind = "sshd" if program in auth.SSHD_PROGRAMS else "syslog"
        return event_of((kind, timestamp, fields, line, origin))
