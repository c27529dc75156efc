"""The baseline anomaly model: an IsolationForest over window feature vectors.

Saved as versioned JSON holding the training matrix and the parameters — never a pickle,
so loading a model file cannot run code — and refitted on load: IsolationForest with a
fixed random_state over the same matrix grows the same trees, so a reloaded model scores
exactly as the saved one did (with the same scikit-learn version, which the file records).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sklearn  # type: ignore[import-untyped,unused-ignore]  # no stubs; see pyproject overrides
from sklearn.ensemble import IsolationForest  # type: ignore[import-untyped,unused-ignore]

from pavedroad.monitor.detect.anomaly.explain import MAX_Z, MIN_STD, Deviation, deviations
from pavedroad.monitor.detect.anomaly.features import (
    WindowAggregator,
    WindowStats,
    feature_names,
    top_templates,
    vector,
)

# re-exported: the settings lived here before settings.py
from pavedroad.monitor.detect.anomaly.settings import AnomalySettings as AnomalySettings
from pavedroad.monitor.detect.anomaly.settings import anomaly_settings
from pavedroad.monitor.detect.clock import StreamClock
from pavedroad.monitor.model import Event

MODEL_FORMAT = "pavedroad-anomaly-model"
MODEL_VERSION = 1
# A model file is input like any other: bounded before it is believed.
MAX_TRAINING_ROWS = 200_000
MAX_MODEL_FILE_BYTES = 200_000_000
MIN_TRAINING_WINDOWS = 20


class ModelError(ValueError):
    """A model file that cannot be used: wrong format, version or shape (the message says which)."""


@dataclass(frozen=True, slots=True)
class ModelParameters:
    """Everything besides the training matrix that decides the fitted forest."""

    window: float
    contamination: float
    n_estimators: int
    max_samples: int
    random_state: int


class AnomalyModel:
    """An IsolationForest fitted on baseline windows, with the baseline mean/std per feature."""

    def __init__(
        self,
        names: Sequence[str],
        templates: Sequence[str],
        training: np.ndarray[Any, np.dtype[np.float64]],
        parameters: ModelParameters,
    ) -> None:
        if training.ndim != 2 or training.shape[1] != len(names):
            raise ModelError(f"training matrix has shape {training.shape}, expected (n, {len(names)})")
        if training.shape[0] < MIN_TRAINING_WINDOWS:
            raise ModelError(f"only {training.shape[0]} baseline windows; at least {MIN_TRAINING_WINDOWS} are needed")
        self.feature_names = tuple(names)
        self.templates = tuple(templates)
        self.training = training
        self.parameters = parameters
        self.mean = training.mean(axis=0)
        self.std = training.std(axis=0)
        self.forest = IsolationForest(
            n_estimators=parameters.n_estimators,
            max_samples=min(parameters.max_samples, training.shape[0]),
            contamination=parameters.contamination,
            random_state=parameters.random_state,
        ).fit(training)

    def vector(self, window: WindowStats) -> list[float]:
        """`window` in this model's feature layout."""
        return vector(window, self.templates)

    def scores(self, vectors: Sequence[Sequence[float]]) -> list[float]:
        """IsolationForest decision values: below 0 is anomalous (the contamination quantile)."""
        if not vectors:
            return []
        return [float(score) for score in self.forest.decision_function(np.asarray(vectors, dtype=np.float64))]

    def deviating_rows(self, vectors: Sequence[Sequence[float]], min_z: float) -> list[int]:
        """Indexes of the vectors with at least one feature `deviations` would report (all at once)."""
        if not vectors:
            return []
        matrix = np.asarray(vectors, dtype=np.float64)
        z = np.abs((matrix - self.mean) / np.maximum(self.std, MIN_STD))
        return [int(index) for index in np.flatnonzero(np.minimum(z, MAX_Z).max(axis=1) >= min_z)]

    def deviations(self, values: Sequence[float], min_z: float) -> list[Deviation]:
        """The features of `values` at least `min_z` baseline standard deviations off the mean."""
        return deviations(self.feature_names, values, self.mean.tolist(), self.std.tolist(), min_z)

    def to_json(self) -> dict[str, Any]:
        """The versioned JSON document `save` writes."""
        return {
            "format": MODEL_FORMAT,
            "version": MODEL_VERSION,
            "created_with": {"scikit-learn": sklearn.__version__},
            "parameters": asdict(self.parameters),
            "feature_names": list(self.feature_names),
            "templates": list(self.templates),
            "training": self.training.tolist(),
        }

    def save(self, path: Path) -> None:
        """Write the model as JSON (the training matrix and parameters; refitted on load)."""
        path.write_text(json.dumps(self.to_json(), separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> AnomalyModel:
        """Read a model written by `save`; ModelError names the problem with the file."""
        try:
            if path.stat().st_size > MAX_MODEL_FILE_BYTES:
                raise ModelError(f"{path}: larger than {MAX_MODEL_FILE_BYTES} bytes")
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ModelError(f"{path}: cannot read anomaly model: {error}") from error
        try:
            return cls.from_json(document)
        except ModelError as error:
            raise ModelError(f"{path}: {error}") from error

    @classmethod
    def from_json(cls, document: object) -> AnomalyModel:
        """A model from its JSON document, after checking format, version and shape."""
        if not isinstance(document, dict) or document.get("format") != MODEL_FORMAT:
            raise ModelError(f"not a pavedroad anomaly model (expected format '{MODEL_FORMAT}')")
        if document.get("version") != MODEL_VERSION:
            raise ModelError(
                f"model version {document.get('version')!r} is not supported (this pavedroad reads {MODEL_VERSION}); "
                "retrain the baseline"
            )
        names = _strings(document.get("feature_names"), "feature_names")
        templates = _strings(document.get("templates"), "templates")
        if tuple(names) != feature_names(templates):
            raise ModelError("feature_names do not match this pavedroad's feature layout; retrain the baseline")
        rows = document.get("training")
        if not isinstance(rows, list) or len(rows) > MAX_TRAINING_ROWS:
            raise ModelError(f"training must be a list of at most {MAX_TRAINING_ROWS} rows")
        for row in rows:
            if not isinstance(row, list) or len(row) != len(names):
                raise ModelError(f"every training row must hold {len(names)} numbers")
            if not all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in row):
                raise ModelError("training rows must hold finite numbers only")
        raw = document.get("parameters")
        if not isinstance(raw, dict):
            raise ModelError("parameters missing")
        try:
            parameters = ModelParameters(
                window=float(raw["window"]),
                contamination=float(raw["contamination"]),
                n_estimators=int(raw["n_estimators"]),
                max_samples=int(raw["max_samples"]),
                random_state=int(raw["random_state"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ModelError(f"bad parameters: {error}") from error
        if not (parameters.window > 0 and 0 < parameters.contamination < 0.5 and 1 <= parameters.n_estimators <= 1000):
            raise ModelError("parameters out of range")
        training = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(names))
        return cls(names, templates, training, parameters)


def _strings(value: object, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ModelError(f"{name} must be a list of strings")
    return value


def baseline_windows(events: Iterable[Event], window: float) -> list[WindowStats]:
    """Every entity window of a replayed baseline, closed at the end of the input."""
    aggregator = WindowAggregator(window)
    clock = StreamClock()
    closed: list[WindowStats] = []
    for event in events:
        at = clock.observe(event.timestamp)
        finished = aggregator.add(event, at)
        if finished is not None:
            closed.append(finished)
    closed.extend(aggregator.close_due(math.inf))
    return closed


def train_baseline(events: Iterable[Event], config: Mapping[str, Any]) -> AnomalyModel:
    """Fit the baseline model on `events` (a normal period) with the `[monitor]` config's settings."""
    settings = anomaly_settings(config)
    windows = baseline_windows(events, settings.window)
    templates = top_templates(windows, settings.template_buckets)
    names = feature_names(templates)
    matrix = np.asarray([vector(window, templates) for window in windows], dtype=np.float64).reshape(
        len(windows), len(names)
    )
    parameters = ModelParameters(
        window=settings.window,
        contamination=settings.contamination,
        n_estimators=settings.n_estimators,
        max_samples=settings.max_samples,
        random_state=settings.random_state,
    )
    return AnomalyModel(names, templates, matrix, parameters)
