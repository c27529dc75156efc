"""Online anomaly scoring for drifting traffic: river's HalfSpaceTrees, learning as it goes.

No baseline file is needed: the first `warmup` windows only teach the model; after that
a window is anomalous when some feature is `min_z` running standard deviations off its
running mean and either the trees score it at least `threshold` or that feature is
`extreme_z` off. Anomalous windows are not learned, so an attack
does not become the new normal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from river import anomaly, compose, preprocessing

from pavedroad.monitor.detect.anomaly.explain import PER_REQUEST_FEATURES, Deviation, deviations, spreads
from pavedroad.monitor.detect.anomaly.features import BASE_FEATURES, WindowStats, entity_kind, vector


class _RunningMoments:
    """Welford's running mean and variance per feature (numerically stable, O(1) per window)."""

    def __init__(self, size: int) -> None:
        self.count = 0
        self.mean = [0.0] * size
        self._m2 = [0.0] * size

    def update(self, values: Sequence[float]) -> None:
        self.count += 1
        for index, value in enumerate(values):
            delta = value - self.mean[index]
            self.mean[index] += delta / self.count
            self._m2[index] += delta * (value - self.mean[index])

    @property
    def std(self) -> list[float]:
        return [math.sqrt(m2 / self.count) if self.count else 0.0 for m2 in self._m2]


class _KindModel:
    """The trees and running moments of one kind of entity."""

    __slots__ = ("learned", "moments", "trees")

    def __init__(self, size: int, seed: int) -> None:
        self.trees = compose.Pipeline(
            preprocessing.MinMaxScaler(),
            anomaly.HalfSpaceTrees(n_trees=25, height=12, window_size=100, seed=seed),
        )
        self.moments = _RunningMoments(size)
        self.learned = 0


class OnlineScorer:
    """HalfSpaceTrees over min-max scaled window vectors, with running z-score explanations.

    Like the baseline mode, one model per kind of entity (`ip`, `host`, ...): a host's hundred
    syslog lines a minute are not compared with a client's few requests. Each kind warms up on
    its own first `warmup` windows.
    """

    feature_names = BASE_FEATURES

    def __init__(
        self, *, threshold: float, warmup: int, min_z: float, extreme_z: float, seed: int, min_requests: int = 5
    ) -> None:
        self.threshold = threshold
        self.min_requests = min_requests
        self.warmup = warmup
        self.min_z = min_z
        self.extreme_z = extreme_z
        self.seed = seed
        self.kinds: dict[str, _KindModel] = {}

    def assess(self, window: WindowStats) -> tuple[float, list[Deviation]] | None:
        """(score, deviations) when `window` is anomalous, else None (and the window is learned)."""
        kind = entity_kind(window.entity)
        model = self.kinds.get(kind)
        if model is None:
            model = self.kinds[kind] = _KindModel(len(self.feature_names), self.seed)
        values = vector(window, ())
        sample = dict(zip(self.feature_names, values, strict=True))
        score = float(model.trees.score_one(sample))
        if model.learned >= self.warmup:
            names, mean = self.feature_names, model.moments.mean
            skip = PER_REQUEST_FEATURES if window.count < self.min_requests else ()
            found = deviations(names, values, mean, spreads(names, mean, model.moments.std), self.min_z, skip)
            if found and (score >= self.threshold or abs(found[0].z) >= self.extreme_z):
                return score, found
        model.trees.learn_one(sample)
        model.moments.update(values)
        model.learned += 1
        return None
