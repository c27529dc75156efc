"""Hostile alert values cannot reach a command line; unsafe templates are refused at config time."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from receivers import make_alert

from pavedroad.core.errors import UsageError
from pavedroad.monitor.respond import build_playbooks

WRITE_FILE = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])"


def playbook_config(tmp_path: Path, argv: list[str], **settings: Any) -> dict[str, Any]:
    playbook = {"name": "act", "action": {"type": "command", "argv": argv}}
    return {"respond": {"audit_log": str(tmp_path / "audit.jsonl"), "dry_run": False, "playbooks": [playbook],
                        **settings}}  # fmt: skip


@pytest.mark.parametrize(
    ("placeholder", "changes", "reason"),
    [
        ("{ip}", {"entity": "ip:1.2.3.4; nft flush ruleset"},
         "{ip}: '1.2.3.4; nft flush ruleset' is not an IP address"),
        ("{ip}", {"entity": "ip:--flush"}, "{ip}: '--flush' is not an IP address"),
        ("{ip}", {"entity": "user:alice", "details": {"source.ip": "1.2.3.4 }"}},
         "{ip}: '1.2.3.4 }' is not an IP address"),
        ("{ip}", {"entity": "user:alice"}, "{ip}: 'None' is not an IP address"),
        ("{user}", {"entity": "user:-oProxyCommand=touch /tmp/x"},
         "{user}: '-oProxyCommand=touch /tmp/x' is not an acceptable user"),
        ("{user}", {"entity": "user:alice bob"}, "{user}: 'alice bob' is not an acceptable user"),
        ("{user}", {"entity": "user:root\n--force"}, "{user}: 'root\\n--force' is not an acceptable user"),
        ("{host}", {"entity": "host:$(reboot)"}, "{host}: '$(reboot)' is not an acceptable host"),
        ("{host}", {"entity": "host:-web"}, "{host}: '-web' is not an acceptable host"),
        ("{rule_id}", {"rule_id": "x' --all"}, "{rule_id}: \"x' --all\" is not an acceptable rule_id"),
    ],
)  # fmt: skip
def test_hostile_values_refuse_the_action_and_are_audited(
    tmp_path: Path, placeholder: str, changes: dict[str, Any], reason: str
) -> None:
    target = tmp_path / "effect"
    (sink,) = build_playbooks(playbook_config(tmp_path, [sys.executable, "-c", WRITE_FILE, str(target), placeholder]))
    alert = make_alert(**changes)
    sink.send(alert)
    assert not target.exists()
    (line,) = (json.loads(text) for text in (tmp_path / "audit.jsonl").read_text().splitlines())
    assert (line["alert_id"], line["result"], line["reason"]) == (alert.id, "rejected", reason)
    assert "argv" not in line


def test_accepted_values_pass_through_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "effect"
    argv = [sys.executable, "-c", WRITE_FILE, str(target), "{user}@{host}"]
    (sink,) = build_playbooks(playbook_config(tmp_path, argv))
    sink.send(make_alert(entity="user:svc_deploy.bot", details={"host.name": "web-1.prod.example"}))
    assert target.read_text() == "svc_deploy.bot@web-1.prod.example"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["/bin/sh", "-c", "nft add element inet filter blocklist {ip}"],
         "monitor.respond.playbooks[0].action.argv[0]: '/bin/sh' is a shell; give the program and its arguments "
         "directly"),
        (["bash", "-c", "x"], "monitor.respond.playbooks[0].action.argv[0]: 'bash' is a shell"),
        (["{host}", "x"], "monitor.respond.playbooks[0].action.argv[0]: the program may not come from an alert field"),
        (["nft", "{address}"],
         "monitor.respond.playbooks[0].action.argv[1]: unknown placeholder {address} (known: {ip}, {user}, {host}, "
         "{rule_id}, {alert_id})"),
        ([], "monitor.respond.playbooks[0].action.argv: expected a non-empty array of strings, got []"),
        ("nft add element", "monitor.respond.playbooks[0].action.argv: expected a non-empty array of strings"),
    ],
)  # fmt: skip
def test_unsafe_templates_are_refused_when_the_config_is_read(tmp_path: Path, argv: Any, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        build_playbooks(playbook_config(tmp_path, argv))
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(
    ("respond", "message"),
    [
        ({"playbooks": [{"name": "a", "action": {"type": "command", "argv": ["true"]}}]},
         "monitor.respond.audit_log: required"),
        ({"audit_log": "a.jsonl", "dry_run": "no"}, "monitor.respond.dry_run: expected true or false, got 'no'"),
        ({"audit_log": "a.jsonl", "max_actions_per_minute": 0},
         "monitor.respond.max_actions_per_minute: expected an integer >= 1, got 0"),
        ({"audit_log": "a.jsonl", "playbook": []}, "monitor.respond.playbook: unknown key"),
        ({"audit_log": "a.jsonl", "playbooks": [{"name": "a", "action": {"type": "email"}}]},
         "monitor.respond.playbooks[0].action.type: expected one of command, webhook, got 'email'"),
        ({"audit_log": "a.jsonl", "playbooks": [{"name": "a", "match": {"min_severity": "severe"},
                                                 "action": {"type": "command", "argv": ["true"]}}]},
         "monitor.respond.playbooks[0].match.min_severity: expected one of critical, high, medium, low, info, "
         "got 'severe'"),
        ({"audit_log": "a.jsonl", "playbooks": [{"name": "a", "action": {"type": "command", "argv": ["true"]}}] * 2},
         "monitor.respond.playbooks[1].name: 'a' is used by two playbooks"),
        ({"audit_log": "a.jsonl", "playbooks": [{"name": "a", "action": {
            "type": "webhook", "url": "http://h", "headers_env": {"X-Key": "PAVEDROAD_TEST_UNSET"}}}]},
         "monitor.respond.playbooks[0].action.headers_env.X-Key: environment variable PAVEDROAD_TEST_UNSET is not set"),
    ],
)  # fmt: skip
def test_invalid_respond_tables_name_the_key(
    respond: dict[str, Any], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PAVEDROAD_TEST_UNSET", raising=False)
    with pytest.raises(UsageError) as raised:
        build_playbooks({"respond": respond})
    assert str(raised.value).startswith(message)


def test_no_respond_table_means_no_playbooks() -> None:
    assert build_playbooks({}) == []
