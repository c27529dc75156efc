"""Grouping repeated occurrences into one alert per rule, entity and window.

A detection that fires on every request of a scan would flood a SIEM; instead the first
occurrence opens a group for (rule, entity) lasting `window` seconds, later occurrences
only raise its count (and add evidence while there is room), and the group becomes one
Alert when stream time passes its end, or when a flush closes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pavedroad.monitor.detect.clock import to_datetime
from pavedroad.monitor.detect.evidence import MAX_EVIDENCE_LINES, evidence_line
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.model import Alert

DEFAULT_GROUP_WINDOW = 300.0
DEFAULT_MAX_GROUPS = 100_000
NO_ALERTS: tuple[Alert, ...] = ()


class _Group:
    __slots__ = ("close_at", "count", "details", "evidence", "first", "last", "rule")

    def __init__(self, rule: RuleInfo, first: float, close_at: float) -> None:
        self.rule = rule
        self.first = first
        self.last = first
        self.close_at = close_at
        self.count = 0
        self.evidence: list[str] = []
        self.details: dict[str, Any] = {}


class AlertGrouper:
    """Open alert groups, keyed by (rule id, entity), closed in the order they were opened."""

    def __init__(self, window: float = DEFAULT_GROUP_WINDOW, max_groups: int = DEFAULT_MAX_GROUPS) -> None:
        self.window = window
        self.max_groups = max_groups
        # Insertion order is close order, because every group closes `window` after the stream
        # clock at opening and that clock never goes back: closing is a scan from the front.
        self._groups: dict[tuple[str, str], _Group] = {}
        # Alerts of groups closed early (evicted, or ended before a new occurrence) until `due`.
        self._evicted: list[Alert] = []
        # The close time of the first (oldest) group, or -inf while evicted alerts wait: `due`
        # runs after every event and nearly always nothing is due, so that answer must cost
        # one comparison.
        self._next_close = float("inf")

    def add(
        self,
        rule: RuleInfo,
        entity: str,
        at: float,
        now: float,
        *,
        count: int = 1,
        evidence: Iterable[str] = (),
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """Record `count` occurrences of `rule` for `entity` at event time `at` (clock `now`)."""
        key = (rule.rule_id, entity)
        group = self._groups.get(key)
        if group is not None and group.close_at <= now:
            # Its window ended before this occurrence (detectors call `due` once per batch, not
            # after every event): it closes now, and the occurrence opens the next group.
            self._close_until(now)
            group = None
        if group is None:
            if len(self._groups) >= self.max_groups:
                # Memory stays bounded on hostile input: the oldest group is closed early.
                oldest = next(iter(self._groups))
                self._evicted.append(self._alert(oldest, self._groups.pop(oldest)))
            group = self._groups[key] = _Group(rule, at, max(at, now) + self.window)
            self._next_close = float("-inf") if self._evicted else self._first_close()
        group.count += count
        group.first = min(group.first, at)
        group.last = max(group.last, at)
        room = MAX_EVIDENCE_LINES - len(group.evidence)
        if room > 0:
            for raw in evidence:
                group.evidence.append(evidence_line(raw))
                room -= 1
                if room == 0:
                    break
        if details:
            group.details.update(details)

    def due(self, now: float) -> Sequence[Alert]:
        """Alerts for every group whose window has ended by stream time `now`."""
        if now < self._next_close:
            return NO_ALERTS
        self._close_until(now)
        alerts, self._evicted = self._evicted, []
        self._next_close = self._first_close()
        return alerts

    def _close_until(self, now: float) -> None:
        """Move the alert of every group whose window has ended by `now` to the waiting list."""
        groups = self._groups
        closed = self._evicted
        while groups:
            key = next(iter(groups))
            group = groups[key]
            if group.close_at > now:
                break
            del groups[key]
            closed.append(self._alert(key, group))
        self._next_close = float("-inf") if closed else self._first_close()

    def _first_close(self) -> float:
        groups = self._groups
        return groups[next(iter(groups))].close_at if groups else float("inf")

    def _alert(self, key: tuple[str, str], group: _Group) -> Alert:
        rule = group.rule
        return Alert(
            rule_id=rule.rule_id,
            title=rule.title,
            severity=rule.severity,
            entity=key[1],
            window_start=to_datetime(group.first),
            window_end=to_datetime(max(group.last, group.close_at)),
            evidence=tuple(group.evidence),
            attack=rule.attack,
            description=rule.description,
            details=dict(group.details),
            count=group.count,
        )
