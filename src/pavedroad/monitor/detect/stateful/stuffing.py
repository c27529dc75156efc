"""Credential stuffing: failed logins for many users from many addresses against one endpoint.

Stuffing spreads leaked username/password pairs over many source addresses, so no single
source crosses the brute force threshold; the endpoint (a login path, an SSH host, the
AWS console) is the entity instead. Web access logs rarely name the user; when an endpoint
has seen no user names at all, the distinct-user condition is waived.
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

CREDENTIAL_STUFFING = RuleInfo(
    "monitor/credential-stuffing",
    "Credential stuffing",
    Severity.HIGH,
    ("T1110.004",),
    "Failed logins for many different users from many source addresses against one login endpoint.",
)


@dataclass(frozen=True, slots=True)
class CredentialStuffingSettings:
    """`[monitor.detect.stuffing]`."""

    enabled: bool = True
    window: float = 600.0
    failures: int = 30
    sources: int = 10
    users: int = 10


class _Endpoint:
    __slots__ = ("failures", "recent", "sources", "users")

    def __init__(self) -> None:
        self.failures = SlidingCount()
        self.sources = SlidingDistinct()
        self.users = SlidingDistinct()
        self.recent: deque[str] = deque(maxlen=5)


class CredentialStuffingDetector(LoginThresholdDetector[CredentialStuffingSettings]):
    """Credential stuffing per login endpoint."""

    name = "stuffing"
    kinds = LOGIN_KINDS

    def _start(self) -> None:
        self._endpoints: BoundedMap[str, _Endpoint] = BoundedMap(_Endpoint, self.max_entities)

    def _observe(self, event: Event, at: float, now: float) -> None:
        attempt = self.facts.login(event)
        if attempt is None or attempt.success:
            return
        settings = self.settings
        window = settings.window
        state = self._endpoints.get(attempt.endpoint)
        failures = state.failures.add(at, now, window)
        sources = (
            state.sources.add(at, attempt.source, now, window)
            if attempt.source
            else state.sources.distinct(now, window)
        )
        users = state.users.add(at, attempt.user, now, window) if attempt.user else state.users.distinct(now, window)
        state.recent.append(event.raw)
        if failures < settings.failures or sources < settings.sources or 0 < users < settings.users:
            return
        details = {"distinct_sources": sources, "distinct_users": users}
        self._exceeded(
            CREDENTIAL_STUFFING,
            f"endpoint:{attempt.endpoint}",
            at,
            now,
            total=failures,
            window=window,
            evidence=tuple(state.recent),
            details=details,
        )
