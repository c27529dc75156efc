"""The anomaly detector: closes per-entity windows in stream time and scores them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pavedroad.core.findings import Severity
from pavedroad.monitor.detect.anomaly.explain import Deviation
from pavedroad.monitor.detect.anomaly.features import WindowAggregator, WindowStats
from pavedroad.monitor.detect.anomaly.model import AnomalyModel
from pavedroad.monitor.detect.anomaly.online import OnlineScorer
from pavedroad.monitor.detect.clock import StreamClock, to_datetime
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
        window: float = 60.0,
        max_entities: int = 100_000,
    ) -> None:
        if (model is None) == (online is None):
            raise ValueError("an AnomalyDetector scores with exactly one of a baseline model or an online scorer")
        self.model = model
        self.online = online
        self.min_z = min_z
        self.extreme_z = extreme_z
        self.width = model.parameters.window if model is not None else window
        self.clock = StreamClock()
        self.windows = WindowAggregator(self.width, max_entities)

    def observe(self, event: Event) -> Sequence[Alert]:
        """Count the event in its entity's window; returns alerts for windows that closed."""
        at = self.clock.observe(event.timestamp)
        now = self.clock.now
        if at < now - self.width - LATENESS:
            return NO_ALERTS  # too late for any window still open
        closed = self.windows.add(event, at)
        due = self.windows.close_due(now - LATENESS)
        if closed is not None:
            due.append(closed)
        return self._assess(due) if due else NO_ALERTS

    def flush(self, now: datetime) -> Sequence[Alert]:
        """Score every window that has ended by `now`."""
        return self._assess(self.windows.close_due(self.clock.advance(now)))

    def _assess(self, windows: list[WindowStats]) -> list[Alert]:
        alerts = []
        if self.model is not None:
            model = self.model
            vectors = [model.vector(window) for window in windows]
            # One forest call per batch: scikit-learn's per-call overhead dwarfs per-row cost.
            for window, values, score in zip(windows, vectors, model.scores(vectors), strict=True):
                found = model.deviations(values, self.min_z)
                # The forest cannot see past the range it was trained on (a value 100x the
                # baseline isolates no faster than the baseline's maximum), hence extreme_z.
                if found and (score < 0 or abs(found[0].z) >= self.extreme_z):
                    alerts.append(self._alert(BASELINE_ANOMALY, window, score, 0.0, found))
        elif self.online is not None:
            for window in windows:
                verdict = self.online.assess(window)
                if verdict is not None:
                    alerts.append(self._alert(ONLINE_ANOMALY, window, verdict[0], self.online.threshold, verdict[1]))
        return alerts

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
