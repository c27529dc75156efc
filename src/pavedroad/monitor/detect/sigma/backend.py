"""The Sigma detector: compiled rules indexed by Event kind, matches grouped into alerts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.clock import StreamClock, timed
from pavedroad.monitor.detect.facts import EventFacts
from pavedroad.monitor.detect.grouping import NO_ALERTS, AlertGrouper
from pavedroad.monitor.detect.screen import RawScreen
from pavedroad.monitor.detect.sigma.compile import Getter, field_text, getter
from pavedroad.monitor.detect.sigma.fields import VERBATIM_FIELDS
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
    """The rules of one Event kind, with cheap screens in front of those that have needles.

    Almost no event matches any rule, and nearly every rule needs one of a few literals
    (CompiledRule.needles). Where every needle of the kind is in a field copied verbatim from
    the raw line (sigma.fields.VERBATIM_FIELDS), the detector's raw screen (screen.py) over the
    whole batch says which lines may hold one, and `raw_screened` is true. Either way a line
    that may, or any line when the kind has no raw screen, goes through `candidates`: it reads
    each field the literals are in once, lower-cases it once and looks for the literals; only
    when one occurs do the screened rules run. Rules without needles always run, and rules run
    in their load order, so alerts come out in the same order as without the screens.
    """

    __slots__ = ("all", "raw_needles", "raw_screened", "screen", "unscreened")

    def __init__(self, rules: Sequence[CompiledRule], verbatim: frozenset[str] = frozenset()) -> None:
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
        self.raw_screened = bool(by_field) and by_field.keys() <= verbatim
        self.raw_needles = frozenset().union(*by_field.values()) if self.raw_screened else frozenset()

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
        self._by_kind = {
            kind: KindRules(rules, VERBATIM_FIELDS.get(kind, frozenset())) for kind, rules in by_kind.items()
        }
        self._screen = RawScreen(needle for rules in self._by_kind.values() for needle in rules.raw_needles)
        # The runtime calls a detector only for the kinds it names (see model.Detector).
        self.kinds = frozenset(self._by_kind)
        self.facts = facts if facts is not None else EventFacts()
        self.clock = StreamClock()
        self.grouper = AlertGrouper(group_window, max_groups)

    def observe(self, event: Event) -> Sequence[Alert]:
        """Feed one event; returns the alerts whose grouping window has closed."""
        if event.kind not in self.kinds:
            return NO_ALERTS  # other kinds change nothing (model.Detector)
        return self.observe_batch(EventBatch((event,)))

    def observe_batch(self, batch: EventBatch) -> Sequence[Alert]:
        """Feed a batch of events; returns the alerts whose grouping window has closed."""
        by_kind = self._by_kind
        clock = self.clock
        now = clock.now
        present = [by_kind[kind] for kind in batch.kinds & self.kinds]
        # The raw screen runs only when the batch holds a kind it speaks for.
        hits = self._screen.hits(batch) if any(rules.raw_screened for rules in present) else set()
        events = batch.events
        indexes: Sequence[int] = range(len(events))
        examined: Sequence[Event] = events
        if all(rules.raw_screened and not rules.unscreened for rules in present):
            # no rule of the batch's kinds can match a line the screen passed over: only its hits
            indexes = sorted(hits)
            examined = [events[index] for index in indexes]
        for index, (event, at) in zip(indexes, timed(examined, clock), strict=True):
            rules = by_kind.get(event.kind)
            if rules is None:
                continue
            # a line the raw screen passed over holds none of the kind's literals
            candidates = rules.unscreened if rules.raw_screened and index not in hits else rules.candidates(event)
            if at > now:
                now = at
            for rule in candidates:
                if rule.matches(event):
                    self.grouper.add(rule.info, entity_of(rule, event), at, now, evidence=(event.raw,))
        until = batch.until
        clock.now = now if until < now else until
        return self.grouper.due(clock.now)

    def flush(self, now: datetime) -> Sequence[Alert]:
        """Close every grouping window that has ended by `now`."""
        return self.grouper.due(self.clock.advance(now))
