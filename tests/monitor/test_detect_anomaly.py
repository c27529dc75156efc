"""Anomaly scoring: baseline training (per entity kind), JSON save/load (versions 1 and 2), explanations,
precision and recall."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pavedroad.monitor.detect import END_OF_INPUT, DetectionConfigError, build_detectors, load_detections
from pavedroad.monitor.detect.anomaly.detector import AnomalyDetector
from pavedroad.monitor.detect.anomaly.features import BASE_FEATURES, BaselineCollector, feature_names
from pavedroad.monitor.detect.anomaly.model import (
    POOLED,
    AnomalyModel,
    KindBaseline,
    ModelError,
    fit_baseline,
    train_baseline,
)
from pavedroad.monitor.detect.anomaly.online import OnlineScorer
from pavedroad.monitor.detect.batch import EventBatch
from pavedroad.monitor.detect.synthetic import ANOMALY_KINDS, SITE_PATHS, anomalous_window, normal_window, web_event
from pavedroad.monitor.model import HOST, MESSAGE, PROGRAM, TEMPLATE_ID, Alert, Detector, Event, Origin

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
    assert {"distinct_paths", "request_count", "status_4xx_share"} <= set(features[:4])
    top = alert.details["deviations"][0]
    assert top["value"] == 120 and top["z"] > 5
    assert "distinct_paths 120 vs baseline" in alert.description
    assert alert.details["requests"] == 120 and len(alert.evidence) == 5


def ip_baseline(model: AnomalyModel) -> KindBaseline:
    baseline = model.baseline_for("ip")
    assert baseline is not None
    return baseline


PROBE = [[20.0, 12.0, 0.9, 0.05, 0.05, 0.0, 5000.0, 0.05], [400.0, 30.0, 1.0, 0.0, 0.0, 0.0, 5000.0, 0.0]]


def test_model_round_trips_through_json_and_scores_identically(model: AnomalyModel, tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    model.save(path)
    document = json.loads(path.read_text())
    assert (document["format"], document["version"]) == ("pavedroad-anomaly-model", 2)
    assert document["feature_names"] == list(BASE_FEATURES)
    assert list(document["baselines"]) == ["ip"] and document["skipped"] == {}
    assert len(document["baselines"]["ip"]["training"]) == 1200  # 20 addresses, 60 minutes
    loaded = AnomalyModel.load(path)
    assert loaded.version == 2 and list(loaded.baselines) == ["ip"]
    assert ip_baseline(loaded).scores(PROBE) == ip_baseline(model).scores(PROBE)
    assert loaded.baseline_for("host") is None  # no host windows in this baseline: not scored


def v1_document(names: list[str], templates: list[str], training: list[list[float]]) -> dict[str, object]:
    """A model file as pavedroad wrote it before baselines per entity kind: one pooled training matrix."""
    return {
        "format": "pavedroad-anomaly-model",
        "version": 1,
        "created_with": {"scikit-learn": "1.5.0"},
        "parameters": {
            "window": 60.0,
            "contamination": 0.01,
            "n_estimators": 200,
            "max_samples": 256,
            "random_state": 0,
        },
        "feature_names": names,
        "templates": templates,
        "training": training,
    }


def test_a_version_1_model_file_still_loads_and_scores_every_kind_against_its_one_baseline(
    model: AnomalyModel, tmp_path: Path
) -> None:
    path = tmp_path / "v1.json"
    training = ip_baseline(model).training.tolist()
    path.write_text(json.dumps(v1_document(list(BASE_FEATURES), [], training)))
    loaded = AnomalyModel.load(path)
    assert loaded.version == 1 and list(loaded.baselines) == [POOLED] and loaded.skipped == {}
    pooled = loaded.baseline_for("ip")
    assert pooled is not None and loaded.baseline_for("host") is pooled and loaded.baseline_for("user") is pooled
    # the same matrix and parameters grow the same forest as the version 2 model's ip baseline
    assert pooled.scores(PROBE) == ip_baseline(model).scores(PROBE)
    rng = random.Random(3)
    start = T0 + timedelta(hours=3)
    burst = sorted(anomalous_window(rng, start, "203.0.113.50", "enumeration"), key=lambda e: e.timestamp or start)
    (alert,) = replay(AnomalyDetector(model=loaded), burst)
    assert alert.entity == "ip:203.0.113.50"
    assert alert.details == replay(AnomalyDetector(model=model), burst)[0].details
    # a host's window is scored too, against the one pooled baseline (which is what it was)
    hosts = [Event("syslog", start + timedelta(seconds=n), {HOST: "web-1", MESSAGE: "x"}, "x") for n in range(0, 60, 2)]
    detector = AnomalyDetector(model=loaded)
    replay(detector, hosts)
    assert detector.unscored == 0
    # saved again, it stays a version 1 file with the same matrix
    again = tmp_path / "again.json"
    loaded.save(again)
    document = json.loads(again.read_text())
    assert document["version"] == 1 and document["training"] == training and "baselines" not in document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"version": 3},
            "model version 3 is not supported (this pavedroad reads versions 1 and 2); retrain the baseline",
        ),
        (
            {"version": "2"},
            "model version '2' is not supported (this pavedroad reads versions 1 and 2); retrain the baseline",
        ),
        (
            {"version": True},
            "model version True is not supported (this pavedroad reads versions 1 and 2); retrain the baseline",
        ),
        ({"format": "pickle"}, "not a pavedroad anomaly model (expected format 'pavedroad-anomaly-model')"),
        ({"feature_names": ["a"]}, "feature_names do not match this pavedroad's feature layout; retrain the baseline"),
        ({"baselines": {"ip": {"training": [[1, 2]]}}}, "every training row of kind 'ip' must hold 8 numbers"),
        (
            {"baselines": {"ip": {"training": [[1.0] * 8] * 5}}},
            "only 5 baseline windows of kind 'ip'; at least 20 are needed",
        ),
        (
            {"baselines": {"ip": {"training": [[float("nan")] * 8]}}},
            "training rows of kind 'ip' must hold finite numbers only",
        ),
        ({"baselines": {}}, "baselines must map 1 to 64 entity kinds to their training"),
        ({"baselines": {"ip:x": {"training": []}}}, "baselines: 'ip:x' is not an entity kind (letters, digits, _ . -)"),
        ({"baselines": {"*": {"training": []}}}, "baselines: '*' is not an entity kind (letters, digits, _ . -)"),
        ({"baselines": {"ip": [[1.0] * 8]}}, "baselines: kind 'ip' must hold its training"),
        ({"skipped": {"host": 500}}, "skipped must map entity kinds to their window counts (below 20)"),
        ({"version": 1}, "training must be a list of at most 200000 rows"),  # a version 2 body read as version 1
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


def test_version_1_file_problems_are_named_as_before(tmp_path: Path) -> None:
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(v1_document(list(BASE_FEATURES), [], [[1, 2]])))
    with pytest.raises(ModelError, match=r"every training row must hold 8 numbers$"):
        AnomalyModel.load(path)
    path.write_text(json.dumps(v1_document(list(BASE_FEATURES), [], [[1.0] * 8] * 5)))
    with pytest.raises(ModelError, match=r"only 5 baseline windows; at least 20 are needed$"):
        AnomalyModel.load(path)


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
    assert "anomaly scoring (monitor.detect.anomaly.model_path" in " ".join(load_detections({}).unconfigured)


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


HOSTS = ("web-1", "web-2", "web-3")
CLIENTS = [f"10.1.{n // 100}.{n % 100}" for n in range(200)]
SYSLOG_TEMPLATES = ("1", "2", "3", "4")


def syslog_event(at: datetime, host: str, template: str) -> Event:
    message = f"message of template {template}"
    raw = f"{at:%b %d %H:%M:%S} {host} app[42]: {message}"
    fields = {HOST: host, PROGRAM: "app", MESSAGE: message, TEMPLATE_ID: template}
    return Event("syslog", at, fields, raw, Origin("/var/log/syslog"))


def mixed_traffic(start: datetime, minutes: int, seed: int) -> list[Event]:
    """A shop's minute as the monitor sees it: 200 web clients making 1-3 requests each, and three
    hosts logging about 100 syslog lines each (four templates)."""
    rng = random.Random(seed)
    events = []
    for minute in range(minutes):
        base = start + timedelta(minutes=minute)
        for ip in CLIENTS:
            for _ in range(rng.randint(1, 3)):
                at = base + timedelta(seconds=rng.uniform(0, 59.999))
                events.append(web_event(at, ip, rng.choice(SITE_PATHS), size=rng.randint(800, 9000)))
        for host in HOSTS:
            for _ in range(rng.randint(90, 110)):
                at = base + timedelta(seconds=rng.uniform(0, 59.999))
                events.append(syslog_event(at, host, rng.choices(SYSLOG_TEMPLATES, weights=(50, 30, 15, 5))[0]))
    return sorted(events, key=lambda event: event.timestamp or start)


def audit_events(start: datetime, minutes: int) -> list[Event]:
    """Events with neither a source address nor a host: their entity is the log (kind "source")."""
    return [
        Event("k8s_audit", start + timedelta(minutes=minute, seconds=n), {"verb": "list"}, "{}", Origin("audit.log"))
        for minute in range(minutes)
        for n in range(0, 60, 10)
    ]


def enumeration_burst(start: datetime, ip: str = "203.0.113.9") -> list[Event]:
    return [web_event(start + timedelta(seconds=n / 5), ip, f"/guess-{n}", 404, size=153) for n in range(300)]


@pytest.fixture(scope="module")
def mixed_model() -> AnomalyModel:
    return train_baseline(mixed_traffic(T0, 40, seed=11), {})


def test_each_kind_of_entity_has_its_own_baseline_so_busy_hosts_are_not_outliers(mixed_model: AnomalyModel) -> None:
    assert mixed_model.version == 2 and mixed_model.skipped == {}
    assert {kind: baseline.training.shape[0] for kind, baseline in mixed_model.baselines.items()} == {
        "host": 120,
        "ip": 8000,
    }
    assert mixed_model.templates == SYSLOG_TEMPLATES  # one feature layout shared by every kind
    fresh = mixed_traffic(T0 + timedelta(hours=2), 30, seed=12)
    detector = AnomalyDetector(model=mixed_model)
    assert replay(detector, fresh) == []
    assert detector.unscored == 0

    start = T0 + timedelta(hours=2, minutes=10)
    attacked = sorted([*fresh, *enumeration_burst(start)], key=lambda event: event.timestamp or start)
    alerts = replay(AnomalyDetector(model=mixed_model), attacked)
    assert [(alert.rule_id, alert.entity, alert.window_start) for alert in alerts] == [
        ("anomaly/baseline", "ip:203.0.113.9", start)
    ]
    # explained against the clients' baseline (1-3 requests), not one pooled with the hosts' ~100
    ip = mixed_model.baselines["ip"]
    found = {deviation["feature"]: deviation for deviation in alerts[0].details["deviations"]}
    assert found["request_count"]["value"] == 300
    assert found["request_count"]["baseline_mean"] == round(float(ip.mean[0]), 4)
    assert found["request_count"]["baseline_std"] == round(float(ip.spread[0]), 4)
    assert 1.9 < found["request_count"]["baseline_mean"] < 2.1
    assert found["status_4xx_share"]["baseline_mean"] == 0.0


def test_one_pooled_baseline_flags_every_busy_host_window_which_per_kind_baselines_do_not(
    mixed_model: AnomalyModel,
) -> None:
    """What a version 1 (pooled) model makes of the same traffic: the reason for baselines per kind."""
    pooled = AnomalyModel(
        mixed_model.feature_names, mixed_model.templates, {POOLED: mixed_model.training}, mixed_model.parameters
    )
    fresh = mixed_traffic(T0 + timedelta(hours=2), 30, seed=12)
    alerts = replay(AnomalyDetector(model=pooled), fresh)
    # 59 of the 90 host windows (3 hosts, 30 minutes), and nothing else
    assert len(alerts) == 59 and {alert.entity for alert in alerts} == {f"host:{host}" for host in HOSTS}
    # windows closed together are scored in one pass per baseline; the alerts come out in closing order
    detector = AnomalyDetector(model=pooled)
    batched = [*detector.observe_batch(EventBatch(fresh)), *detector.flush(END_OF_INPUT)]
    assert batched == alerts


def test_a_batch_mixing_kinds_is_scored_per_kind_and_alerts_in_closing_order(mixed_model: AnomalyModel) -> None:
    start = T0 + timedelta(hours=2)
    events = sorted(
        [*mixed_traffic(start, 3, seed=14), *enumeration_burst(start), *enumeration_burst(start, "203.0.113.10")],
        key=lambda event: event.timestamp or start,
    )
    one_by_one = replay(AnomalyDetector(model=mixed_model), events)
    detector = AnomalyDetector(model=mixed_model)
    batched = [*detector.observe_batch(EventBatch(events)), *detector.flush(END_OF_INPUT)]
    assert batched == one_by_one
    assert [alert.entity for alert in batched] == ["ip:203.0.113.9", "ip:203.0.113.10"]


def test_a_kind_with_too_few_windows_is_skipped_reported_and_left_unscored(tmp_path: Path) -> None:
    events = sorted([*mixed_traffic(T0, 25, seed=13), *audit_events(T0, 5)], key=lambda event: event.timestamp or T0)
    # the collector is fed as the runtime feeds a detector: in batches, with periodic flushes
    collector = BaselineCollector(60.0)
    for first in range(0, len(events), 2000):
        batch = EventBatch(events[first : first + 2000])
        assert collector.observe_batch(batch) == ()
        assert collector.flush(datetime.fromtimestamp(batch.until, UTC)) == ()
    assert collector.flush(END_OF_INPUT) == ()
    model = fit_baseline(collector.windows, {})
    assert model.skipped == {"source": 5} and list(model.baselines) == ["host", "ip"]
    assert model.training.shape == (75 + 5000, len(model.feature_names))
    assert model.training.tolist() == train_baseline(events, {}).training.tolist()  # the pull-based way agrees

    path = tmp_path / "model.json"
    model.save(path)
    loaded = AnomalyModel.load(path)
    assert json.loads(path.read_text())["skipped"] == {"source": 5} and loaded.skipped == {"source": 5}
    later = T0 + timedelta(hours=1)
    detector = AnomalyDetector(model=loaded)
    events = sorted([*audit_events(later, 3), *enumeration_burst(later)], key=lambda event: event.timestamp or later)
    assert [alert.entity for alert in replay(detector, events)] == ["ip:203.0.113.9"]
    assert detector.unscored == 3 and detector.unscored_kinds == {"source": 3}


def test_training_without_enough_windows_of_any_kind_says_so() -> None:
    client = [web_event(T0 + timedelta(seconds=20 * n), "198.51.100.7", "/") for n in range(15)]  # 5 windows
    host = [syslog_event(T0 + timedelta(seconds=n), "web-1", "1") for n in range(0, 180, 2)]  # 3 windows
    events = sorted([*client, *host, *audit_events(T0, 2)], key=lambda event: event.timestamp or T0)
    with pytest.raises(ModelError) as raised:
        train_baseline(events, {})
    assert str(raised.value) == (
        "only 3 host windows and 5 ip windows and 2 source windows; a baseline needs at least 20 windows of one "
        "kind of entity (ip, host or source)"
    )
    with pytest.raises(ModelError, match=r"^no baseline windows; a baseline needs at least 20 windows"):
        train_baseline([], {})


def test_a_saved_per_kind_model_scores_identically_after_loading(mixed_model: AnomalyModel, tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    mixed_model.save(path)
    document = json.loads(path.read_text())
    assert document["version"] == 2 and sorted(document["baselines"]) == ["host", "ip"]
    assert "training" not in document
    loaded = AnomalyModel.load(path)
    start = T0 + timedelta(hours=2)
    events = sorted([*mixed_traffic(start, 5, seed=16), *enumeration_burst(start)], key=lambda e: e.timestamp or start)
    for kind in ("host", "ip"):
        vectors = ip_baseline(mixed_model).training[:50].tolist()
        assert loaded.baselines[kind].scores(vectors) == mixed_model.baselines[kind].scores(vectors)
        assert loaded.baselines[kind].mean.tolist() == mixed_model.baselines[kind].mean.tolist()
    assert replay(AnomalyDetector(model=loaded), events) == replay(AnomalyDetector(model=mixed_model), events)


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


def test_sparse_clients_are_judged_with_counting_noise_and_enough_requests(mixed_model: AnomalyModel) -> None:
    ip = mixed_model.baselines["ip"]
    count = BASE_FEATURES.index("request_count")
    # the spread of a count is at least the square root of its mean; a client's 1-3 requests
    # per minute make a tight distribution, which alone would make 5 requests a 5-sigma event
    assert ip.spread[count] >= ip.mean[count] ** 0.5 > ip.std[count]
    detector = AnomalyDetector(model=mixed_model, min_requests=5)
    start = T0 + timedelta(hours=3)
    busy = [web_event(start + timedelta(seconds=n * 10), "198.51.100.7", "/cart", size=2000) for n in range(5)]
    one_miss = [web_event(start, "198.51.100.8", "/nope", 404, size=153)]  # one request, one 404: a 4xx share of 1
    alerts = [*detector.observe_batch(EventBatch([*busy, *one_miss])), *detector.flush(END_OF_INPUT)]
    assert alerts == []
    # a few requests that all fail are not enough to judge a share on; twenty are
    misses = [web_event(start + timedelta(seconds=n), "198.51.100.9", f"/x{n}", 404, size=153) for n in range(20)]
    detector = AnomalyDetector(model=mixed_model, min_requests=5)
    (alert,) = [*detector.observe_batch(EventBatch(misses)), *detector.flush(END_OF_INPUT)]
    features = {deviation["feature"] for deviation in alert.details["deviations"]}
    assert alert.entity == "ip:198.51.100.9" and "status_4xx_share" in features


def test_a_baseline_longer_than_a_model_file_holds_is_sampled_the_same_way_each_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pavedroad.monitor.detect.anomaly.model as model_module

    monkeypatch.setattr(model_module, "MAX_TRAINING_ROWS", 1000)
    windows = BaselineCollector(60.0)
    windows.observe_batch(EventBatch(mixed_traffic(T0, 10, seed=5)))
    closed = windows.finish()
    first, second = fit_baseline(closed, {}), fit_baseline(closed, {})
    ip = first.baselines["ip"]
    assert first.sampled_from == {"ip": 2000} and ip.training.shape[0] == 500  # 1000 rows shared by two kinds
    assert (ip.training == second.baselines["ip"].training).all()
    first.save(tmp_path / "model.json")
    assert AnomalyModel.load(tmp_path / "model.json").baselines["ip"].training.shape[0] == 500


def test_online_mode_learns_each_kind_of_entity_apart() -> None:
    online = OnlineScorer(threshold=0.8, warmup=50, min_z=5.0, extreme_z=10.0, seed=0)
    detector = AnomalyDetector(online=online, window=60.0)
    events = [*mixed_traffic(T0, 30, seed=3), *enumeration_burst(T0 + timedelta(minutes=31))]
    alerts = [*detector.observe_batch(EventBatch(events)), *detector.flush(END_OF_INPUT)]
    assert set(online.kinds) == {"ip", "host"}
    assert [alert.entity for alert in alerts] == ["ip:203.0.113.9"]  # the busy hosts are not outliers
