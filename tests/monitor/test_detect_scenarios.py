"""Acceptance: attack scenarios and a benign replay through build_detectors({}), exact alerts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from pavedroad.core.findings import Severity
from pavedroad.monitor.detect import END_OF_INPUT, build_detectors
from pavedroad.monitor.detect import synthetic as scenario
from pavedroad.monitor.model import Alert, Event

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ROOT_LOGIN_RULE = "sigma/a9bef6fa-a042-450b-bfe3-badc09804569"
SSH_ROOT_LOGIN_RULE = "sigma/14213aaa-04d5-4530-af41-3244596ef3ba"


def replay(events: Iterable[Event]) -> list[Alert]:
    detectors = build_detectors({})
    alerts: list[Alert] = []
    for event in events:
        for detector in detectors:
            alerts.extend(detector.observe(event))
    for detector in detectors:
        alerts.extend(detector.flush(END_OF_INPUT))
    return alerts


def summary(alerts: Iterable[Alert]) -> set[tuple[str, str, int]]:
    return {(alert.rule_id, alert.entity, alert.count) for alert in alerts}


def test_benign_replay_raises_no_alerts() -> None:
    events = scenario.benign_replay(T0)
    assert len(events) > 2000
    assert replay(events) == []


def test_ssh_brute_force_then_success() -> None:
    alerts = replay(scenario.ssh_brute_force_then_success(T0, "203.0.113.66", failures=25))
    assert summary(alerts) == {
        ("monitor/brute-force", "ip:203.0.113.66", 25),
        ("monitor/brute-force-succeeded", "ip:203.0.113.66", 1),
        (SSH_ROOT_LOGIN_RULE, "user:root", 1),
    }
    succeeded = next(alert for alert in alerts if alert.rule_id == "monitor/brute-force-succeeded")
    assert succeeded.severity is Severity.CRITICAL
    assert succeeded.details == {"user": "root", "failures_in_window": 25, "endpoint": "ssh:bastion-1"}
    assert succeeded.evidence[-1].endswith("Accepted password for root from 203.0.113.66 port 52144 ssh2")
    assert len(succeeded.evidence) == 5


def test_nikto_scan_against_nginx() -> None:
    alerts = replay(scenario.nikto_scan(T0, "203.0.113.77"))
    assert summary(alerts) == {
        ("monitor/scanner-user-agent", "ip:203.0.113.77", 30),
        ("monitor/web-enumeration", "ip:203.0.113.77", 30),
    }
    agent = next(alert for alert in alerts if alert.rule_id == "monitor/scanner-user-agent")
    assert agent.details == {"tool": "nikto"} and agent.attack == ("T1595.002",)


def test_injection_burst() -> None:
    alerts = replay(scenario.injection_burst(T0, "203.0.113.88"))
    assert summary(alerts) == {
        ("monitor/sql-injection", "ip:203.0.113.88", 2),
        ("monitor/xss", "ip:203.0.113.88", 1),
        # ../../etc/passwd, its double-encoded twin, and /etc/shadow in the command injection
        ("monitor/path-traversal", "ip:203.0.113.88", 3),
        ("monitor/command-injection", "ip:203.0.113.88", 1),
        ("monitor/ssti", "ip:203.0.113.88", 1),
        ("monitor/ssrf", "ip:203.0.113.88", 1),
    }


def test_cloudtrail_root_console_login_without_mfa() -> None:
    with_mfa = scenario.console_login(T0, root=True, mfa=True, ip="203.0.113.99")
    without = scenario.console_login(T0, root=True, mfa=False, ip="203.0.113.99")
    (alert,) = replay([with_mfa, without])
    assert (alert.rule_id, alert.entity, alert.count) == (ROOT_LOGIN_RULE, "user:arn:aws:iam::123456789012:root", 1)
    assert alert.title == "AWS Root Account Console Login Without MFA"
    assert (alert.severity, alert.attack) == (Severity.HIGH, ("T1078.004",))
    assert alert.window_start == T0
    assert '"additionalEventData.MFAUsed": "No"' in alert.evidence[0]


def test_every_alert_carries_rule_entity_window_evidence_and_attack() -> None:
    events = [
        *scenario.ssh_brute_force_then_success(T0),
        *scenario.nikto_scan(T0),
        *scenario.injection_burst(T0),
    ]
    events.sort(key=lambda event: event.timestamp or T0)
    for alert in replay(events):
        assert alert.rule_id and alert.entity and alert.description
        assert alert.window_start <= alert.window_end
        assert 1 <= len(alert.evidence) <= 5 and all(len(line) <= 500 for line in alert.evidence)
        assert alert.attack
