"""A response playbook as an AlertSink: match → cooldown → rate limit → act (or, in dry-run, only say so) → audit."""

from __future__ import annotations

import logging
from typing import Any

from pavedroad.monitor.model import Alert
from pavedroad.monitor.respond.actions import Action, ActionResult
from pavedroad.monitor.respond.audit import AuditLog
from pavedroad.monitor.respond.matching import AlertMatch
from pavedroad.monitor.respond.placeholders import PlaceholderError
from pavedroad.monitor.respond.ratelimit import Cooldown, RateLimiter

log = logging.getLogger(__name__)


class Playbook:
    """One `[[monitor.respond.playbooks]]` entry.

    Every alert that matches and is not in cooldown leaves one audit line: "dry_run", "ok",
    "failed", "timeout", "rejected" (an unsafe alert value) or "rate_limited". A dry run
    counts against rate limits and starts the cooldown, so it shows what a real run would do.
    """

    def __init__(
        self,
        name: str,
        match: AlertMatch,
        action: Action,
        *,
        dry_run: bool,
        limiter: RateLimiter,
        cooldown: Cooldown,
        audit: AuditLog,
    ) -> None:
        self.name = name
        self.match = match
        self.action = action
        self.dry_run = dry_run
        self.limiter = limiter
        self.cooldown = cooldown
        self.audit = audit

    def send(self, alert: Alert) -> None:
        """Act on the alert if this playbook applies to it."""
        if not self.match.matches(alert) or self.cooldown.active(alert.entity):
            return
        entry: dict[str, Any] = {"playbook": self.name, "alert_id": alert.id, "rule_id": alert.rule_id,
                                 "entity": alert.entity, "dry_run": self.dry_run}  # fmt: skip
        try:
            prepared = self.action.prepare(alert, self.name)
        except PlaceholderError as refused:
            log.warning("playbook %s: refused alert %s: %s", self.name, alert.id, refused)
            self.audit.record({**entry, "result": "rejected", "reason": str(refused)})
            return
        entry.update({"action": prepared.kind, **prepared.target})
        if not self.limiter.acquire():
            log.warning("playbook %s: rate limit reached, not acting on alert %s", self.name, alert.id)
            self.audit.record({**entry, "result": "rate_limited"})
            return
        self.cooldown.start(alert.entity)
        if self.dry_run:
            log.info("playbook %s (dry run): would run %s %s", self.name, prepared.kind, prepared.target)
            outcome = ActionResult("dry_run")
        else:
            outcome = prepared.execute()
            log.info("playbook %s: %s %s -> %s", self.name, prepared.kind, prepared.target, outcome.result)
        self.audit.record({**entry, "result": outcome.result, "exit_code": outcome.exit_code,
                           "http_status": outcome.http_status, "stderr": outcome.stderr,
                           "reason": outcome.reason})  # fmt: skip

    def close(self) -> None:
        """Nothing to release: the audit log is written line by line."""
