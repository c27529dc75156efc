"""Privilege escalation sequences in auth logs: failed sudo/su attempts, then a success.

(A user added to sudoers or a privileged group is a single log line, so it is a Sigma rule:
rules/sigma/linux_user_added_to_privileged_group.yml.)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pavedroad.core.findings import Severity
from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.detect.stateful.base import ConfiguredDetector
from pavedroad.monitor.detect.stateful.logins import AUTH_KINDS
from pavedroad.monitor.detect.stateful.window import BoundedMap, SlidingCount
from pavedroad.monitor.model import ACTION, OUTCOME, PROGRAM, USER, Event

ELEVATION_AFTER_FAILURES = RuleInfo(
    "monitor/privilege-escalation-after-failures",
    "sudo/su success after repeated failures",
    Severity.HIGH,
    ("T1548.003", "T1110"),
    "A user failed sudo or su several times, then succeeded: password guessing for elevation.",
)

_ELEVATION_PROGRAMS = frozenset({"sudo", "su"})


@dataclass(frozen=True, slots=True)
class PrivilegeEscalationSettings:
    """`[monitor.detect.privesc]`."""

    enabled: bool = True
    window: float = 600.0
    failures: int = 3


class _User:
    __slots__ = ("failures", "recent")

    def __init__(self) -> None:
        self.failures = SlidingCount()
        self.recent: deque[str] = deque(maxlen=4)


def _elevation_program(fields: Mapping[str, Any]) -> str | None:
    """The sudo/su-like program an event is from, or None."""
    program = fields.get(PROGRAM) or fields.get(ACTION)
    return program if program in _ELEVATION_PROGRAMS else None


class PrivilegeEscalationDetector(ConfiguredDetector[PrivilegeEscalationSettings]):
    """Failed elevation attempts followed by a successful one, per user."""

    name = "privesc"
    kinds = AUTH_KINDS | {"syslog"}  # sudo and su lines come from the syslog parser

    def _start(self) -> None:
        self._users: BoundedMap[str, _User] = BoundedMap(_User, self.max_entities)

    def _relevant(self, batch: EventBatch) -> Iterable[Event]:
        return [event for event in batch.of_kinds(self.kinds) if _elevation_program(event.fields) is not None]

    def _observe(self, event: Event, at: float, now: float) -> None:
        fields = event.fields
        program = _elevation_program(fields)
        user = fields.get(USER)
        outcome = fields.get(OUTCOME)
        if program is None or not user:
            return
        window = self.settings.window
        if outcome == "failure":
            state = self._users.get(user)
            state.failures.add(at, now, window)
            state.recent.append(event.raw)
        elif outcome == "success":
            known = self._users.peek(user)
            if known is None:
                return
            failures = known.failures.count(now, window)
            if failures >= self.settings.failures:
                evidence = (*known.recent, event.raw)
                details = {"failures_in_window": failures, "program": program}
                self.grouper.add(ELEVATION_AFTER_FAILURES, f"user:{user}", at, now, evidence=evidence, details=details)
                known.failures.times.clear()
