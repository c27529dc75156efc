"""The Sigma detector: compiled rules indexed by Event kind, matches grouped into alerts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from pavedroad.monitor.detect.clock import StreamClock
from pavedroad.monitor.detect.grouping import NO_ALERTS, AlertGrouper
from pavedroad.monitor.detect.sigma.loader import CompiledRule
from pavedroad.monitor.model import Alert, Event


def entity_of(rule: CompiledRule, event: Event) -> str:
    """The alert entity for `event`: the first field of the rule's log source that is present."""
    fields = event.fields
    for name, prefix in rule.source.entities:
        value = fields.get(name)
        if value not in (None, ""):
            return f"{prefix}:{value}"
    return f"source:{event.origin.source or event.kind}"


class SigmaDetector:
    """Runs each Event through the Sigma rules of its kind only."""

    name = "sigma"

    def __init__(
        self, rules: Iterable[CompiledRule], *, group_window: float = 300.0, max_groups: int = 100_000
    ) -> None:
        self.rules = tuple(rules)
        by_kind: dict[str, list[CompiledRule]] = {}
        for rule in self.rules:
            for kind in rule.source.kinds:
                by_kind.setdefault(kind, []).append(rule)
        # An Event only meets the rules written for its log source.
        self._by_kind = {kind: tuple(rules) for kind, rules in by_kind.items()}
        self.clock = StreamClock()
        self.grouper = AlertGrouper(group_window, max_groups)

    def observe(self, event: Event) -> Sequence[Alert]:
        """Feed one event; returns the alerts whose grouping window has closed."""
        rules = self._by_kind.get(event.kind)
        if rules is None:
            return NO_ALERTS
        at = self.clock.observe(event.timestamp)
        now = self.clock.now
        for rule in rules:
            if rule.matches(event):
                self.grouper.add(rule.info, entity_of(rule, event), at, now, evidence=(event.raw,))
        return self.grouper.due(now)

    def flush(self, now: datetime) -> Sequence[Alert]:
        """Close every grouping window that has ended by `now`."""
        return self.grouper.due(self.clock.advance(now))
