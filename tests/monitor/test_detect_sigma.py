"""Sigma rules: loading (built-in, users' folders, malformed), compiling and matching Events."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pavedroad.core.findings import Severity
from pavedroad.monitor.detect import END_OF_INPUT
from pavedroad.monitor.detect.sigma.backend import SigmaDetector
from pavedroad.monitor.detect.sigma.loader import BUILTIN_RULES, CompiledRule, load_rules, rule_files
from pavedroad.monitor.detect.synthetic import sudo, web_event
from pavedroad.monitor.model import SOURCE_IP, USER, Event

FIXTURES = Path(__file__).parent.parent / "fixtures" / "monitor" / "sigma"
T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def compile_one(tmp_path: Path, detection: str, logsource: str = "category: webserver") -> CompiledRule:
    text = (
        "title: Test Rule\nid: 5b0c7f5e-8a43-4a53-9a9b-000000000001\n"
        f"logsource:\n    {logsource}\ndetection:\n{detection}\nlevel: low\n"
    )
    path = tmp_path / "rule.yml"
    path.write_text(text)
    loaded = load_rules([path])
    assert loaded.issues == ()
    (rule,) = loaded.rules
    return rule


def web(path: str, query: str = "", *, ip: str = "203.0.113.5", status: int = 200, agent: str = "curl/8.0") -> Event:
    return web_event(T0, ip, path, status, query=query, agent=agent)


def test_builtin_rules_all_load_with_ids_levels_and_attack_tags() -> None:
    loaded = load_rules(rule_files([BUILTIN_RULES]))
    assert loaded.issues == ()
    assert len(loaded.rules) == 15
    for rule in loaded.rules:
        assert rule.info.rule_id.startswith("sigma/") and len(rule.info.rule_id) == len("sigma/") + 36
        assert rule.info.attack and all(technique.startswith("T") for technique in rule.info.attack)
    kinds = set().union(*(rule.source.kinds for rule in loaded.rules))
    assert kinds == {"nginx", "apache", "sshd", "auth", "syslog", "cloudtrail", "k8s_audit"}


def test_malformed_rules_are_reported_by_file_and_the_good_ones_still_load() -> None:
    loaded = load_rules(rule_files([FIXTURES]))
    assert sorted(rule.info.title for rule in loaded.rules) == [
        "Admin Panel Probe From Outside",
        "Reverse Shell Keywords",
        "Sudo Tee Into Cron",
    ]
    issues = {Path(issue.path).name: issue for issue in loaded.issues}
    assert sorted(issues) == [
        "aggregation.yml",
        "bad_regex.yml",
        "bad_yaml.yml",
        "correlation.yml",
        "no_detection.yml",
        "undefined_selection.yml",
        "unknown_modifier.yml",
        "windows_logsource.yml",
    ]
    unsupported = sorted(name for name, issue in issues.items() if issue.unsupported)
    assert unsupported == ["aggregation.yml", "correlation.yml", "windows_logsource.yml"]
    assert (
        issues["bad_yaml.yml"]
        .describe()
        .endswith("bad_yaml.yml: error: invalid YAML at line 5: did not find expected key")
    )
    assert (
        issues["unknown_modifier.yml"]
        .describe()
        .endswith("unknown_modifier.yml: rule 'Unknown Modifier' error: Unknown modifier 'containz'")
    )
    assert issues["undefined_selection.yml"].message == "Detection 'filter' not defined in detections"
    assert (
        issues["correlation.yml"]
        .describe()
        .endswith(
            "rule 'Many Failed Logins' unsupported: Sigma correlation rules (event counts over time) are not supported;"
            " use the stateful detections"
        )
    )
    assert "process_creation" in issues["windows_logsource.yml"].message


def test_duplicate_rule_id_is_an_issue_and_the_first_rule_wins(tmp_path: Path) -> None:
    source = FIXTURES / "good" / "web_admin_probe.yml"
    copy = tmp_path / "copy.yml"
    copy.write_text(source.read_text())
    loaded = load_rules([source, copy])
    assert [rule.path for rule in loaded.rules] == [str(source)]
    (issue,) = loaded.issues
    assert issue.path == str(copy) and issue.message.startswith("duplicate rule id")


@pytest.mark.parametrize(
    ("detection", "matching", "not_matching"),
    [
        # exact values are case-insensitive, lists are OR
        ("    s:\n        cs-method: [put, DELETE]\n    condition: s", web("/", ""), None),
        ("    s:\n        c-uri|contains: 'ETC/passwd'\n    condition: s", web("/x", "f=/etc/passwd"), web("/etc")),
        ("    s:\n        c-uri|startswith: /api/\n    condition: s", web("/api/v1"), web("/v1/api/")),
        ("    s:\n        c-uri|endswith: .php\n    condition: s", web("/index.php"), web("/index.php5")),
        ("    s:\n        c-uri: '/a?c*'\n    condition: s", web("/abc", "x"), web("/a")),
        ("    s:\n        c-uri|re: '^/u/[0-9]+$'\n    condition: s", web("/u/42"), web("/u/x")),
        ("    s:\n        c-ip|cidr: 203.0.113.0/24\n    condition: s", web("/"), web("/", ip="198.51.100.1")),
        ("    s:\n        sc-status: 404\n    condition: s", web("/", status=404), web("/")),
        ("    s:\n        sc-status|gte: 500\n    condition: s", web("/", status=503), web("/", status=404)),
        (
            "    s:\n        cs-user-agent|contains|all: [python, requests]\n    condition: s",
            web("/", agent="python-requests/2.31"),
            web("/", agent="python-urllib/3"),
        ),
        (
            "    s:\n        c-uri-query|base64|contains: 'whoami'\n    condition: s",
            web("/", "c=" + base64.b64encode(b"whoami").decode()),
            web("/", "c=whoami"),
        ),
        ("    s:\n        c-uri-query: null\n    condition: s", web("/"), web("/", "a=1")),
        ("    s:\n        c-uri-query|exists: true\n    condition: s", web("/", "a=1"), web("/")),
        ("    s:\n        c-uri|cased: /Admin\n    condition: s", web("/Admin"), web("/admin")),
        ("    k:\n        - 'Firefox/128'\n    condition: k", web("/", agent="Firefox/128.0"), web("/")),
    ],
)
def test_value_modifiers_and_wildcards(
    tmp_path: Path, detection: str, matching: Event, not_matching: Event | None
) -> None:
    rule = compile_one(tmp_path, detection)
    if "cs-method" in detection:
        assert rule.matches(web_event(T0, "203.0.113.5", "/", method="delete"))
        assert not rule.matches(matching)  # a GET
        return
    assert rule.matches(matching)
    if not_matching is not None:
        assert not rule.matches(not_matching)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("sel_a and sel_b", [False, False, True, False]),
        ("sel_a or sel_b", [False, True, True, True]),
        ("sel_a and not sel_b", [False, True, False, False]),
        ("1 of sel_*", [False, True, True, True]),
        ("all of sel_*", [False, False, True, False]),
        ("all of them", [False, False, True, False]),
        ("not (sel_a or sel_b)", [True, False, False, False]),
    ],
)
def test_condition_expressions(tmp_path: Path, condition: str, expected: list[bool]) -> None:
    detection = f"    sel_a:\n        c-uri-stem: /a\n    sel_b:\n        sc-status: 500\n    condition: {condition}"
    rule = compile_one(tmp_path, detection)
    events = [web("/x"), web("/a"), web("/a", status=500), web("/x", status=500)]
    assert [rule.matches(event) for event in events] == expected


def test_selection_list_of_maps_is_or_of_ands(tmp_path: Path) -> None:
    detection = (
        "    sel:\n        - c-uri-stem: /a\n          sc-status: 200\n        - c-uri-stem: /b\n    condition: sel"
    )
    rule = compile_one(tmp_path, detection)
    assert [rule.matches(e) for e in (web("/a"), web("/a", status=404), web("/b", status=404))] == [True, False, True]


def test_good_fixture_rules_match_their_events() -> None:
    rules = {rule.info.title: rule for rule in load_rules(rule_files([FIXTURES / "good"])).rules}
    probe = rules["Admin Panel Probe From Outside"]
    assert probe.matches(web("/administrator"))
    assert probe.matches(web("/tomcat/manager/html"))
    assert not probe.matches(web("/administrator", ip="10.1.2.3"))
    cron = rules["Sudo Tee Into Cron"]
    assert cron.matches(sudo(T0, "eve", success=True, command="/usr/bin/tee /etc/cron.d/job"))
    assert not cron.matches(sudo(T0, "eve", success=True, command="/usr/bin/tee /tmp/x"))
    assert sorted(cron.source.kinds) == ["auth", "sshd", "syslog"]


def test_detector_evaluates_only_rules_of_the_event_kind_and_groups_matches(tmp_path: Path) -> None:
    rule = compile_one(tmp_path, "    s:\n        c-uri-stem|startswith: /admin\n    condition: s")
    detector = SigmaDetector([rule], group_window=60)
    probes = [web_event(T0 + timedelta(seconds=n), "203.0.113.5", "/admin", 404) for n in range(7)]
    alerts = [alert for event in probes for alert in detector.observe(event)]
    # The same fields on an sshd event never reach a webserver rule.
    sshd = Event("sshd", T0, {"url.path": "/admin", SOURCE_IP: "203.0.113.5", USER: "x"}, "raw")
    assert list(detector.observe(sshd)) == []
    assert alerts == []
    assert list(detector.flush(T0 + timedelta(seconds=59))) == []
    (alert,) = detector.flush(T0 + timedelta(seconds=60))
    assert (alert.rule_id, alert.entity, alert.count, alert.severity) == (
        "sigma/5b0c7f5e-8a43-4a53-9a9b-000000000001",
        "ip:203.0.113.5",
        7,
        Severity.LOW,
    )
    assert alert.window_start == T0 and len(alert.evidence) == 5
    # A later match opens a new window: the first one closed when stream time passed its end.
    later = web_event(T0 + timedelta(seconds=200), "203.0.113.5", "/admin", 404)
    assert list(detector.observe(later)) == []
    (second,) = detector.flush(END_OF_INPUT)
    assert second.count == 1 and second.window_start == T0 + timedelta(seconds=200)


def test_group_closes_when_stream_time_passes_the_window(tmp_path: Path) -> None:
    rule = compile_one(tmp_path, "    s:\n        c-uri-stem: /admin\n    condition: s")
    detector = SigmaDetector([rule], group_window=60)
    assert list(detector.observe(web_event(T0, "203.0.113.5", "/admin"))) == []
    (alert,) = detector.observe(web_event(T0 + timedelta(seconds=61), "198.51.100.1", "/"))
    assert (alert.entity, alert.count, alert.window_end) == ("ip:203.0.113.5", 1, T0 + timedelta(seconds=60))
