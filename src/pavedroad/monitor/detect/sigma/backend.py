"""The Sigma detector: compiled rules indexed by Event kind, matches grouped into alerts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from pavedroad.monitor.detect.clock import StreamClock
from pavedroad.monitor.detect.facts import EventFacts
from pavedroad.monitor.detect.grouping import NO_ALERTS, AlertGrouper
from pavedroad.monitor.detect.sigma.compile import Getter, field_text, getter
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


class KindRules:
    """The rules of one Event kind, with a cheap screen in front of those that have needles.

    Almost no event matches any rule, and nearly every rule needs one of a few literals
    (CompiledRule.needles). The screen reads each field those literals are in once, lower-cases
    it once and looks for the literals; only when one occurs do the screened rules run.
    Rules without needles always run. Either way rules run in their load order, so alerts
    come out in the same order as without the screen.
    """

    __slots__ = ("all", "screen", "unscreened")

    def __init__(self, rules: Sequence[CompiledRule]) -> None:
        self.all = tuple(rules)
        self.unscreened = tuple(rule for rule in rules if rule.needles is None)
        by_field: dict[str, set[str]] = {}
        for rule in rules:
            for key, needle in rule.needles or ():
                by_field.setdefault(key, set()).add(needle)
        # sorted: the same rule files screen in the same order on every run
        self.screen: tuple[tuple[Getter, tuple[str, ...]], ...] = tuple(
            (getter(key), tuple(sorted(needles))) for key, needles in sorted(by_field.items())
        )

    def candidates(self, event: Event) -> tuple[CompiledRule, ...]:
        """The rules that may match `event`."""
        for get, needles in self.screen:
            value = get(event)
            if value is None or value == "":
                continue
            # str inline: nearly every field is one, and this runs per field per event
            text = (value if isinstance(value, str) else field_text(value)).lower()
            for needle in needles:
                if needle in text:
                    return self.all
        return self.unscreened


class SigmaDetector:
    """Runs each Event through the Sigma rules of its kind only."""

    name = "sigma"

    def __init__(
        self,
        rules: Iterable[CompiledRule],
        *,
        group_window: float = 300.0,
        max_groups: int = 100_000,
        facts: EventFacts | None = None,
    ) -> None:
        self.rules = tuple(rules)
        by_kind: dict[str, list[CompiledRule]] = {}
        for rule in self.rules:
            for kind in rule.source.kinds:
                by_kind.setdefault(kind, []).append(rule)
        # An Event only meets the rules written for its log source.
        self._by_kind = {kind: KindRules(rules) for kind, rules in by_kind.items()}
        # The runtime calls a detector only for the kinds it names (see model.Detector).
        self.kinds = frozenset(self._by_kind)
        self.facts = facts if facts is not None else EventFacts()
        self.clock = StreamClock()
        self.grouper = AlertGrouper(group_window, max_groups)

    def observe(self, event: Event) -> Sequence[Alert]:
        """Feed one event; returns the alerts whose grouping window has closed."""
        rules = self._by_kind.get(event.kind)
        if rules is None:
            return NO_ALERTS
        clock = self.clock
        at = clock.observe_seconds(self.facts.seconds(event))
        now = clock.now
        for rule in rules.candidates(event):
            if rule.matches(event):
                self.grouper.add(rule.info, entity_of(rule, event), at, now, evidence=(event.raw,))
        return self.grouper.due(now)

    def flush(self, now: datetime) -> Sequence[Alert]:
        """Close every grouping window that has ended by `now`."""
        return self.grouper.due(self.clock.advance(now))
