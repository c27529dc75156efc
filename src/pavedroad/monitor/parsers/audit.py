"""Linux audit log records (`type=USER_LOGIN msg=audit(1700000000.123:42): ...`), raw or enriched.

Keys keep their audit names (`type`, `syscall`, `exe`, `key`, ...); the quoted `msg='...'` of
user-space records is opened and merged; hex-encoded values of text keys are decoded; the
enriched part after `\\x1d` (`UID="root"`) is kept under its upper-case names.
"""

from __future__ import annotations

import re
from typing import Any

from pavedroad.monitor.model import ACTION, HOST, OUTCOME, PROGRAM, SOURCE_IP, USER, Event, Origin
from pavedroad.monitor.parsers.timestamps import parse_epoch

AUDIT_SERIAL = "audit.serial"
_HEADER = re.compile(r"(?:node=(\S+) )?type=(\S+) msg=audit\((\d+(?:\.\d+)?):(\d+)\): ?(.*)", re.DOTALL)
_PAIR = re.compile(r"""([A-Za-z_][\w-]*)=("[^"]*"|'[^']*'|\S*)""")
_HEX_KEYS = frozenset({"acct", "exe", "comm", "cmd", "proctitle", "cwd", "name", "data", "old", "new"})
_ABSENT = frozenset({"", "?", "(null)", "(none)"})
_FAILED = frozenset({"failed", "no", "fail"})


def _decode_hex(value: str) -> str:
    """Audit writes a value as hex when it holds spaces or control characters."""
    if len(value) % 2 or not all(character in "0123456789ABCDEFabcdef" for character in value):
        return value
    return bytes.fromhex(value).replace(b"\0", b" ").decode("utf-8", errors="replace")


def audit_pairs(text: str) -> dict[str, Any]:
    """The key=value pairs of an audit record body, the quoted `msg='...'` opened."""
    pairs: dict[str, Any] = {}
    for key, value in _PAIR.findall(text):
        if value[:1] == "'":
            pairs.update(audit_pairs(value[1:-1]))
            continue
        if value[:1] == '"':
            value = value[1:-1]
        elif key in _HEX_KEYS:
            value = _decode_hex(value)
        if value not in _ABSENT:
            pairs[key] = value
    return pairs


class AuditParser:
    """auditd log lines to Events of kind "auditd"."""

    name = "auditd"

    def parse(self, line: str, origin: Origin) -> Event | None:
        """An Event with the record's own keys and the normalised user, address, outcome."""
        match = _HEADER.match(line)
        if match is None:
            return None
        node, record_type, stamp, serial, body = match.groups()
        raw, _, enriched = body.partition("\x1d")
        fields = audit_pairs(raw)
        if enriched:
            fields.update(audit_pairs(enriched))
        fields["type"] = record_type
        fields[AUDIT_SERIAL] = int(serial)
        fields[ACTION] = fields.get("op", record_type)
        if node:
            fields[HOST] = node
        user = fields.get("acct") or fields.get("AUID")
        if user:
            fields[USER] = user
        if "addr" in fields:
            fields[SOURCE_IP] = fields["addr"]
        result = fields.get("res", fields.get("success"))
        if result is not None:
            fields[OUTCOME] = "failure" if result in _FAILED else "success"
        program = fields.get("comm") or fields.get("exe")
        if program:
            fields[PROGRAM] = program.rsplit("/", 1)[-1]
        return Event(self.name, parse_epoch(stamp), fields, line, origin)
