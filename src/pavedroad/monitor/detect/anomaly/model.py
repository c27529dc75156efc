"""The baseline anomaly model: IsolationForests over window feature vectors, one per entity kind.

Windows of different kinds of entity do not look alike (a host logs a hundred syslog lines a
minute, a client address a few requests), so each kind (ip, host, source: see
features.entity_kind) with at least MIN_TRAINING_WINDOWS baseline windows gets its own
baseline: its mean/std per feature and its own forest. All kinds share one feature layout
(the same template buckets). A window of a kind without a baseline is not scored.

Saved as versioned JSON holding the training matrix of each kind and the parameters — never a
pickle, so loading a model file cannot run code — and refitted on load: IsolationForest with
a fixed random_state over the same matrix grows the same trees, so a reloaded model scores
exactly as the saved one did (with the same scikit-learn version, which the file records).
Version 1 files hold one pooled matrix: it is read as one baseline for every kind.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sklearn  # type: ignore[import-untyped,unused-ignore]  # no stubs; see pyproject overrides
from sklearn.ensemble import IsolationForest  # type: ignore[import-untyped,unused-ignore]

from pavedroad.monitor.detect.anomaly.explain import MAX_Z, PER_REQUEST_FEATURES, Deviation, deviations, spreads
from pavedroad.monitor.detect.anomaly.features import (
    BASE_FEATURES,
    BaselineCollector,
    WindowStats,
    entity_kind,
    feature_names,
    top_templates,
    vector,
)

# re-exported: the settings lived here before settings.py
from pavedroad.monitor.detect.anomaly.settings import AnomalySettings as AnomalySettings
from pavedroad.monitor.detect.anomaly.settings import anomaly_settings
from pavedroad.monitor.model import Event

MODEL_FORMAT = "pavedroad-anomaly-model"
MODEL_VERSION = 2
READABLE_VERSIONS = (1, 2)
# A model file is input like any other: bounded before it is believed.
MAX_TRAINING_ROWS = 200_000  # in all kinds together
MAX_MODEL_FILE_BYTES = 200_000_000
MAX_KINDS = 64
MIN_TRAINING_WINDOWS = 20  # per kind
# The key of a version 1 model's single baseline, which applies to every kind.
POOLED = "*"
_KIND_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")

Matrix = np.ndarray[Any, np.dtype[np.float64]]


class ModelError(ValueError):
    """A model file that cannot be used: wrong format, version or shape (the message says which)."""


@dataclass(frozen=True, slots=True)
class ModelParameters:
    """Everything besides the training matrices that decides the fitted forests."""

    window: float
    contamination: float
    n_estimators: int
    max_samples: int
    random_state: int


class KindBaseline:
    """One kind's baseline windows: their mean/std per feature and an IsolationForest fitted on them."""

    def __init__(self, kind: str, names: Sequence[str], training: Matrix, parameters: ModelParameters) -> None:
        where = "" if kind == POOLED else f" of kind {kind!r}"
        if training.ndim != 2 or training.shape[1] != len(names):
            raise ModelError(f"training matrix{where} has shape {training.shape}, expected (n, {len(names)})")
        if training.shape[0] < MIN_TRAINING_WINDOWS:
            raise ModelError(
                f"only {training.shape[0]} baseline windows{where}; at least {MIN_TRAINING_WINDOWS} are needed"
            )
        self.kind = kind
        self.feature_names = tuple(names)
        self.training = training
        self.mean = training.mean(axis=0)
        self.std = training.std(axis=0)
        # what z-scores divide by (explain.spreads: counting noise on counts) and the features
        # a window of few requests cannot deviate on (explain.PER_REQUEST_FEATURES)
        self.spread = np.asarray(spreads(names, self.mean.tolist(), self.std.tolist()), dtype=np.float64)
        self._per_request = np.asarray([name in PER_REQUEST_FEATURES for name in names], dtype=bool)
        self._requests = names.index(BASE_FEATURES[0]) if BASE_FEATURES[0] in names else None
        self.forest = IsolationForest(
            n_estimators=parameters.n_estimators,
            max_samples=min(parameters.max_samples, training.shape[0]),
            contamination=parameters.contamination,
            random_state=parameters.random_state,
        ).fit(training)

    def scores(self, vectors: Sequence[Sequence[float]]) -> list[float]:
        """IsolationForest decision values: below 0 is anomalous (the contamination quantile)."""
        if not vectors:
            return []
        return [float(score) for score in self.forest.decision_function(np.asarray(vectors, dtype=np.float64))]

    def deviating_rows(self, vectors: Sequence[Sequence[float]], min_z: float, min_requests: float = 0) -> list[int]:
        """Indexes of the vectors with at least one feature `deviations` would report (all at once)."""
        if not vectors:
            return []
        matrix = np.asarray(vectors, dtype=np.float64)
        z = np.minimum(np.abs((matrix - self.mean) / self.spread), MAX_Z)
        if self._requests is not None:
            few = matrix[:, self._requests] < min_requests
            z[np.outer(few, self._per_request)] = 0.0
        return [int(index) for index in np.flatnonzero(z.max(axis=1) >= min_z)]

    def deviations(self, values: Sequence[float], min_z: float, min_requests: float = 0) -> list[Deviation]:
        """The features of `values` at least `min_z` of this baseline's spreads off its mean; the
        per-request features only for a window of at least `min_requests` requests."""
        few = self._requests is not None and values[self._requests] < min_requests
        skip = PER_REQUEST_FEATURES if few else ()
        return deviations(self.feature_names, values, self.mean.tolist(), self.spread.tolist(), min_z, skip)


class AnomalyModel:
    """A baseline per entity kind (`baselines`), sharing one feature layout; `skipped` names the
    kinds training left out for too few windows, with their window counts.

    A model read from a version 1 file has one baseline under POOLED, used for every kind.
    """

    def __init__(
        self,
        names: Sequence[str],
        templates: Sequence[str],
        trainings: Mapping[str, Matrix],
        parameters: ModelParameters,
        skipped: Mapping[str, int] | None = None,
    ) -> None:
        if not trainings:
            raise ModelError("no baseline: the model holds no training windows")
        if POOLED in trainings and len(trainings) > 1:
            raise ModelError("a pooled baseline cannot be combined with per-kind ones")
        self.feature_names = tuple(names)
        self.templates = tuple(templates)
        self.parameters = parameters
        self.baselines = {kind: KindBaseline(kind, names, trainings[kind], parameters) for kind in sorted(trainings)}
        self.skipped = dict(sorted((skipped or {}).items()))
        # kind -> how many windows a freshly fitted baseline was sampled from (not saved)
        self.sampled_from: dict[str, int] = {}
        self._pooled = self.baselines.get(POOLED)

    @property
    def version(self) -> int:
        """The file version `save` writes: 1 for a pooled (version 1) model, else 2."""
        return 1 if self._pooled is not None else MODEL_VERSION

    @property
    def training(self) -> Matrix:
        """Every baseline window's vector, all kinds together (kinds in name order)."""
        return np.concatenate([baseline.training for baseline in self.baselines.values()])

    def baseline_for(self, kind: str) -> KindBaseline | None:
        """The baseline a window of entity kind `kind` is scored against; None: it is not scored."""
        return self._pooled or self.baselines.get(kind)

    def vector(self, window: WindowStats) -> list[float]:
        """`window` in this model's feature layout."""
        return vector(window, self.templates)

    def to_json(self) -> dict[str, Any]:
        """The versioned JSON document `save` writes (a model read from a version 1 file stays version 1)."""
        document: dict[str, Any] = {
            "format": MODEL_FORMAT,
            "version": self.version,
            "created_with": {"scikit-learn": sklearn.__version__},
            "parameters": asdict(self.parameters),
            "feature_names": list(self.feature_names),
            "templates": list(self.templates),
        }
        if self._pooled is not None:
            document["training"] = self._pooled.training.tolist()
        else:
            document["baselines"] = {
                kind: {"training": baseline.training.tolist()} for kind, baseline in self.baselines.items()
            }
            document["skipped"] = dict(self.skipped)
        return document

    def save(self, path: Path) -> None:
        """Write the model as JSON (the training matrices and parameters; refitted on load)."""
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
        """A model from its JSON document (version 1 or 2), after checking format, version and shapes."""
        if not isinstance(document, dict) or document.get("format") != MODEL_FORMAT:
            raise ModelError(f"not a pavedroad anomaly model (expected format '{MODEL_FORMAT}')")
        version = document.get("version")
        if type(version) is not int or version not in READABLE_VERSIONS:
            readable = " and ".join(str(known) for known in READABLE_VERSIONS)
            raise ModelError(
                f"model version {version!r} is not supported (this pavedroad reads versions {readable}); "
                "retrain the baseline"
            )
        names = _strings(document.get("feature_names"), "feature_names")
        templates = _strings(document.get("templates"), "templates")
        if tuple(names) != feature_names(templates):
            raise ModelError("feature_names do not match this pavedroad's feature layout; retrain the baseline")
        parameters = _parameters(document.get("parameters"))
        if version == 1:
            trainings = {POOLED: _matrix(document.get("training"), len(names), "", MAX_TRAINING_ROWS)}
            return cls(names, templates, trainings, parameters)
        baselines = document.get("baselines")
        if not isinstance(baselines, dict) or not 1 <= len(baselines) <= MAX_KINDS:
            raise ModelError(f"baselines must map 1 to {MAX_KINDS} entity kinds to their training")
        trainings = {}
        left = MAX_TRAINING_ROWS
        for kind, baseline in baselines.items():
            if not _KIND_NAME.fullmatch(kind):
                raise ModelError(f"baselines: {kind[:64]!r} is not an entity kind (letters, digits, _ . -)")
            if not isinstance(baseline, dict):
                raise ModelError(f"baselines: kind {kind!r} must hold its training")
            trainings[kind] = _matrix(baseline.get("training"), len(names), f" of kind {kind!r}", left)
            left -= trainings[kind].shape[0]
        return cls(names, templates, trainings, parameters, _skipped(document.get("skipped", {})))


def _strings(value: object, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ModelError(f"{name} must be a list of strings")
    return value


def _matrix(rows: object, width: int, where: str, limit: int) -> Matrix:
    """A training matrix from its JSON rows: at most `limit` rows of `width` finite numbers."""
    if not isinstance(rows, list) or len(rows) > limit:
        together = " in all kinds together" if where else ""
        raise ModelError(f"training{where} must be a list of at most {MAX_TRAINING_ROWS} rows{together}")
    for row in rows:
        if not isinstance(row, list) or len(row) != width:
            raise ModelError(f"every training row{where} must hold {width} numbers")
        if not all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) for x in row):
            raise ModelError(f"training rows{where} must hold finite numbers only")
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), width)


def _parameters(raw: object) -> ModelParameters:
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
    return parameters


def _skipped(value: object) -> dict[str, int]:
    if (
        not isinstance(value, dict)
        or len(value) > MAX_KINDS
        or not all(
            isinstance(kind, str)
            and _KIND_NAME.fullmatch(kind)
            and type(count) is int
            and 0 <= count < MIN_TRAINING_WINDOWS
            for kind, count in value.items()
        )
    ):
        raise ModelError(f"skipped must map entity kinds to their window counts (below {MIN_TRAINING_WINDOWS})")
    return value


def baseline_windows(events: Iterable[Event], window: float) -> list[WindowStats]:
    """Every entity window of a replayed baseline, closed at the end of the input (without evidence)."""
    collector = BaselineCollector(window)
    for event in events:
        collector.observe(event)
    return collector.finish()


def fit_baseline(windows: Sequence[WindowStats], config: Mapping[str, Any]) -> AnomalyModel:
    """Fit the baseline model on `windows` (e.g. a BaselineCollector's) with the `[monitor]` config's
    settings: a baseline per entity kind with at least MIN_TRAINING_WINDOWS windows, the other kinds
    listed in the model's `skipped`. ModelError when no kind has enough."""
    settings = anomaly_settings(config)
    templates = top_templates(windows, settings.template_buckets)
    names = feature_names(templates)
    by_kind: dict[str, list[WindowStats]] = {}
    for window in windows:
        by_kind.setdefault(entity_kind(window.entity), []).append(window)
    learned = {kind: found for kind, found in by_kind.items() if len(found) >= MIN_TRAINING_WINDOWS}
    # A model file holds at most MAX_TRAINING_ROWS rows: a busy site's long baseline is sampled
    # (the same rows for the same windows and random_state), each kind keeping its share.
    share = MAX_TRAINING_ROWS // max(len(learned), 1)
    rng = np.random.default_rng(settings.random_state)
    sampled_from: dict[str, int] = {}
    for kind, kind_windows in learned.items():
        if len(kind_windows) > share:
            sampled_from[kind] = len(kind_windows)
            kept = np.sort(rng.choice(len(kind_windows), size=share, replace=False))
            learned[kind] = [kind_windows[int(index)] for index in kept]
    trainings = {
        kind: np.asarray([vector(window, templates) for window in kind_windows], dtype=np.float64).reshape(
            len(kind_windows), len(names)
        )
        for kind, kind_windows in learned.items()
    }
    skipped = {kind: len(kind_windows) for kind, kind_windows in by_kind.items() if kind not in trainings}
    if not trainings:
        counts = " and ".join(f"{count} {kind} windows" for kind, count in sorted(skipped.items()))
        found = f"only {counts}" if counts else "no baseline windows"
        raise ModelError(
            f"{found}; a baseline needs at least {MIN_TRAINING_WINDOWS} windows of one kind of entity "
            "(ip, host or source)"
        )
    parameters = ModelParameters(
        window=settings.window,
        contamination=settings.contamination,
        n_estimators=settings.n_estimators,
        max_samples=settings.max_samples,
        random_state=settings.random_state,
    )
    model = AnomalyModel(names, templates, trainings, parameters, skipped)
    model.sampled_from = sampled_from
    return model


def train_baseline(events: Iterable[Event], config: Mapping[str, Any]) -> AnomalyModel:
    """Fit the baseline model on `events` (a normal period) with the `[monitor]` config's settings."""
    collector = BaselineCollector(anomaly_settings(config).window)
    for event in events:
        collector.observe(event)
    return fit_baseline(collector.finish(), config)
