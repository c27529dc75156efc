"""sshd, PAM, sudo and su lines of auth logs, and syslog headers (RFC 3164, RFC 5424, rsyslog files)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pavedroad.monitor.model import Event, Origin
from pavedroad.monitor.parsers.syslog import SyslogParser

JUNE_2024 = datetime(2024, 6, 1, tzinfo=UTC)


def parse_lines(path: Path, now: datetime = JUNE_2024) -> list[Event]:
    parser = SyslogParser(now=lambda: now)
    events = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        event = parser.parse(line, Origin(path.name, str(number)))
        assert event is not None, line
        events.append(event)
    return events


def without_header(event: Event) -> dict[str, Any]:
    return {key: value for key, value in event.fields.items() if key not in ("host.name", "message", "process.pid")}


def test_auth_log_lines(logs: Path) -> None:
    events = parse_lines(logs / "auth.log")
    assert [event.kind for event in events] == ["sshd"] * 7 + ["syslog"] * 3 + ["sshd", "syslog", "sshd", "syslog"]
    assert events[0].timestamp == datetime(2024, 3, 5, 10, 0, 1, tzinfo=UTC)
    assert events[0].get("host.name") == "web-1"
    assert events[0].get("process.pid") == 811
    expected = [
        {"process.name": "sshd", "event.action": "ssh_login", "event.outcome": "failure", "auth.method": "password",
         "ssh.invalid_user": True, "user.name": "admin", "source.ip": "203.0.113.9", "source.port": 55022},
        {"process.name": "sshd", "event.action": "ssh_login", "event.outcome": "failure", "auth.method": "password",
         "user.name": "root", "source.ip": "203.0.113.9", "source.port": 55024},
        {"process.name": "sshd", "event.action": "ssh_login", "event.outcome": "success", "auth.method": "publickey",
         "user.name": "deploy", "source.ip": "192.0.2.44", "source.port": 50122},
        {"process.name": "sshd", "event.action": "session_opened", "event.outcome": "success",
         "pam.service": "sshd", "user.name": "deploy"},
        {"process.name": "sshd", "event.action": "ssh_invalid_user", "event.outcome": "failure",
         "user.name": "oracle", "source.ip": "203.0.113.9", "source.port": 55030},
        {"process.name": "sshd", "event.action": "pam_authentication", "event.outcome": "failure",
         "pam.service": "sshd", "source.ip": "203.0.113.9", "user.name": "root"},
        {"process.name": "sshd", "event.action": "ssh_connection_closed", "user.name": "oracle",
         "source.ip": "203.0.113.9", "source.port": 55030},
        {"process.name": "sudo", "event.action": "sudo", "event.outcome": "success", "user.name": "alice",
         "process.tty": "pts/0", "process.working_directory": "/home/alice", "user.target.name": "root",
         "process.command_line": "/usr/bin/cat /etc/shadow"},
        {"process.name": "sudo", "event.action": "sudo", "event.outcome": "failure", "user.name": "bob",
         "sudo.attempts": 3, "process.tty": "pts/1", "process.working_directory": "/home/bob",
         "user.target.name": "root", "process.command_line": "/bin/bash"},
        {"process.name": "sudo", "event.action": "sudo", "event.outcome": "failure", "user.name": "mallory",
         "process.tty": "pts/2", "process.working_directory": "/tmp", "user.target.name": "root",
         "process.command_line": "/bin/sh", "sudo.reason": "not in sudoers"},
        {"process.name": "sshd", "event.repeat": 2, "event.action": "ssh_login", "event.outcome": "failure",
         "auth.method": "password", "user.name": "root", "source.ip": "203.0.113.9", "source.port": 55040},
        {"process.name": "CRON", "event.action": "session_closed", "pam.service": "cron", "user.name": "root"},
        {"process.name": "sshd-session", "event.action": "ssh_login", "event.outcome": "failure",
         "auth.method": "publickey", "user.name": "git", "source.ip": "198.51.100.7", "source.port": 41000},
        {"process.name": "systemd"},
    ]  # fmt: skip
    assert [without_header(event) for event in events] == expected
    assert events[12].timestamp == datetime(2024, 3, 5, 10, 0, 13, 123456, tzinfo=UTC)
    assert events[13].get("message") == "Started session-42.scope - Session 42 of User deploy."


def test_bsd_time_of_december_read_in_january_is_last_year() -> None:
    parser = SyslogParser(now=lambda: datetime(2025, 1, 2, tzinfo=UTC))
    event = parser.parse("Dec 31 23:59:59 host sshd[1]: Received disconnect from 192.0.2.1 port 22", Origin("x"))
    assert event is not None and event.timestamp == datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC)


def test_rfc5424_and_prioritised_rfc3164(logs: Path) -> None:
    ssh, application, sudo = parse_lines(logs / "syslog_rfc5424.log")
    assert ssh.kind == "sshd"
    assert ssh.timestamp == datetime(2024, 3, 5, 10, 0, 1, 3000, tzinfo=UTC)
    assert ssh.get("syslog.facility") == 4 and ssh.get("syslog.severity") == 2
    assert ssh.get("host.name") == "web-1.example.com" and ssh.get("process.pid") == 811
    assert ssh.get("user.name") == "root" and ssh.get("event.outcome") == "failure"
    assert application.kind == "syslog"
    assert application.get("process.name") == "evntslog" and application.get("process.pid") is None
    assert application.get("syslog.msgid") == "ID47"
    assert application.get("syslog.structured_data") == (
        '[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]'
    )
    assert application.get("message") == "An application event log entry"
    assert sudo.get("syslog.facility") == 4 and sudo.get("syslog.severity") == 6
    assert sudo.get("event.action") == "sudo" and sudo.get("process.command_line") == "/usr/bin/id"


def test_non_syslog_lines_are_refused() -> None:
    parser = SyslogParser()
    for line in ("", "hello world", "<999999>garbage", '{"a": 1}', "Mar  5 10:00:01"):
        assert parser.parse(line, Origin("x")) is None, line
