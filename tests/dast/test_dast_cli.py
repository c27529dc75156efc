"""`pavedroad dast` through the command line: exit codes, and evidence in the JSON and SARIF documents."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
from dast_servers import VULNERABLE_APP, closed_port

SARIF_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def run_cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pavedroad", "dast", *arguments],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_monitor_mode_exits_0_and_json_carries_evidence(app_url: str, tmp_path: Path) -> None:
    done = run_cli(app_url, "--passive", "--format", "json", "--max-time", "30", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    assert document["run"]["scope"]["mode"] == "passive"
    assert "passive checks" in document["run"]["scope"]["completed"]
    cors = next(f for f in document["findings"] if f["rule_id"] == "dast/cors-reflected-origin")
    assert cors["location"]["path"] == "/vuln/cors"
    assert cors["properties"]["request"].startswith("GET /vuln/cors HTTP/1.1")
    assert "Origin: https://pvd-cors.invalid" in cors["properties"]["request"]
    assert "Access-Control-Allow-Credentials: true" in cors["properties"]["response"]


def test_enforce_mode_fails_the_gate_and_sarif_validates(app_url: str, tmp_path: Path) -> None:
    sarif_path = tmp_path / "dast.sarif"
    done = run_cli(
        app_url, "--openapi", str(VULNERABLE_APP / "openapi.yaml"), "--include", "/vuln/s*", "--include", "/",
        "--mode", "enforce", "--fail-on", "high", "--format", "json", "--report", f"sarif={sarif_path}",
        "--max-time", "60", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert {(f["rule_id"], f["location"]["path"]) for f in findings} >= {
        ("dast/sql-injection", "/vuln/sqli"), ("dast/sql-injection", "/vuln/search"),
    }  # fmt: skip
    sarif = json.loads(sarif_path.read_text(encoding="utf-8"))
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "dast/sql-injection")
    details = result["properties"]["details"]
    assert details["payload"] and details["confirmation"] and details["request"] and details["response"]


def test_unreachable_target_exits_2_with_the_error_in_the_report(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/"
    done = run_cli(url, "--format", "json", cwd=tmp_path)
    assert done.returncode == 2
    errors = json.loads(done.stdout)["errors"]
    assert len(errors) == 1 and "cannot connect" in errors[0]["message"]


def test_a_url_that_is_not_http_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli("file:///etc/passwd", cwd=tmp_path)
    assert done.returncode == 2
    expected = "pavedroad: error: 'file:///etc/passwd': the target must be an http:// or https:// URL"
    assert done.stderr.strip() == expected
