"""Why a window is anomalous, in terms a reviewer can check: per-feature z-scores."""

from __future__ import annotations

from collections.abc import Sequence
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


def deviations(
    names: Sequence[str], values: Sequence[float], means: Sequence[float], stds: Sequence[float], min_z: float
) -> list[Deviation]:
    """The features whose |z| is at least `min_z`, largest first."""
    found = []
    for name, value, mean, std in zip(names, values, means, stds, strict=True):
        z = (value - mean) / max(std, MIN_STD)
        z = max(-MAX_Z, min(MAX_Z, z))
        if abs(z) >= min_z:
            found.append(Deviation(name, value, mean, std, z))
    found.sort(key=lambda deviation: (-abs(deviation.z), deviation.feature))
    return found
