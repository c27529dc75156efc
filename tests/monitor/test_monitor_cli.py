"""`pavedroad monitor` as a user runs it: replays, stdin, state across runs, errors and exit codes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import redis
from helpers import run_cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "monitor"
ALERT_KEYS = {"id", "rule_id", "title", "severity", "entity", "window_start", "window_end", "count", "attack",
              "description", "details", "evidence"}  # fmt: skip


def summary_value(stderr: str, label: str) -> str:
    for line in stderr.splitlines():
        if line.startswith(label + ": "):
            return line.split(": ", 1)[1]
    raise AssertionError(f"no {label!r} in:\n{stderr}")


def test_a_replay_prints_a_summary_of_what_it_read(logs: Path) -> None:
    result = run_cli("monitor", str(logs / "auth.log"), str(logs / "nginx_combined.log"), "--once")
    assert result.returncode == 0, result.stderr
    assert summary_value(result.stderr, "lines read") == "19"
    assert summary_value(result.stderr, "parsed") == "19 (nginx 5, sshd 9, syslog 5)"
    assert summary_value(result.stderr, "unparsable") == "0"


def test_unparsable_lines_are_sampled_trimmed_in_the_summary(tmp_path: Path, logs: Path) -> None:
    log = tmp_path / "mixed.log"
    log.write_bytes((logs / "nginx_combined.log").read_bytes() + b"\x00\xffgarbage\n" + b"z" * 300 + b"\n")
    result = run_cli("monitor", str(log), "--once")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    start = lines.index("unparsable: 2")
    assert lines[start + 1] == f"  {log}:6: \\x00\\ufffdgarbage"
    assert lines[start + 2] == f"  {log}:7: {'z' * 160}…"
    assert summary_value(result.stderr, "undecodable bytes replaced") == "1"


def test_a_second_run_with_a_state_dir_reads_only_new_lines(tmp_path: Path, logs: Path) -> None:
    log = tmp_path / "auth.log"
    log.write_bytes((logs / "auth.log").read_bytes())
    state = tmp_path / "state"
    first = run_cli("monitor", str(log), "--once", "--state-dir", str(state))
    assert summary_value(first.stderr, "lines read") == "14"
    assert (state / "offsets.json").exists() and (state / "drain3-state.bin").exists()
    second = run_cli("monitor", str(log), "--once", "--state-dir", str(state))
    assert summary_value(second.stderr, "lines read") == "0"
    with log.open("ab") as handle:
        handle.write(b"Mar  5 10:01:00 web-1 sshd[999]: Accepted password for alice from 192.0.2.7 port 2222 ssh2\n")
    third = run_cli("monitor", str(log), "--once", "--state-dir", str(state))
    assert summary_value(third.stderr, "lines read") == "1"
    assert summary_value(third.stderr, "parsed") == "1 (sshd 1)"


def test_stdin_with_a_format_hint(logs: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pavedroad", "monitor", "--stdin", "--once", "--format-hint", "apache"],
        input=(logs / "apache_common.log").read_bytes() + (logs / "nginx_combined.log").read_bytes(),
        capture_output=True,
        timeout=300,
    )
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert summary_value(stderr, "parsed") == "6 (apache 6)"


def test_alerts_on_stdout_are_json_lines_one_per_counted_alert() -> None:
    result = run_cli("monitor", str(EXAMPLES / "attack.log"), "--once", "--output", "json")
    assert result.returncode == 0, result.stderr
    alerts = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(alerts) == int(summary_value(result.stderr, "alerts"))
    assert all(set(alert) == ALERT_KEYS for alert in alerts)
    assert summary_value(result.stderr, "unparsable") == "0"


def test_a_redis_stream_is_replayed_by_a_worker_of_a_group(redis_server: str, logs: Path) -> None:
    stream = f"logs-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(redis_server)
    for line in (logs / "auth.log").read_text(encoding="utf-8").splitlines():
        client.xadd(stream, {"line": line})
    args = ["monitor", "--redis", redis_server, "--stream", stream, "--group", "monitors", "--once"]
    first = run_cli(*args, "--consumer", "worker-1")
    assert first.returncode == 0, first.stderr
    assert summary_value(first.stderr, "parsed") == "14 (sshd 9, syslog 5)"
    again = run_cli(*args, "--consumer", "worker-2")
    assert summary_value(again.stderr, "lines read") == "0"  # the group already handled every entry
    assert client.xpending(stream, "monitors")["pending"] == 0
    client.close()


def test_usage_and_input_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "missing.log"
    result = run_cli("monitor", str(missing), "--once")
    assert result.returncode == 2
    assert result.stderr.strip() == f"pavedroad: error: {missing}: cannot read: No such file or directory"

    config = tmp_path / "monitor.toml"
    config.write_text('[monitor]\nformat_hint = "nginx"\nbatch_size = 10\n')
    result = run_cli("monitor", str(missing), "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.startswith(f"pavedroad: error: {config}: [monitor] unknown key 'batch_size'")
    assert len(result.stderr.strip().splitlines()) == 1

    config.write_text("[monitor]\nqueue_size = -1\n")
    result = run_cli("monitor", "--stdin", "--config", str(config))
    assert result.returncode == 2
    assert (
        result.stderr.strip() == f"pavedroad: error: {config}: [monitor] queue_size = -1: expected a positive integer"
    )

    config.write_text("[monitor\n")
    result = run_cli("monitor", "--stdin", "--config", str(config))
    assert result.returncode == 2 and f"{config}: invalid TOML" in result.stderr

    result = run_cli("monitor")
    assert result.returncode == 2 and "nothing to read" in result.stderr
    result = run_cli("monitor", "--syslog-udp", "127.0.0.1:5514", "--once")
    assert result.returncode == 2 and "a syslog listener never ends" in result.stderr
    result = run_cli("monitor", "--syslog-udp", "localhost", "--stdin")
    assert result.returncode == 2 and "expected HOST:PORT" in result.stderr


def test_a_config_section_sets_the_format_and_the_output(tmp_path: Path, logs: Path) -> None:
    config = tmp_path / "pavedroad.toml"
    config.write_text('[monitor]\nformat_hint = "apache"\noutput = "json"\ntemplates = false\n')
    result = run_cli("monitor", str(logs / "apache_vhost_combined.log"), "--once", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert summary_value(result.stderr, "parsed") == "1 (apache 1)"
    assert all(json.loads(line) for line in result.stdout.splitlines())


def test_following_stops_cleanly_on_sigterm_with_offsets_saved(tmp_path: Path, logs: Path) -> None:
    log = tmp_path / "access.log"
    log.write_bytes((logs / "nginx_combined.log").read_bytes())
    state = tmp_path / "state"
    process = subprocess.Popen(
        [sys.executable, "-m", "pavedroad", "monitor", str(log), "--state-dir", str(state)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        offsets = state / "offsets.json"
        # the monitor saves the offset once it has handled the lines: wait for that, bounded
        while time.monotonic() < deadline and process.poll() is None:
            if offsets.exists() and str(log.stat().st_size) in offsets.read_text():
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert process.returncode == 0, stderr
    assert summary_value(stderr, "lines read") == "5"
    assert json.loads(offsets.read_text())["files"][str(log)]["offset"] == log.stat().st_size
