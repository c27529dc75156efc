"""`pavedroad monitor --train-baseline MODEL`: learning the anomaly baseline from logs, as a user runs it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from helpers import run_cli
from test_monitor_cli import summary_value

from pavedroad.cli.monitor import monitor_command
from pavedroad.monitor.detect.anomaly.model import AnomalyModel
from pavedroad.monitor.detect.synthetic import benign_replay, web_event

SCORING_OFF = "anomaly scoring (monitor.detect.anomaly.model_path"


def write_benign_logs(folder: Path, minutes: int = 30) -> tuple[Path, Path]:
    """`minutes` of generated ordinary traffic as real log lines: an nginx access log and an auth log."""
    # yesterday, on the hour: the auth lines carry no year and are read as this year's
    start = (datetime.now(UTC) - timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    events = benign_replay(start, minutes=minutes)
    access, auth = folder / "access.log.1", folder / "auth.log.1"
    access.write_text("".join(event.raw + "\n" for event in events if event.kind == "nginx"), encoding="utf-8")
    auth.write_text("".join(event.raw + "\n" for event in events if event.kind in ("sshd", "auth")), encoding="utf-8")
    return access, auth


def test_a_learned_model_is_read_back_and_turns_anomaly_scoring_on(tmp_path: Path) -> None:
    access, auth = write_benign_logs(tmp_path)
    model_path = tmp_path / "models" / "baseline.json"  # the folder does not exist yet
    config = tmp_path / "monitor.toml"
    config.write_text("[monitor.detect.anomaly]\nn_estimators = 50\n", encoding="utf-8")

    trained = run_cli("monitor", str(access), str(auth), "--train-baseline", str(model_path), "--config", str(config))
    assert trained.returncode == 0, trained.stderr
    assert trained.stdout == ""  # no detections ran, nothing was printed as an alert
    lines = len(access.read_text().splitlines()) + len(auth.read_text().splitlines())
    assert summary_value(trained.stderr, "lines read") == str(lines)
    assert summary_value(trained.stderr, "unparsable") == "0"
    model = AnomalyModel.load(model_path)
    assert model.parameters.n_estimators == 50  # the config's [monitor.detect.anomaly] was used
    assert summary_value(trained.stderr, "baseline windows") == f"{model.training.shape[0]} of 60 s"
    # a baseline per kind of entity: the web clients' and sshd's addresses; the one host window (sudo) is too few
    assert list(model.baselines) == ["ip"] and model.skipped == {"host": 1}
    assert summary_value(trained.stderr, "baseline ip") == f"{model.baselines['ip'].training.shape[0]} windows learned"
    assert summary_value(trained.stderr, "baseline host") == "skipped: only 1 window (fewer than 20: not scored)"
    assert summary_value(trained.stderr, "features").startswith(f"{len(model.feature_names)} ")
    assert summary_value(trained.stderr, "model written") == str(model_path.resolve())
    assert f'[monitor.detect.anomaly]\nmodel_path = "{model_path.resolve()}"' in trained.stderr

    unscored = run_cli("monitor", str(auth), "--once")
    assert SCORING_OFF in unscored.stderr  # without the model, the run says anomaly scoring is off
    config.write_text(f'[monitor.detect.anomaly]\nmodel_path = "{model_path}"\n', encoding="utf-8")
    monitored = run_cli("monitor", str(auth), "--once", "--config", str(config))
    assert monitored.returncode == 0, monitored.stderr
    assert SCORING_OFF not in monitored.stderr
    assert summary_value(monitored.stderr, "lines read") == str(len(auth.read_text().splitlines()))
    # the sudo lines' host window has no baseline of its kind: counted, not scored
    assert summary_value(monitored.stderr, "anomaly windows not scored (no baseline for their kind)") == "1 (host 1)"


def test_too_little_traffic_is_an_error_saying_how_much_is_needed(tmp_path: Path) -> None:
    start = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    log = tmp_path / "access.log"
    # one address for five minutes: five windows of 60 s
    log.write_text(
        "".join(web_event(start + timedelta(seconds=10 * n), "198.51.100.7", "/").raw + "\n" for n in range(30))
    )
    model_path = tmp_path / "model.json"
    result = run_cli("monitor", str(log), "--train-baseline", str(model_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert summary_value(result.stderr, "parsed") == "30 (nginx 30)"
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith(
        "pavedroad: error: --train-baseline: not enough traffic for a baseline: only 5 ip windows; "
    )
    assert "at least 20 windows of one kind of entity (ip, host or source)" in error and "20 minutes" in error
    assert not model_path.exists()


def test_listeners_and_record_conflict_with_training(tmp_path: Path) -> None:
    model = str(tmp_path / "model.json")
    for conflicting, named in (
        (["--syslog-udp", "127.0.0.1:5514"], "--syslog-udp"),
        (["--syslog-tcp", "127.0.0.1:5514"], "--syslog-tcp"),
        (["--redis", "redis://127.0.0.1:1/0", "--stream", "logs", "--group", "monitors"], "--redis"),
        (["--stdin", "--record"], "--record"),
    ):
        result = CliRunner().invoke(monitor_command, ["--train-baseline", model, *conflicting])
        assert result.exit_code == 2, result.output  # a click usage error: said before anything is opened
        assert "Error: --train-baseline" in result.stderr and named in result.stderr
    assert not Path(model).exists()


def test_a_missing_input_file_is_named_and_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "access.log.1"
    result = run_cli("monitor", str(missing), "--train-baseline", str(tmp_path / "model.json"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"pavedroad: error: {missing}: cannot read: No such file or directory"
