"""Filling command templates from alert fields without letting a log line choose the arguments.

A template is an argv list; `{ip}`, `{user}`, `{host}`, `{rule_id}` and `{alert_id}` are
replaced inside each argument, and every value must pass a strict check first: an ip must
parse as an IP address, a user or host must match a conservative pattern that forbids
spaces, quotes, separators and a leading dash. A value that fails refuses the whole action.
Other braces are left alone, so nft's `{ {ip} }` set syntax works.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from pathlib import PurePath

from pavedroad.core.errors import UsageError
from pavedroad.monitor.model import HOST, SOURCE_IP, USER, Alert

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
USER_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}")
HOST_NAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)
RULE_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*(?:/[a-z0-9][a-z0-9_.-]*)*")
ALERT_ID = re.compile(r"[0-9a-f]{24}")
# A shell would re-parse its arguments, undoing everything above.
SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "csh", "tcsh", "busybox",
                    "cmd", "cmd.exe", "powershell", "pwsh"})  # fmt: skip


class PlaceholderError(ValueError):
    """An alert value that may not go into a command line (missing or failing its check)."""


def _entity_or_field(alert: Alert, kind: str, field: str) -> object:
    entity_kind, _, value = alert.entity.partition(":")
    return value if entity_kind == kind else alert.details.get(field)


def _checked(name: str, value: object, pattern: re.Pattern[str]) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise PlaceholderError(f"{{{name}}}: {str(value)[:80]!r} is not an acceptable {name}")
    return value


def _ip(alert: Alert) -> str:
    value = _entity_or_field(alert, "ip", SOURCE_IP)
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError:
        raise PlaceholderError(f"{{ip}}: {str(value)[:80]!r} is not an IP address") from None


VALUES: dict[str, Callable[[Alert], str]] = {
    "ip": _ip,
    "user": lambda alert: _checked("user", _entity_or_field(alert, "user", USER), USER_NAME),
    "host": lambda alert: _checked("host", _entity_or_field(alert, "host", HOST), HOST_NAME),
    "rule_id": lambda alert: _checked("rule_id", alert.rule_id, RULE_ID),
    "alert_id": lambda alert: _checked("alert_id", alert.id, ALERT_ID),
}


class CommandTemplate:
    """An argv list with placeholders, checked when the config is read."""

    def __init__(self, argv: list[str], where: str) -> None:
        if PLACEHOLDER.search(argv[0]):
            raise UsageError(f"{where}[0]: the program may not come from an alert field")
        if PurePath(argv[0]).name in SHELLS:
            raise UsageError(f"{where}[0]: {argv[0]!r} is a shell; give the program and its arguments directly")
        for position, argument in enumerate(argv):
            for name in PLACEHOLDER.findall(argument):
                if name not in VALUES:
                    known = ", ".join(f"{{{known}}}" for known in VALUES)
                    raise UsageError(f"{where}[{position}]: unknown placeholder {{{name}}} (known: {known})")
        self.argv = argv

    def render(self, alert: Alert) -> list[str]:
        """The argv for this alert; PlaceholderError when a value is missing or unsafe."""
        cache: dict[str, str] = {}

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in cache:
                cache[name] = VALUES[name](alert)
            return cache[name]

        return [PLACEHOLDER.sub(value, argument) for argument in self.argv]
