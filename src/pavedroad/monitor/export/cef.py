"""ArcSight Common Event Format (CEF:0) for an alert, with the escaping the CEF specification requires.

Header fields escape `\\` and `|` and may not span lines; extension values escape `\\`,
`=` and line breaks (`\\n`, `\\r`), so nothing inside an alert can forge another field.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pavedroad import __version__

# CEF severity is 0-10: 0-3 low, 4-6 medium, 7-8 high, 9-10 very high.
CEF_SEVERITY = {"info": 0, "low": 3, "medium": 5, "high": 8, "critical": 10}
MAX_MESSAGE = 1023  # the length ArcSight keeps of `msg`


def escape_header(value: str) -> str:
    """A header field: backslash and pipe escaped, line breaks folded to spaces."""
    escaped = value.replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(escaped.splitlines()) if "\n" in escaped or "\r" in escaped else escaped


def escape_extension(value: str) -> str:
    """An extension value: backslash, equals sign and line breaks escaped."""
    escaped = value.replace("\\", "\\\\").replace("=", "\\=")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r")


def format_cef(alert: Mapping[str, Any]) -> str:
    """The CEF line for an alert in its public JSON form (`Alert.to_dict()`)."""
    header = [
        "CEF:0",
        "pavedroad",
        "pavedroad",
        __version__,
        str(alert["rule_id"]),
        str(alert["title"]),
        str(CEF_SEVERITY.get(str(alert["severity"]), 5)),
    ]
    extension = " ".join(f"{key}={escape_extension(value)}" for key, value in _extensions(alert))
    return "|".join(escape_header(field) for field in header) + "|" + extension


def _extensions(alert: Mapping[str, Any]) -> list[tuple[str, str]]:
    fields = [
        ("externalId", str(alert["id"])),
        ("rt", _milliseconds(alert["window_end"])),
        ("start", _milliseconds(alert["window_start"])),
        ("end", _milliseconds(alert["window_end"])),
        ("cnt", str(alert.get("count", 1))),
    ]
    entity = str(alert.get("entity", ""))
    kind, _, value = entity.partition(":")
    fields.extend(_entity_fields(kind, value))
    fields.extend([("cs1Label", "entity"), ("cs1", entity)])
    if alert.get("attack"):
        fields.extend([("cs2Label", "mitreAttack"), ("cs2", ",".join(map(str, alert["attack"])))])
    if alert.get("description"):
        fields.append(("msg", str(alert["description"])[:MAX_MESSAGE]))
    return fields


def _entity_fields(kind: str, value: str) -> list[tuple[str, str]]:
    """The CEF key a SIEM correlates on: src/c6a2 for addresses, suser for users, shost for hosts."""
    if kind == "ip":
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return []
        return [("src", str(address))] if address.version == 4 else [("c6a2", str(address))]
    return {"user": [("suser", value)], "host": [("shost", value)]}.get(kind, [])


def _milliseconds(timestamp: str) -> str:
    moment = datetime.fromisoformat(timestamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return str(int(moment.timestamp() * 1000))
