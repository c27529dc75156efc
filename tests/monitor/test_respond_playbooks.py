"""Response playbooks: dry-run by default, real harmless commands, audit lines, cooldown, rate limits, webhooks."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import pytest
from receivers import WebhookReceiver, make_alert

from pavedroad.core.findings import Severity
from pavedroad.monitor.model import Alert
from pavedroad.monitor.respond import build_playbooks

# Writes argv[2] into the file argv[1]: a harmless stand-in for `nft add element ...`.
WRITE_FILE = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])"


class FakeClock:
    """Monotonic seconds that only move when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def block_ip_playbook(target: Path, **extra: Any) -> dict[str, Any]:
    return {"name": "block-ip", "match": {"rule_id": "auth/*", "min_severity": "high", "entity_kind": "ip"},
            "action": {"type": "command", "argv": [sys.executable, "-c", WRITE_FILE, str(target), "{ip}"]},
            **extra}  # fmt: skip


def respond(tmp_path: Path, playbooks: list[dict[str, Any]], clock: FakeClock | None = None, **settings: Any) -> Any:
    config = {"respond": {"audit_log": str(tmp_path / "audit.jsonl"), "playbooks": playbooks, **settings}}
    return build_playbooks(config, clock=clock or FakeClock())


def audit_lines(tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "audit.jsonl"
    lines = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    for line in lines:
        assert line.pop("time").endswith("+00:00")
    return lines


def send(sinks: list[Any], alert: Alert) -> None:
    for sink in sinks:
        sink.send(alert)


def test_dry_run_is_the_default_and_only_records_what_would_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    target = tmp_path / "blocked"
    sinks = respond(tmp_path, [block_ip_playbook(target)])
    alert = make_alert()
    with caplog.at_level(logging.INFO, logger="pavedroad.monitor.respond"):
        send(sinks, alert)
    assert not target.exists()
    argv = [sys.executable, "-c", WRITE_FILE, str(target), "203.0.113.9"]
    assert audit_lines(tmp_path) == [{"playbook": "block-ip", "alert_id": alert.id, "rule_id": "auth/ssh-brute-force",
                                      "entity": "ip:203.0.113.9", "dry_run": True, "action": "command",
                                      "argv": argv, "result": "dry_run"}]  # fmt: skip
    assert f"playbook block-ip (dry run): would run command {{'argv': {argv!r}}}" in caplog.messages


def test_a_real_run_executes_the_argv_and_audits_the_exit_code(tmp_path: Path) -> None:
    target = tmp_path / "blocked"
    sinks = respond(tmp_path, [block_ip_playbook(target)], dry_run=False)
    send(sinks, make_alert())
    assert target.read_text() == "203.0.113.9"
    (line,) = audit_lines(tmp_path)
    assert (line["dry_run"], line["result"], line["exit_code"]) == (False, "ok", 0)
    assert "stderr" not in line


def test_a_failing_command_records_exit_code_and_trimmed_stderr(tmp_path: Path) -> None:
    program = "import sys; sys.stderr.write('x' * 600 + 'no such set'); sys.exit(3)"
    playbook = {"name": "fails", "action": {"type": "command", "argv": [sys.executable, "-c", program, "{ip}"]}}
    send(respond(tmp_path, [playbook], dry_run=False), make_alert())
    (line,) = audit_lines(tmp_path)
    assert (line["result"], line["exit_code"]) == ("failed", 3)
    assert line["stderr"] == "x" * 489 + "no such set"  # the last 500 characters


def test_a_command_that_hangs_is_killed_after_its_timeout(tmp_path: Path) -> None:
    program = "import time; time.sleep(60)"
    playbook = {"name": "hangs", "action": {"type": "command", "argv": [sys.executable, "-c", program],
                                            "timeout_seconds": 0.5}}  # fmt: skip
    send(respond(tmp_path, [playbook], dry_run=False), make_alert())
    (line,) = audit_lines(tmp_path)
    assert (line["result"], line["reason"]) == ("timeout", "killed after 0.5s")


def test_a_missing_program_is_a_failed_action_not_a_crash(tmp_path: Path) -> None:
    playbook = {"name": "missing", "action": {"type": "command", "argv": ["/nonexistent/pavedroad-nft", "{ip}"]}}
    send(respond(tmp_path, [playbook], dry_run=False), make_alert())
    (line,) = audit_lines(tmp_path)
    assert (line["result"], line["reason"]) == ("failed", "/nonexistent/pavedroad-nft: No such file or directory")


def test_placeholders_inside_arguments_keep_other_braces(tmp_path: Path) -> None:
    argv = ["nft", "add", "element", "inet", "filter", "blocklist", "{ {ip} }", "# {rule_id} {alert_id}"]
    playbook = {"name": "nft", "action": {"type": "command", "argv": argv}}
    alert = make_alert(entity="ip:2001:DB8:0::1")
    send(respond(tmp_path, [playbook]), alert)
    (line,) = audit_lines(tmp_path)
    assert line["argv"] == ["nft", "add", "element", "inet", "filter", "blocklist", "{ 2001:db8::1 }",
                            f"# auth/ssh-brute-force {alert.id}"]  # fmt: skip


def test_match_on_rule_glob_severity_and_entity_kind(tmp_path: Path) -> None:
    sinks = respond(tmp_path, [block_ip_playbook(tmp_path / "blocked")])
    send(sinks, make_alert(0, rule_id="web/sql-injection"))
    send(sinks, make_alert(1, severity=Severity.MEDIUM))
    send(sinks, make_alert(2, entity="user:alice"))
    assert audit_lines(tmp_path) == []
    send(sinks, make_alert(3, severity=Severity.CRITICAL))
    assert [line["alert_id"] for line in audit_lines(tmp_path)] == [make_alert(3, severity=Severity.CRITICAL).id]


def test_cooldown_is_per_entity_and_expires(tmp_path: Path) -> None:
    clock = FakeClock()
    sinks = respond(tmp_path, [block_ip_playbook(tmp_path / "blocked", cooldown_seconds=600)], clock)
    send(sinks, make_alert(0))
    send(sinks, make_alert(1))  # same address, within the cooldown: nothing, not even an audit line
    send(sinks, make_alert(2, entity="ip:198.51.100.7"))
    clock.now += 600
    send(sinks, make_alert(3))
    assert [(line["entity"], line["alert_id"]) for line in audit_lines(tmp_path)] == [
        ("ip:203.0.113.9", make_alert(0).id),
        ("ip:198.51.100.7", make_alert(2, entity="ip:198.51.100.7").id),
        ("ip:203.0.113.9", make_alert(3).id),
    ]


def test_playbook_token_bucket_limits_and_refills(tmp_path: Path) -> None:
    clock = FakeClock()
    playbook = block_ip_playbook(tmp_path / "blocked", max_actions_per_minute=2)
    sinks = respond(tmp_path, [playbook], clock)
    for number in range(3):
        send(sinks, make_alert(number, entity=f"ip:192.0.2.{number}"))
    clock.now += 30  # half a minute refills one of two tokens
    send(sinks, make_alert(3, entity="ip:192.0.2.3"))
    send(sinks, make_alert(4, entity="ip:192.0.2.4"))
    assert [(line["entity"], line["result"]) for line in audit_lines(tmp_path)] == [
        ("ip:192.0.2.0", "dry_run"), ("ip:192.0.2.1", "dry_run"), ("ip:192.0.2.2", "rate_limited"),
        ("ip:192.0.2.3", "dry_run"), ("ip:192.0.2.4", "rate_limited"),
    ]  # fmt: skip


def test_a_rate_limited_entity_is_not_put_in_cooldown(tmp_path: Path) -> None:
    clock = FakeClock()
    sinks = respond(tmp_path, [block_ip_playbook(tmp_path / "blocked", max_actions_per_minute=1)], clock)
    send(sinks, make_alert(0, entity="ip:192.0.2.1"))
    send(sinks, make_alert(1, entity="ip:192.0.2.2"))
    clock.now += 60
    send(sinks, make_alert(2, entity="ip:192.0.2.2"))
    assert [line["result"] for line in audit_lines(tmp_path)] == ["dry_run", "rate_limited", "dry_run"]


def test_the_global_limit_spans_playbooks_and_spares_their_own_buckets(tmp_path: Path) -> None:
    clock = FakeClock()
    first = block_ip_playbook(tmp_path / "a", name="first")
    second = block_ip_playbook(tmp_path / "b", name="second", max_actions_per_minute=1)
    sinks = respond(tmp_path, [first, second], clock, max_actions_per_minute=1)
    send(sinks, make_alert(0))
    clock.now += 60
    send(sinks, make_alert(1, entity="ip:192.0.2.1"))
    assert [(line["playbook"], line["result"]) for line in audit_lines(tmp_path)] == [
        ("first", "dry_run"), ("second", "rate_limited"), ("first", "dry_run"), ("second", "rate_limited"),
    ]  # fmt: skip
    # `second` never spent its own token, so with global capacity back it can act at once.
    clock.now += 60
    sinks[1].send(make_alert(2, entity="ip:192.0.2.2"))
    assert audit_lines(tmp_path)[-1]["result"] == "dry_run"


def test_webhook_action_posts_the_alert_and_audits_the_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAVEDROAD_TEST_RESPONDER_AUTH", "Bearer responder-test")
    receiver = WebhookReceiver()
    receiver.start()
    url = receiver.url + "/rollback"
    headers_env = {"Authorization": "PAVEDROAD_TEST_RESPONDER_AUTH"}
    playbook = {"name": "page", "action": {"type": "webhook", "url": url, "headers_env": headers_env}}
    alert = make_alert()
    send(respond(tmp_path, [playbook], dry_run=False), alert)
    receiver.stop()
    ((headers, body),) = receiver.received
    assert body == {"playbook": "page", "alert": alert.to_dict()}
    assert headers["Authorization"] == "Bearer responder-test"
    (line,) = audit_lines(tmp_path)
    assert (line["action"], line["url"], line["result"], line["http_status"]) == ("webhook", url, "ok", 200)
    assert "responder-test" not in (tmp_path / "audit.jsonl").read_text()


def test_a_playbook_may_opt_out_of_dry_run_on_its_own(tmp_path: Path) -> None:
    target = tmp_path / "blocked"
    send(respond(tmp_path, [block_ip_playbook(target, dry_run=False)]), make_alert())
    assert target.read_text() == "203.0.113.9"
