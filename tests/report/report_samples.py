"""A realistic scan result for the reporter tests: every state a finding can be in.

A module with a unique name (not conftest) so tests can import it without clashing with
other test folders' conftest modules.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from pavedroad.core.errors import ScanError, ScanWarning, Skip
from pavedroad.core.findings import (
    Confidence,
    Finding,
    Fix,
    Location,
    PackageRef,
    Rule,
    Severity,
    Suppression,
    TraceStep,
    make_fingerprint,
)
from pavedroad.core.run import AnalyzerInfo, GateOutcome, RunResult

REPO_ROOT = Path(__file__).resolve().parents[2]
MASKED_SNIPPET = 'GITHUB_TOKEN = "ghp_************************************"'
XSS_PAYLOAD = "<script>alert(document.cookie)</script>"
#: What the terminal summary must say for `scan_result`; several formats reuse it.
EXPECTED_SUMMARY = (
    "4 findings (1 critical, 1 high, 1 medium, 1 info) · 2 suppressed · 1 in baseline · "
    "140 files in 1.3s · 1 error · gate: failed (enforce)"
)


def build_finding(
    rule_id: str = "secrets/github-pat",
    *,
    path: str = "src/app/settings.py",
    line: int = 12,
    snippet: str = MASKED_SNIPPET,
    **fields: Any,
) -> Finding:
    """A Finding with sensible defaults; any field can be overridden by name."""
    values: dict[str, Any] = {
        "rule_id": rule_id,
        "analyzer": rule_id.split("/", 1)[0],
        "severity": Severity.CRITICAL,
        "confidence": Confidence.HIGH,
        "title": "GitHub personal access token",
        "message": "A GitHub personal access token is committed in plain text.",
        "location": Location(path, line, 16, line, 56, snippet),
        "fingerprint": make_fingerprint(rule_id, path, snippet),
    }
    values.update(fields)
    return Finding(**values)


def _rules() -> dict[str, Rule]:
    rules = [
        Rule(
            id="secrets/github-pat",
            title="GitHub personal access token",
            severity=Severity.CRITICAL,
            confidence=Confidence.HIGH,
            rationale="A leaked token lets anyone act as its owner on GitHub.",
            fix="Revoke the token and load it from the environment.",
            cwe=("CWE-798",),
            tags=("secrets",),
            example='token = "ghp_..."',
            references=("https://docs.github.com/en/authentication",),
        ),
        Rule(
            id="sast/python-sql-injection",
            title="SQL built from user input",
            severity=Severity.HIGH,
            confidence=Confidence.MEDIUM,
            rationale="Untrusted input in SQL text lets an attacker change the query.",
            fix="Pass values as query parameters.",
            cwe=("CWE-89",),
        ),
        Rule(
            id="iac/aws-s3-public-read",
            title="S3 bucket readable by everyone",
            severity=Severity.MEDIUM,
            confidence=Confidence.HIGH,
            rationale="A public-read ACL exposes every object in the bucket.",
            fix='Set acl = "private" and use a bucket policy for access.',
            cwe=("CWE-732",),
        ),
        Rule(
            id="secrets/generic-api-key",
            title="Generic API key",
            severity=Severity.LOW,
            confidence=Confidence.LOW,
            rationale="Keys in code leak with the code.",
            fix="Move the key to a secret store.",
            cwe=("CWE-798",),
        ),
        Rule(
            id="pipelines/github-actions-unpinned",
            title="Action not pinned to a commit",
            severity=Severity.INFO,
            confidence=Confidence.HIGH,
            rationale="A moved tag runs different code in your pipeline.",
            fix="Pin the action to a full commit SHA.",
            cwe=("CWE-829",),
        ),
    ]
    return {rule.id: rule for rule in rules}


def _findings() -> list[Finding]:
    sql_source = Location("src/app/views.py", 20, 13, 20, 33, "name = request.args['name']")
    sql_sink = Location("src/app/views.py", 24, 5, 24, 40, "cursor.execute(f'... {name}')")
    return [
        build_finding(fix=Fix("Revoke the token and load it from the environment."), cwe=("CWE-798",)),
        build_finding(
            "sast/python-sql-injection",
            path="src/app/views.py",
            line=24,
            snippet="cursor.execute(f'... {name}')",
            severity=Severity.HIGH,
            confidence=Confidence.MEDIUM,
            title="SQL built from user input",
            message="request.args['name'] reaches cursor.execute() unparameterised.",
            cwe=("CWE-89",),
            trace=(
                TraceStep(sql_source, "user input enters here"),
                TraceStep(sql_sink, "reaches the SQL sink"),
            ),
            properties=(("source", "request.args"),),
        ),
        build_finding(
            "iac/aws-s3-public-read",
            path="infra/storage.tf",
            line=7,
            snippet='acl = "public-read"',
            severity=Severity.MEDIUM,
            title="S3 bucket readable by everyone",
            message=f"Bucket {XSS_PAYLOAD} grants public-read.",
            cwe=("CWE-732",),
            controls=("CIS-AWS-2.1.5",),
        ),
        build_finding(
            "secrets/generic-api-key",
            path="tests/emulator.py",
            line=3,
            snippet='API_KEY = "test****"',
            severity=Severity.LOW,
            confidence=Confidence.LOW,
            title="Generic API key",
            suppression=Suppression("inline", "only valid against the local emulator"),
        ),
        build_finding(
            "iac/aws-s3-public-read",
            path="infra/website.tf",
            line=4,
            snippet='acl = "public-read"',
            severity=Severity.MEDIUM,
            title="S3 bucket readable by everyone",
            suppression=Suppression("config", "static website bucket", expires="2030-01-01"),
        ),
        build_finding(
            "sca/vulnerable-dependency",
            path="requirements.txt",
            line=3,
            snippet="requests==2.19.0",
            severity=Severity.HIGH,
            title="requests 2.19.0 has a known vulnerability",
            message="CVE-2018-18074: credentials leak on redirect. Fixed in 2.20.0.",
            cwe=("CWE-522",),
            package=PackageRef("pkg:pypi/requests@2.19.0", "2.19.0", ("2.20.0",)),
            vulnerability=("CVE-2018-18074", "GHSA-x84v-xcm2-53pg"),
            cvss="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
            fix=Fix("Upgrade requests to 2.20.0 or later.", "requests==2.20.0"),
            in_baseline=True,
        ),
        build_finding(
            "pipelines/github-actions-unpinned",
            path=".github/workflows/ci.yml",
            line=15,
            snippet="uses: actions/checkout@v4",
            severity=Severity.INFO,
            title="Action not pinned to a commit",
            message="actions/checkout@v4 follows a movable tag.",
            cwe=("CWE-829",),
        ),
    ]


def sample_result() -> RunResult:
    """Seven findings: four active (critical, high, medium, info), one inline-suppressed,
    one config-suppressed, one baselined (whose rule is missing from the metadata), plus a
    scanner error, a skipped file, a warning, and a failed enforce-mode gate."""
    return RunResult(
        root="/srv/checkout/webapp",
        scope={
            "paths": [Path("src"), Path("infra")],
            "changed_only": False,
            "kinds": {"python", "terraform"},
        },
        analyzers=[
            AnalyzerInfo("secrets", "1.0.0"),
            AnalyzerInfo("sast", "0.3.0"),
            AnalyzerInfo("iac", "0.2.0"),
            AnalyzerInfo("sca", "0.2.0"),
            AnalyzerInfo("pipelines", "0.1.0"),
            AnalyzerInfo("dockerfile", "0.1.0"),
        ],
        started="2024-05-01T10:00:00+00:00",
        finished="2024-05-01T10:00:01.300000+00:00",
        files_scanned=140,
        bytes_scanned=523_456,
        cache_hits=97,
        findings=_findings(),
        errors=[ScanError("infra/broken.tf", "unexpected '}' (HCL parse error)", analyzer="iac", line=3)],
        skipped=[Skip("assets/logo.png", "binary file")],
        warnings=[ScanWarning("legacy/latin1.py", "invalid UTF-8; decoded with replacements")],
        stale_baseline=["0f3c9a7e5b1d2c4a6e8f0a1b2c3d4e5f"],
        rules=_rules(),
        gate=GateOutcome("enforce", True, ("2 active findings at or above high",), exit_code=1),
    )


def clean_result() -> RunResult:
    """The same run with nothing found and nothing going wrong."""
    return dataclasses.replace(
        sample_result(),
        findings=[],
        errors=[],
        skipped=[],
        warnings=[],
        stale_baseline=[],
        gate=GateOutcome("enforce", False),
    )


def shared_schema(name: str) -> dict[str, Any]:
    """A schema from the shared folder (PAVEDROAD_SHARED, else ../shared beside the repo)."""
    shared = Path(os.environ.get("PAVEDROAD_SHARED", REPO_ROOT.parent / "shared"))
    path = shared / "schemas" / name
    if not path.is_file():
        pytest.skip(f"{path} not found; set PAVEDROAD_SHARED to the folder holding schemas/{name}")
    loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return loaded
