"""Linux audit records: header, key=value pairs, the inner msg='...', hex values and enrichment."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pavedroad.monitor.model import Origin
from pavedroad.monitor.parsers.audit import AuditParser


def test_audit_records(logs: Path) -> None:
    parser = AuditParser()
    lines = (logs / "audit.log").read_text(encoding="utf-8").splitlines()
    login, syscall, proctitle, pam = (parser.parse(line, Origin("audit.log")) for line in lines)
    assert login is not None and login.kind == "auditd"
    assert login.timestamp == datetime(2024, 3, 5, 10, 0, 1, 123000, tzinfo=UTC)
    assert dict(login.fields) == {
        "pid": "811",
        "uid": "0",
        "auid": "4294967295",
        "ses": "4294967295",
        "subj": "unconfined",
        "op": "login",
        "acct": "root",
        "exe": "/usr/sbin/sshd",
        "addr": "203.0.113.9",
        "terminal": "ssh",
        "res": "failed",
        "type": "USER_LOGIN",
        "audit.serial": 4242,
        "event.action": "login",
        "user.name": "root",
        "source.ip": "203.0.113.9",
        "event.outcome": "failure",
        "process.name": "sshd",
    }
    assert syscall is not None
    assert syscall.get("syscall") == "59" and syscall.get("key") == "privileged"
    assert syscall.get("event.outcome") == "success" and syscall.get("process.name") == "sudo"
    assert syscall.get("event.action") == "SYSCALL"
    assert proctitle is not None and proctitle.get("proctitle") == "/bin/sh -c id"
    assert pam is not None
    assert pam.get("host.name") == "web-1" and pam.get("op") == "PAM:authentication"
    assert pam.get("user.name") == "alice" and pam.get("event.outcome") == "failure"
    assert "addr" not in pam.fields and "grantors" not in pam.fields  # "?" means absent


def test_enriched_record_keeps_the_translated_names(logs: Path) -> None:
    # str.splitlines would also split at \x1d: audit files are split at newlines only
    (line,) = (logs / "audit_enriched.log").read_text(encoding="utf-8").rstrip("\n").split("\n")
    event = AuditParser().parse(line, Origin("x"))
    assert event is not None
    assert event.get("AUID") == "alice" and event.get("UID") == "root"
    assert event.get("user.name") == "alice"


def test_other_lines_are_not_audit_records() -> None:
    for line in ("type=", "type=SYSCALL msg=audit(abc:1): x=1", "Mar  5 10:00:01 host audit: x"):
        assert AuditParser().parse(line, Origin("x")) is None
