"""`--format-hint auto`: each line of a source goes to the parser its first characters point to."""

from __future__ import annotations

from pathlib import Path

from pavedroad.monitor.model import Origin
from pavedroad.monitor.parsers.detect import AutoParser, detect_format

FIXTURES = {
    "nginx_combined.log": "nginx",
    "nginx_vhost.log": "nginx",
    "auth.log": "sshd",
    "syslog_rfc5424.log": "syslog",  # one sshd line, two of other programs
    "audit.log": "auditd",
    "app.jsonl": "json",
    "k8s_audit.jsonl": "k8s_audit",
    "cloudtrail_lines.jsonl": "cloudtrail",
}


def test_each_sample_log_is_detected(logs: Path) -> None:
    detected = {
        name: detect_format((logs / name).read_text(encoding="utf-8").split("\n"), name)[0] for name in FIXTURES
    }
    assert detected == FIXTURES


def test_apache_is_told_from_nginx_by_the_file_name(logs: Path) -> None:
    lines = (logs / "apache_vhost_combined.log").read_text(encoding="utf-8").split("\n")
    assert detect_format(lines, "/var/log/apache2/other_vhosts_access.log") == ["apache"]
    assert detect_format(lines, "/var/log/httpd/access_log") == ["apache"]
    assert detect_format(lines, "/var/log/nginx/access.log") == ["nginx"]


def test_a_mixed_source_parses_every_line_and_counts_what_it_saw(logs: Path) -> None:
    lines = [
        *(logs / "auth.log").read_text(encoding="utf-8").splitlines()[:3],
        *(logs / "nginx_combined.log").read_text(encoding="utf-8").splitlines()[:2],
        *(logs / "audit.log").read_text(encoding="utf-8").splitlines()[:1],
        *(logs / "k8s_audit.jsonl").read_text(encoding="utf-8").splitlines()[:1],
        "\x00\x01 binary \ufffd",
    ]
    parser = AutoParser("mixed.log")
    kinds = [getattr(parser.parse(line, Origin("mixed.log")), "kind", None) for line in lines]
    assert kinds == ["sshd", "sshd", "sshd", "nginx", "nginx", "auditd", "k8s_audit", None]
    assert parser.detected == ["sshd", "nginx", "auditd", "k8s_audit"]
