"""`[monitor.detect.anomaly]`: the anomaly scoring settings.

Apart from model.py so that reading a configuration does not import scikit-learn, numpy
and river: they are loaded only when anomaly scoring is actually configured.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pavedroad.monitor.detect.settings import DetectionConfigError, read_settings, section

__all__ = ["AnomalySettings", "anomaly_settings"]


@dataclass(frozen=True, slots=True)
class AnomalySettings:
    """`[monitor.detect.anomaly]`: see docs/monitor-detections.md for each threshold."""

    enabled: bool = True
    mode: str = "baseline"  # baseline (IsolationForest from model_path) | online (HalfSpaceTrees)
    model_path: str = ""
    window: float = 60.0
    contamination: float = 0.01
    n_estimators: int = 200
    max_samples: int = 256
    random_state: int = 0
    min_z: float = 5.0
    min_requests: int = 5  # a window needs this many requests to deviate on a share or an average
    extreme_z: float = 10.0
    template_buckets: int = 10
    online_threshold: float = 0.8
    online_warmup: int = 50
    online_seed: int = 0


def anomaly_settings(config: Mapping[str, Any]) -> AnomalySettings:
    """The anomaly settings of a parsed `[monitor]` table."""
    settings = read_settings(AnomalySettings(), section(config, "anomaly"), "monitor.detect.anomaly")
    if settings.mode not in ("baseline", "online"):
        raise DetectionConfigError(
            f"monitor.detect.anomaly.mode: expected 'baseline' or 'online', got {settings.mode!r}"
        )
    if not 0 < settings.contamination < 0.5:
        raise DetectionConfigError("monitor.detect.anomaly.contamination: must be between 0 and 0.5")
    if settings.window <= 0:
        raise DetectionConfigError("monitor.detect.anomaly.window: must be positive")
    return settings
