"""The anomaly detector: closes per-entity windows in stream time and scores them.

With a baseline model each window is scored against the baseline of its entity's kind (ip,
host, source); a window of a kind the model has no baseline for is not scored, only counted
(`unscored`, and per kind `unscored_kinds`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from pavedroad.core.findings import Severity
from pavedroad.monitor.detect.anomaly.explain import Deviation
from pavedroad.monitor.detect.anomaly.features import WindowAggregator, WindowStats, entity_kind
from pavedroad.monitor.detect.anomaly.model import AnomalyModel, KindBaseline
from pavedroad.monitor.detect.anomaly.online import OnlineScorer
from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.clock import StreamClock, timed, to_datetime
from pavedroad.monitor.detect.evidence import evidence_lines
from pavedroad.monitor.detect.grouping import NO_ALERTS
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.model import Alert, Event

BASELINE_ANOMALY = RuleInfo(
    "anomaly/baseline",
    "Traffic unlike the baseline",
    Severity.MEDIUM,
    (),
    "An IsolationForest trained on a normal period isolates this entity's window quickly.",
)
ONLINE_ANOMALY = RuleInfo(
    "anomaly/online",
    "Traffic unlike recent traffic",
    Severity.MEDIUM,
    (),
    "HalfSpaceTrees, learning from the stream, scores this entity's window as unusual.",
)
# A window closes this long after its end, so slightly late events still land in it.
LATENESS = 5.0


class AnomalyDetector:
    """One alert per anomalous (entity, window); the alert names the deviating features."""

    name = "anomaly"

    def __init__(
        self,
        *,
        model: AnomalyModel | None = None,
        online: OnlineScorer | None = None,
        min_z: float = 5.0,
        extreme_z: float = 10.0,
        min_requests: int = 5,
        window: float = 60.0,
        max_entities: int = 100_000,
    ) -> None:
        if (model is None) == (online is None):
            raise ValueError("an AnomalyDetector scores with exactly one of a baseline model or an online scorer")
        self.model = model
        self.online = online
        self.min_z = min_z
        self.extreme_z = extreme_z
        self.min_requests = min_requests
        self.width = model.parameters.window if model is not None else window
        self.clock = StreamClock()
        self.windows = WindowAggregator(self.width, max_entities)
        self.unscored = 0  # closed windows of a kind the baseline model has no baseline for
        self.unscored_kinds: Counter[str] = Counter()

    def observe(self, event: Event) -> Sequence[Alert]:
        """Count the event in its entity's window; returns alerts for windows that closed."""
        return self.observe_batch(EventBatch((event,)))

    def observe_batch(self, batch: EventBatch) -> Sequence[Alert]:
        """Count each event in its entity's window; returns alerts for the windows that closed."""
        clock = self.clock
        now = clock.now
        windows = self.windows
        reach = self.width + LATENESS  # an event further behind than this has no open window left
        closed: list[WindowStats] = []
        for event, at in timed(batch.events, clock):
            if at > now:
                now = at
            elif at < now - reach:
                continue  # too late for any window still open
            finished = windows.add(event, at)
            if finished is not None:
                closed.append(finished)
        until = batch.until
        clock.now = now if until < now else until
        closed += windows.close_due(clock.now - LATENESS)
        return self._assess(closed) if closed else NO_ALERTS

    def flush(self, now: datetime) -> Sequence[Alert]:
        """Score every window that has ended by `now`."""
        return self._assess(self.windows.close_due(self.clock.advance(now)))

    def _assess(self, windows: list[WindowStats]) -> list[Alert]:
        if self.model is not None:
            return self._assess_baseline(self.model, windows)
        alerts = []
        if self.online is not None:
            for window in windows:
                verdict = self.online.assess(window)
                if verdict is not None:
                    alerts.append(self._alert(ONLINE_ANOMALY, window, verdict[0], self.online.threshold, verdict[1]))
        return alerts

    def _assess_baseline(self, model: AnomalyModel, windows: list[WindowStats]) -> list[Alert]:
        """Score `windows`, each against its kind's baseline; the alerts in the windows' order."""
        baseline_for = model.baseline_for
        groups: dict[KindBaseline | None, list[int]] = {}
        for index, window in enumerate(windows):
            groups.setdefault(baseline_for(entity_kind(window.entity)), []).append(index)
        found_alerts: list[tuple[int, Alert]] = []
        for baseline, indexes in groups.items():
            if baseline is None:
                self.unscored += len(indexes)
                self.unscored_kinds.update(entity_kind(windows[index].entity) for index in indexes)
                continue
            vectors = [model.vector(windows[index]) for index in indexes]
            # Only a window with a deviating feature can alert (the alert must name one): the
            # deviations of a kind's windows are screened at once, the forest scores the few left,
            # in one call (scikit-learn's per-call overhead dwarfs its per-row cost).
            rows = baseline.deviating_rows(vectors, self.min_z, self.min_requests)
            for row, score in zip(rows, baseline.scores([vectors[row] for row in rows]), strict=True):
                found = baseline.deviations(vectors[row], self.min_z, self.min_requests)
                # The forest cannot see past the range it was trained on (a value 100x the
                # baseline isolates no faster than the baseline's maximum), hence extreme_z.
                if found and (score < 0 or abs(found[0].z) >= self.extreme_z):
                    window = windows[indexes[row]]
                    found_alerts.append((indexes[row], self._alert(BASELINE_ANOMALY, window, score, 0.0, found)))
        if len(groups) > 1:
            found_alerts.sort(key=lambda pair: pair[0])
        return [alert for _, alert in found_alerts]

    def _alert(
        self, rule: RuleInfo, window: WindowStats, score: float, threshold: float, found: list[Deviation]
    ) -> Alert:
        summary = "; ".join(deviation.describe() for deviation in found[:3])
        return Alert(
            rule_id=rule.rule_id,
            title=rule.title,
            severity=rule.severity,
            entity=window.entity,
            window_start=to_datetime(window.start),
            window_end=to_datetime(window.end),
            evidence=evidence_lines(window.evidence),
            attack=rule.attack,
            description=f"{rule.description} Deviating: {summary}.",
            details={
                "score": round(score, 4),
                "threshold": threshold,
                "requests": window.count,
                "deviations": [deviation.to_dict() for deviation in found],
            },
        )
