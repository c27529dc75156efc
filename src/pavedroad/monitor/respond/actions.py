"""What a playbook does: run a command (argv, never a shell, with a timeout) or POST to a webhook.

`prepare(alert)` resolves everything the alert decides (argv placeholders) and may refuse;
the prepared action is what the audit log records and what `execute()` runs — in dry-run
mode it is only recorded.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from pavedroad.monitor.export.config import Table
from pavedroad.monitor.model import Alert
from pavedroad.monitor.respond.placeholders import CommandTemplate

STDERR_LIMIT = 500


@dataclass(frozen=True, slots=True)
class ActionResult:
    """How an action ended: "ok", "failed" or "timeout", with the exit code / HTTP status and trimmed stderr."""

    result: str
    exit_code: int | None = None
    http_status: int | None = None
    stderr: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PreparedAction:
    """An action resolved for one alert: `target` is {"argv": [...]} or {"url": ...} for the audit log."""

    kind: str
    target: dict[str, Any]
    execute: Callable[[], ActionResult] = field(repr=False)


class Action(Protocol):
    """Resolves an action for an alert; raises PlaceholderError when the alert's values are unsafe."""

    def prepare(self, alert: Alert, playbook: str) -> PreparedAction: ...


class CommandAction:
    """Runs an argv template with subprocess, without a shell, stdin closed, killed after `timeout` seconds."""

    def __init__(self, template: CommandTemplate, timeout: float) -> None:
        self.template = template
        self.timeout = timeout

    def prepare(self, alert: Alert, playbook: str) -> PreparedAction:
        """Render the argv for this alert."""
        argv = self.template.render(alert)
        return PreparedAction("command", {"argv": argv}, lambda: self._run(argv))

    def _run(self, argv: list[str]) -> ActionResult:
        try:
            completed = subprocess.run(
                argv, shell=False, stdin=subprocess.DEVNULL, capture_output=True, timeout=self.timeout, check=False
            )
        except subprocess.TimeoutExpired as expired:
            return ActionResult("timeout", stderr=_trim(expired.stderr), reason=f"killed after {self.timeout:g}s")
        except OSError as error:
            return ActionResult("failed", reason=f"{argv[0]}: {error.strerror}")
        outcome = "ok" if completed.returncode == 0 else "failed"
        return ActionResult(outcome, exit_code=completed.returncode, stderr=_trim(completed.stderr))


class WebhookAction:
    """POSTs `{"playbook": ..., "alert": ...}` as JSON; any 2xx is success."""

    def __init__(self, url: str, headers: dict[str, str], timeout: float) -> None:
        self.url = url
        self.headers = headers
        self.timeout = timeout

    def prepare(self, alert: Alert, playbook: str) -> PreparedAction:
        """Nothing in the URL comes from the alert; the alert travels in the body."""
        body = {"playbook": playbook, "alert": alert.to_dict()}
        return PreparedAction("webhook", {"url": self.url}, lambda: self._post(body))

    def _post(self, body: dict[str, Any]) -> ActionResult:
        try:
            response = httpx.post(self.url, json=body, headers=self.headers, timeout=self.timeout)
        except httpx.HTTPError as error:
            return ActionResult("failed", reason=type(error).__name__)
        return ActionResult("ok" if response.is_success else "failed", http_status=response.status_code)


def parse_action(table: Table) -> Action:
    """`action = {type = "command", argv = [...], timeout_seconds = 30}` or `{type = "webhook", url = ...}`."""
    kind = table.choice("type", ("command", "webhook"))
    timeout = table.number("timeout_seconds", 30.0, minimum=0.1)
    if kind == "command":
        table.reject_unknown(("type", "argv", "timeout_seconds"))
        return CommandAction(CommandTemplate(table.string_list("argv"), table.where("argv")), timeout)
    table.reject_unknown(("type", "url", "headers", "headers_env", "timeout_seconds"))
    headers = {**table.string_map("headers"), **table.secret_headers("headers_env")}
    return WebhookAction(table.url("url"), headers, timeout)


def _trim(stderr: bytes | str | None) -> str | None:
    if not stderr:
        return None
    text = stderr.decode(errors="replace") if isinstance(stderr, bytes) else stderr
    return text.strip()[-STDERR_LIMIT:]
