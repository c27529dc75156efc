"""Posture states, all three formats and the CLI, on a small real scan: one SQL injection, one bare S3 bucket."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli, write_files

from pavedroad.cli.rules import known_rules
from pavedroad.compliance import ControlState, evaluate, load_framework
from pavedroad.compliance.render_html import render_html
from pavedroad.compliance.render_json import posture_to_dict
from pavedroad.compliance.render_text import render_text
from pavedroad.core.findings import Confidence, Finding, Location, Severity, Suppression
from pavedroad.scanning import ScanRequest, run_scan

APP = '''import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    name = request.args.get("name")
    conn = sqlite3.connect("app.db")
    return str(conn.execute("SELECT * FROM users WHERE name = '" + name + "'").fetchall())
'''
BUCKET = 'resource "aws_s3_bucket" "data" {\n  bucket = "example-data"\n}\n'


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("compliance-project")
    write_files(root, {"app.py": APP, "main.tf": BUCKET})
    return root


@pytest.fixture(scope="module")
def findings(project: Path) -> list[Finding]:
    return run_scan(ScanRequest(path=str(project), use_cache=False)).findings


def _states(framework: str, findings: list[Finding]) -> dict[str, ControlState]:
    posture = evaluate(load_framework(framework), known_rules().values(), findings)
    return {item.control.id: item.state for item in posture.controls}


def test_owasp_posture_of_the_scan(findings: list[Finding]) -> None:
    posture = evaluate(load_framework("owasp-top10"), known_rules().values(), findings)
    injection = posture.controls[2]

    assert injection.control.id == "A03:2021"
    assert injection.state is ControlState.FAILING
    assert [(f.rule_id, f.location.path, f.location.start_line) for f in injection.findings] == [
        ("sast/python-sql-injection", "app.py", 12)
    ]
    assert "sast/python-sql-injection" in injection.rules
    states = {item.control.id: item.state for item in posture.controls}
    assert states["A10:2021"] is ControlState.PASSING  # covered by a rule, nothing found


def test_the_unencrypted_bucket_fails_its_cited_controls(findings: list[Finding]) -> None:
    assert _states("pci-dss", findings)["3.5.1"] is ControlState.FAILING
    assert _states("nist-800-53", findings)["SC-28"] is ControlState.FAILING
    assert _states("soc2", findings)["CC6.1"] is ControlState.FAILING
    assert _states("cis-aws-foundations", findings)["2.1.4"] is ControlState.FAILING
    assert _states("cwe-top25", findings)["CWE-89"] is ControlState.FAILING
    assert _states("cwe-top25", findings)["CWE-787"] is ControlState.NOT_COVERED  # no rule for memory safety
    assert _states("pci-dss", findings)["6.2.4"] is ControlState.NOT_COVERED


def test_suppressed_findings_do_not_fail_a_control(findings: list[Finding]) -> None:
    from dataclasses import replace

    quiet = [replace(f, suppression=Suppression("inline", "accepted")) for f in findings]

    assert _states("owasp-top10", quiet)["A03:2021"] is ControlState.PASSING


def test_an_imported_finding_fails_a_control_by_cwe() -> None:
    imported = Finding("zap/40012", "import:zap", Severity.HIGH, Confidence.MEDIUM, "XSS", "reflected",
                       Location("http://localhost/"), "fp", cwe=("CWE-79",))  # fmt: skip

    assert _states("cwe-top25", [imported])["CWE-79"] is ControlState.FAILING


def _with_script(findings: list[Finding]) -> list[Finding]:
    from dataclasses import replace

    return [replace(f, message="<script>alert('x')</script> & more") if f.rule_id.startswith("sast/") else f
            for f in findings]  # fmt: skip


def test_text_json_and_html_outputs(findings: list[Finding]) -> None:
    posture = evaluate(load_framework("owasp-top10"), known_rules().values(), _with_script(findings))

    text = render_text(posture)
    assert text.splitlines()[:2] == [
        "OWASP Top 10 2021 (https://owasp.org/Top10/)",
        "5 failing, 5 passing, 0 not covered",
    ]
    assert "FAILING      A03:2021  Injection" in text

    document = posture_to_dict(posture)
    assert document["framework"]["version"] == "2021"
    assert document["summary"] == {"failing": 5, "passing": 5, "not covered": 0}
    injection = document["controls"][2]
    assert (injection["id"], injection["state"]) == ("A03:2021", "failing")
    assert [finding["rule_id"] for finding in injection["findings"]] == ["sast/python-sql-injection"]

    page = render_html(posture)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in page
    assert "@media print" in page
    assert "http://" not in page.replace("http://localhost", "")  # no external assets
    assert "<link" not in page and "src=" not in page


def test_cli_formats_list_and_exit_codes(project: Path, tmp_path: Path) -> None:
    listed = run_cli("compliance", "--list")
    assert listed.returncode == 0
    assert "owasp-top10            OWASP Top 10 2021" in listed.stdout

    unknown = run_cli("compliance", "--framework", "hipaa", str(project))
    assert unknown.returncode == 2
    assert "unknown framework 'hipaa'; available: cis-aws-foundations" in unknown.stderr

    report = tmp_path / "report.json"
    scanned = run_cli("scan", str(project), "--format", "json", "-o", str(report), "--no-cache")
    assert scanned.returncode in (0, 1)
    from_report = run_cli("compliance", "--framework", "cwe-top25", "--from-report", str(report), "--format", "json")
    assert from_report.returncode == 0
    states = {item["id"]: item["state"] for item in json.loads(from_report.stdout)["controls"]}
    assert (states["CWE-89"], states["CWE-79"], states["CWE-787"]) == ("failing", "passing", "not covered")
    gate = run_cli("compliance", "--framework", "cwe-top25", "--from-report", str(report), "--fail-on-failing")
    assert gate.returncode == 1 and "CWE Top 25" in gate.stderr and "control(s) failing" in gate.stderr

    page = tmp_path / "posture.html"
    html_run = run_cli("compliance", "--framework", "pci-dss", str(project), "--format", "html", "-o", str(page))
    assert html_run.returncode == 0
    assert "PCI DSS 4.0" in page.read_text()

    not_a_report = tmp_path / "other.json"
    not_a_report.write_text('{"runs": []}')
    bad = run_cli("compliance", "--framework", "soc2", "--from-report", str(not_a_report))
    assert bad.returncode == 2
    assert "not a pavedroad JSON report with schema_version 1.x" in bad.stderr
