"""Response playbooks of `pavedroad monitor`: alert match → command or webhook, dry-run by default.

`build_playbooks(config)` reads `config["respond"]` (the `[monitor.respond]` table) and
returns one Playbook (an AlertSink) per `[[monitor.respond.playbooks]]` entry. They share
the global rate limit and the audit log.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pavedroad.core.errors import UsageError
from pavedroad.monitor.export.config import Table
from pavedroad.monitor.model import AlertSink
from pavedroad.monitor.respond.actions import parse_action
from pavedroad.monitor.respond.audit import AuditLog
from pavedroad.monitor.respond.matching import parse_match
from pavedroad.monitor.respond.playbook import Playbook
from pavedroad.monitor.respond.ratelimit import Clock, Cooldown, RateLimiter, TokenBucket

RESPOND_KEYS = ("dry_run", "audit_log", "max_actions_per_minute", "playbooks")
PLAYBOOK_KEYS = ("name", "match", "action", "cooldown_seconds", "max_actions_per_minute", "dry_run")


def build_playbooks(config: Mapping[str, Any], *, clock: Clock = time.monotonic) -> list[AlertSink]:
    """One Playbook per configured entry; a UsageError naming the key for any bad value.

    `clock` (monotonic seconds) drives rate limits and cooldowns; tests pass a fake one.
    """
    if "respond" not in config:
        return []
    respond = Table(config["respond"], "monitor.respond")
    respond.reject_unknown(RESPOND_KEYS)
    dry_run = respond.boolean("dry_run", True)
    shared = TokenBucket(respond.integer("max_actions_per_minute", 30, minimum=1), clock)
    tables = respond.tables("playbooks")
    if not tables:
        return []
    # Every action, taken or not, must be accounted for: no playbooks without an audit log.
    audit = AuditLog(Path(respond.string("audit_log")))
    playbooks: list[AlertSink] = []
    names: set[str] = set()
    for table in tables:
        table.reject_unknown(PLAYBOOK_KEYS)
        name = table.string("name")
        if name in names:
            raise UsageError(f"{table.where('name')}: {name!r} is used by two playbooks")
        names.add(name)
        per_minute = table.integer("max_actions_per_minute", shared_rate(shared), minimum=1)
        playbooks.append(
            Playbook(
                name,
                parse_match(table.table("match") if "match" in table.data else Table({}, table.where("match"))),
                parse_action(table.table("action")),
                dry_run=table.boolean("dry_run", dry_run),
                limiter=RateLimiter(TokenBucket(per_minute, clock), shared),
                cooldown=Cooldown(table.number("cooldown_seconds", 300.0), clock),
                audit=audit,
            )
        )
    return playbooks


def shared_rate(bucket: TokenBucket) -> int:
    """A playbook without its own limit gets the global one."""
    return int(bucket.capacity)


__all__ = ["Playbook", "build_playbooks"]
