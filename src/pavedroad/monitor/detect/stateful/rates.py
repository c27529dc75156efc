"""Impossible request rates per API token: more requests than a person or a sane client makes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pavedroad.core.findings import Severity
from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.detect.stateful.base import ConfiguredDetector
from pavedroad.monitor.detect.stateful.window import BoundedMap, SlidingCount
from pavedroad.monitor.model import TOKEN, Event

TOKEN_RATE = RuleInfo(
    "monitor/token-request-rate",
    "Impossible request rate for one token",
    Severity.HIGH,
    ("T1550.001",),
    "One bearer token or API key made more requests in the window than its legitimate owner could.",
)


@dataclass(frozen=True, slots=True)
class TokenRateSettings:
    """`[monitor.detect.rates]`: at most `requests` per `window` seconds per token."""

    enabled: bool = True
    window: float = 10.0
    requests: int = 200


class TokenRateDetector(ConfiguredDetector[TokenRateSettings]):
    """Requests per `auth.token_id` in a sliding window."""

    name = "rates"
    # Any parser may attach a token id (web logs, JSON application logs, CloudTrail).
    kinds = frozenset({"nginx", "apache", "json", "cloudtrail", "k8s_audit"})

    def _start(self) -> None:
        self._tokens: BoundedMap[str, SlidingCount] = BoundedMap(SlidingCount, self.max_entities)

    def _relevant(self, batch: EventBatch) -> Iterable[Event]:
        return [event for event in batch.of_kinds(self.kinds) if TOKEN in event.fields]

    def _observe(self, event: Event, at: float, now: float) -> None:
        token = event.fields.get(TOKEN)
        if not token:
            return
        window = self.settings.window
        count = self._tokens.get(token).add(at, now, window)
        if count > self.settings.requests:
            self._exceeded(TOKEN_RATE, f"token:{token}", at, now, total=count, window=window, evidence=(event.raw,))
