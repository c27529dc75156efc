"""Brute force and password spraying per source address, and a success that follows them.

Per source, failures and the distinct users they targeted are counted in a sliding window.
Many users with few attempts each is spraying (T1110.003); many attempts otherwise is
brute force (T1110.001). A successful login from a source that is (or just was) over
either threshold raises the critical "brute force succeeded".
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from pavedroad.core.findings import Severity
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.detect.stateful.base import LoginThresholdDetector
from pavedroad.monitor.detect.stateful.logins import LOGIN_KINDS
from pavedroad.monitor.detect.stateful.window import BoundedMap, SlidingCount, SlidingDistinct
from pavedroad.monitor.model import Event

BRUTE_FORCE = RuleInfo(
    "monitor/brute-force",
    "Brute force login attempts",
    Severity.MEDIUM,
    ("T1110.001",),
    "Many failed logins from one source address within the window.",
)
PASSWORD_SPRAYING = RuleInfo(
    "monitor/password-spraying",
    "Password spraying",
    Severity.HIGH,
    ("T1110.003",),
    "Failed logins for many different users from one source address, few attempts each.",
)
BRUTE_FORCE_SUCCEEDED = RuleInfo(
    "monitor/brute-force-succeeded",
    "Brute force succeeded",
    Severity.CRITICAL,
    ("T1110", "T1078"),
    "A successful login from a source address right after it exceeded the brute force or spraying threshold.",
)


@dataclass(frozen=True, slots=True)
class BruteForceSettings:
    """`[monitor.detect.bruteforce]`."""

    enabled: bool = True
    window: float = 300.0
    failures: int = 10
    spray_users: int = 5
    spray_attempts_per_user: int = 3


class _Source:
    __slots__ = ("failures", "flagged_until", "recent", "users")

    def __init__(self) -> None:
        self.flagged_until = float("-inf")
        self.failures = SlidingCount()
        self.users = SlidingDistinct()
        self.recent: deque[str] = deque(maxlen=4)


class BruteForceDetector(LoginThresholdDetector[BruteForceSettings]):
    """Brute force, password spraying and brute force followed by success, per source."""

    name = "bruteforce"
    kinds = LOGIN_KINDS

    def _start(self) -> None:
        self._sources: BoundedMap[str, _Source] = BoundedMap(_Source, self.max_entities)

    def _observe(self, event: Event, at: float, now: float) -> None:
        attempt = self.facts.login(event)
        if attempt is None or attempt.source is None:
            return
        settings = self.settings
        window = settings.window
        entity = f"ip:{attempt.source}"
        if attempt.success:
            state = self._sources.peek(attempt.source)
            if state is None or at > state.flagged_until:
                return
            failures = state.failures.count(now, window)
            evidence = (*state.recent, event.raw)
            details = {"user": attempt.user, "failures_in_window": failures, "endpoint": attempt.endpoint}
            self.grouper.add(BRUTE_FORCE_SUCCEEDED, entity, at, now, evidence=evidence, details=details)
            return
        state = self._sources.get(attempt.source)
        failures = state.failures.add(at, now, window)
        users = state.users.add(at, attempt.user, now, window) if attempt.user else state.users.distinct(now, window)
        state.recent.append(event.raw)
        spraying = users >= settings.spray_users and failures <= users * settings.spray_attempts_per_user
        if spraying:
            rule = PASSWORD_SPRAYING
        elif failures >= settings.failures:
            rule = BRUTE_FORCE
        else:
            return
        state.flagged_until = now + window
        details = {"distinct_users": users, "endpoint": attempt.endpoint}
        evidence = tuple(state.recent)
        self._exceeded(rule, entity, at, now, total=failures, window=window, evidence=evidence, details=details)
