"""Why a window is anomalous, in terms a reviewer can check: per-feature z-scores."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

# A feature that never varied in the baseline still needs a scale: a deviation of this much
# counts as one standard deviation. z-scores are capped so JSON never holds infinity.
MIN_STD = 1e-3
MAX_Z = 1000.0


@dataclass(frozen=True, slots=True)
class Deviation:
    """One feature of a window compared with the baseline."""

    feature: str
    value: float
    baseline_mean: float
    baseline_std: float
    z: float

    def to_dict(self) -> dict[str, float | str]:
        """The JSON form kept in Alert.details."""
        return {
            "feature": self.feature,
            "value": round(self.value, 4),
            "baseline_mean": round(self.baseline_mean, 4),
            "baseline_std": round(self.baseline_std, 4),
            "z": round(self.z, 2),
        }

    def describe(self) -> str:
        """One phrase, e.g. 'request_count 480 vs baseline 20±4.5 (z=+102.2)'."""
        baseline = f"{self.baseline_mean:.4g}±{self.baseline_std:.2g}"
        return f"{self.feature} {self.value:.4g} vs baseline {baseline} (z={self.z:+.1f})"


# Features that are counts in a window: their spread is at least the square root of their mean
# (counting noise: a client that makes 3 requests in a minute where 1 is usual is not an anomaly).
COUNT_FEATURES = ("request_count", "distinct_paths", "template_")
# Features that are a per-request average or share: over a handful of requests they mean little
# (one request that got a 404 is a 4xx share of 1.0), so a window needs `min_requests` for them.
PER_REQUEST_FEATURES = frozenset(
    {"status_2xx_share", "status_3xx_share", "status_4xx_share", "status_5xx_share", "bytes_mean", "error_rate"}
)


def spreads(names: Sequence[str], means: Sequence[float], stds: Sequence[float]) -> list[float]:
    """What a z-score divides by, per feature: the standard deviation, at least MIN_STD, and for
    counts (COUNT_FEATURES) at least the square root of the mean."""
    return [
        max(std, MIN_STD, math.sqrt(max(mean, 0.0)) if name.startswith(COUNT_FEATURES) else 0.0)
        for name, mean, std in zip(names, means, stds, strict=True)
    ]


def deviations(
    names: Sequence[str],
    values: Sequence[float],
    means: Sequence[float],
    stds: Sequence[float],
    min_z: float,
    skip: Collection[str] = (),
) -> list[Deviation]:
    """The features (other than `skip`) whose |z| is at least `min_z`, largest first."""
    found = []
    for name, value, mean, std in zip(names, values, means, stds, strict=True):
        if name in skip:
            continue
        z = (value - mean) / max(std, MIN_STD)
        z = max(-MAX_Z, min(MAX_Z, z))
        if abs(z) >= min_z:
            found.append(Deviation(name, value, mean, std, z))
    found.sort(key=lambda deviation: (-abs(deviation.z), deviation.feature))
    return found
