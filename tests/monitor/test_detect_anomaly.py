"""Anomaly scoring: baseline training, JSON save/load, explanations, precision and recall."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pavedroad.monitor.detect import END_OF_INPUT, DetectionConfigError, build_detectors, load_detections
from pavedroad.monitor.detect.anomaly.detector import AnomalyDetector
from pavedroad.monitor.detect.anomaly.features import BASE_FEATURES, feature_names
from pavedroad.monitor.detect.anomaly.model import AnomalyModel, ModelError, train_baseline
from pavedroad.monitor.detect.anomaly.online import OnlineScorer
from pavedroad.monitor.detect.synthetic import ANOMALY_KINDS, anomalous_window, normal_window
from pavedroad.monitor.model import HOST, MESSAGE, TEMPLATE_ID, Alert, Detector, Event

T0 = datetime(2025, 3, 1, tzinfo=UTC)
ADDRESSES = [f"198.51.100.{n}" for n in range(20)]


def baseline_events() -> list[Event]:
    rng = random.Random(1)
    events = [
        event
        for minute in range(60)
        for address in ADDRESSES
        for event in normal_window(rng, T0 + timedelta(minutes=minute), address)
    ]
    return sorted(events, key=lambda event: event.timestamp or T0)


def evaluation_set() -> tuple[list[Event], dict[tuple[str, datetime], str]]:
    """Half an hour after the baseline; about 4 % of (address, minute) windows are attacks."""
    rng = random.Random(2)
    start = T0 + timedelta(hours=2)
    truth: dict[tuple[str, datetime], str] = {}
    events: list[Event] = []
    for minute in range(30):
        for address in ADDRESSES:
            window = start + timedelta(minutes=minute)
            if rng.random() < 0.04:
                kind = ANOMALY_KINDS[len(truth) % len(ANOMALY_KINDS)]
                truth[(f"ip:{address}", window)] = kind
                events.extend(anomalous_window(rng, window, address, kind))
            else:
                events.extend(normal_window(rng, window, address))
    return sorted(events, key=lambda event: event.timestamp or start), truth


def replay(detector: Detector, events: Iterable[Event]) -> list[Alert]:
    alerts = [alert for event in events for alert in detector.observe(event)]
    return [*alerts, *detector.flush(END_OF_INPUT)]


def scores(alerts: list[Alert], truth: dict[tuple[str, datetime], str]) -> tuple[float, float, float]:
    flagged = {(alert.entity, alert.window_start) for alert in alerts}
    true_positives = len(flagged & truth.keys())
    precision = true_positives / len(flagged)
    recall = true_positives / len(truth)
    return precision, recall, 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def model() -> AnomalyModel:
    return train_baseline(baseline_events(), {})


def test_baseline_model_finds_injected_anomalies_with_precision_and_recall(model: AnomalyModel) -> None:
    events, truth = evaluation_set()
    assert len(truth) == 27 and set(truth.values()) == set(ANOMALY_KINDS)
    alerts = replay(AnomalyDetector(model=model), events)
    precision, recall, f1 = scores(alerts, truth)
    assert (round(precision, 3), round(recall, 3), round(f1, 3)) == (0.964, 1.0, 0.982)
    assert precision >= 0.8 and recall >= 0.8


def test_anomaly_alert_names_the_deviating_features(model: AnomalyModel) -> None:
    rng = random.Random(3)
    start = T0 + timedelta(hours=3)
    events = sorted(anomalous_window(rng, start, "203.0.113.50", "enumeration"), key=lambda e: e.timestamp or start)
    (alert,) = replay(AnomalyDetector(model=model), events)
    assert (alert.rule_id, alert.entity, alert.window_start, alert.window_end) == (
        "anomaly/baseline",
        "ip:203.0.113.50",
        start,
        start + timedelta(seconds=60),
    )
    features = [deviation["feature"] for deviation in alert.details["deviations"]]
    assert features[:3] == ["distinct_paths", "request_count", "status_4xx_share"]
    top = alert.details["deviations"][0]
    assert top["value"] == 120 and top["z"] > 5
    assert "distinct_paths 120 vs baseline" in alert.description
    assert alert.details["requests"] == 120 and len(alert.evidence) == 5


def test_model_round_trips_through_json_and_scores_identically(model: AnomalyModel, tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    model.save(path)
    document = json.loads(path.read_text())
    assert (document["format"], document["version"]) == ("pavedroad-anomaly-model", 1)
    assert document["feature_names"] == list(BASE_FEATURES)
    loaded = AnomalyModel.load(path)
    probe = [[20.0, 12.0, 0.9, 0.05, 0.05, 0.0, 5000.0, 0.05], [400.0, 30.0, 1.0, 0.0, 0.0, 0.0, 5000.0, 0.0]]
    assert loaded.scores(probe) == model.scores(probe)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 2}, "model version 2 is not supported (this pavedroad reads 1); retrain the baseline"),
        ({"format": "pickle"}, "not a pavedroad anomaly model (expected format 'pavedroad-anomaly-model')"),
        ({"feature_names": ["a"]}, "feature_names do not match this pavedroad's feature layout; retrain the baseline"),
        ({"training": [[1, 2]]}, "every training row must hold 8 numbers"),
    ],
)
def test_model_file_problems_are_named(
    model: AnomalyModel, tmp_path: Path, change: dict[str, object], message: str
) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({**model.to_json(), **change}))
    with pytest.raises(ModelError) as raised:
        AnomalyModel.load(path)
    assert str(raised.value) == f"{path}: {message}"


def test_build_detectors_loads_the_configured_model_or_says_why_not(model: AnomalyModel, tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    model.save(path)
    detectors = build_detectors({"detect": {"anomaly": {"model_path": str(path)}}})
    assert detectors[-1].name == "anomaly"
    missing = tmp_path / "missing.json"
    with pytest.raises(
        DetectionConfigError, match=r"monitor\.detect\.anomaly\.model_path: .*missing\.json: cannot read"
    ):
        build_detectors({"detect": {"anomaly": {"model_path": str(missing)}}})
    assert "anomaly" not in [detector.name for detector in build_detectors({})]
    assert "anomaly scoring is off" in " ".join(load_detections({}).notes)


def test_template_ids_of_text_logs_become_top_n_features() -> None:
    rng = random.Random(4)
    templates = ["1", "1", "1", "2", "2", "3"]
    events = [
        Event(
            "text",
            T0 + timedelta(minutes=minute, seconds=second),
            {HOST: f"app-{minute % 3}", TEMPLATE_ID: rng.choice(templates), MESSAGE: "x"},
            "x",
        )
        for minute in range(30)
        for second in range(0, 60, 3)
    ]
    trained = train_baseline(events, {"detect": {"anomaly": {"template_buckets": 2}}})
    assert trained.templates == ("1", "2")
    assert (
        trained.feature_names
        == feature_names(("1", "2"))
        == (
            *BASE_FEATURES,
            "template_1",
            "template_2",
            "template_other",
        )
    )


def test_online_mode_learns_as_it_goes_and_flags_the_injected_windows() -> None:
    online = OnlineScorer(threshold=0.8, warmup=50, min_z=5.0, extreme_z=10.0, seed=0)
    detector = AnomalyDetector(online=online)
    # While learning the first hour (1200 windows), a few heavy-tailed normal windows stand out.
    warm = replay(detector, baseline_events())
    assert len(warm) == 5 and {alert.rule_id for alert in warm} == {"anomaly/online"}
    events, truth = evaluation_set()
    detector = AnomalyDetector(online=online)
    precision, recall, f1 = scores(replay(detector, events), truth)
    assert (round(precision, 3), round(recall, 3), round(f1, 3)) == (0.931, 1.0, 0.964)
    assert recall >= 0.8 and precision >= 0.8


def test_online_mode_is_chosen_in_config() -> None:
    detectors = build_detectors({"detect": {"anomaly": {"mode": "online"}}})
    assert detectors[-1].name == "anomaly"
    with pytest.raises(DetectionConfigError, match="mode: expected 'baseline' or 'online'"):
        build_detectors({"detect": {"anomaly": {"mode": "magic"}}})
