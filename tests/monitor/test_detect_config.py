"""`[monitor.detect]` configuration: defaults, thresholds, errors naming the key, rule folders."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pavedroad.monitor.detect import DetectionConfigError, build_detectors, load_detections
from pavedroad.monitor.detect.stateful.bruteforce import BruteForceDetector, BruteForceSettings

FIXTURES = Path(__file__).parent.parent / "fixtures" / "monitor" / "sigma"


def test_defaults_turn_on_every_built_in_detection() -> None:
    detections = load_detections({})
    assert [detector.name for detector in detections.detectors] == [
        "sigma",
        "bruteforce",
        "stuffing",
        "scanners",
        "injection",
        "privesc",
        "rates",
    ]
    assert detections.rule_issues == ()
    assert detections.notes == ()
    assert detections.unconfigured == (
        "new-country logins (monitor.detect.geo.database: a GeoIP database)",
        "anomaly scoring (monitor.detect.anomaly.model_path: a model from --train-baseline)",
    )


def test_thresholds_and_switches_come_from_config() -> None:
    config = {"detect": {"bruteforce": {"failures": 4, "window": 30}, "rates": {"enabled": False}}}
    detectors = build_detectors(config)
    brute = next(detector for detector in detectors if isinstance(detector, BruteForceDetector))
    assert brute.settings == BruteForceSettings(failures=4, window=30.0)
    assert "rates" not in [detector.name for detector in detectors]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"detect": {"bruteforce": {"treshold": 3}}}, "monitor.detect.bruteforce: unknown key 'treshold'"),
        ({"detect": {"bruteforce": {"failures": "ten"}}}, "monitor.detect.bruteforce.failures: expected a number"),
        ({"detect": {"scanners": {"enabled": "yes"}}}, "monitor.detect.scanners.enabled: expected true or false"),
        ({"detect": {"group_window": -1}}, "monitor.detect.group_window: must not be negative"),
        ({"detect": {"sigma": {"rule_dirs": ["/nonexistent/rules"]}}}, "/nonexistent/rules does not exist"),
        ({"detect": "on"}, "monitor.detect: expected a table"),
    ],
)
def test_bad_config_names_the_key(config: dict[str, object], message: str) -> None:
    with pytest.raises(DetectionConfigError) as raised:
        build_detectors(config)
    assert message in str(raised.value)


def test_user_rule_folders_load_beside_the_built_ins_and_report_their_issues() -> None:
    detections = load_detections({"detect": {"sigma": {"rule_dirs": [str(FIXTURES)]}}})
    sigma = detections.detectors[0]
    assert sigma.name == "sigma"
    assert len(sigma.rules) == 15 + 3  # type: ignore[attr-defined]
    assert len(detections.rule_issues) == 8
    only_users = load_detections({"detect": {"sigma": {"builtin": False, "rule_dirs": [str(FIXTURES / "good")]}}})
    assert len(only_users.detectors[0].rules) == 3  # type: ignore[attr-defined]


def test_geo_database_configured_without_maxminddb_is_a_note(tmp_path: Path) -> None:
    if importlib.util.find_spec("maxminddb") is not None:
        pytest.skip("maxminddb is installed here")
    database = tmp_path / "GeoLite2-Country.mmdb"
    database.write_bytes(b"not really")
    detections = load_detections({"detect": {"geo": {"database": str(database)}}})
    assert "geo: the 'maxminddb' package is not installed; new-country logins are off" in detections.notes
    assert "geo" not in [detector.name for detector in detections.detectors]
