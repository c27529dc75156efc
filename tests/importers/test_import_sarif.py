"""SARIF 2.1.0: real logs from semgrep 1.185.0 and checkov 3.3.30, and hand-written edge cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from importer_helpers import FIXTURES, summary

from pavedroad.core.findings import make_fingerprint
from pavedroad.importers import load_results


def test_semgrep_sarif_gives_the_same_rule_ids_as_semgrep_json() -> None:
    results = load_results(FIXTURES / "sarif" / "semgrep.sarif")

    assert (results.tool, results.tool_version, results.format) == ("Semgrep OSS", "1.185.0", "sarif")
    assert [summary(finding) for finding in results.findings] == [
        ("semgrep/python-sql-format-string", "high", "app/db.py", 8, 8, ("CWE-89",)),
        ("semgrep/flask-debug-true", "medium", "app/web.py", 13, 13, ("CWE-489",)),
    ]
    sql = results.findings[0]
    assert sql.analyzer == "import:semgrep"
    assert sql.location.snippet == "cursor.execute(\"SELECT * FROM users WHERE name = '%s'\" % name)"
    assert (sql.location.start_column, sql.location.end_column) == (5, 66)
    assert sql.message == 'SQL built with % formatting from "name"; use parameters. <script>alert(1)</script>'
    assert sql.title == "Semgrep Finding: python-sql-format-string"


def test_checkov_sarif_uses_the_rule_index_and_level() -> None:
    results = load_results(FIXTURES / "sarif" / "checkov.sarif")

    assert (results.tool, results.tool_version) == ("Checkov", "3.3.30")
    assert [summary(finding) for finding in results.findings][:3] == [
        ("checkov/CKV_AWS_24", "high", "main.tf", 5, 14, ()),
        ("checkov/CKV_AWS_23", "high", "main.tf", 5, 14, ()),
        ("checkov/CKV2_AWS_6", "high", "main.tf", 1, 3, ()),
    ]
    assert len(results.findings) == 10
    # No fingerprints in Checkov's SARIF: pavedroad's own, from the first line of the snippet.
    first = results.findings[0]
    opening_line = 'resource "aws_security_group" "web" {'
    assert first.fingerprint == make_fingerprint("checkov/CKV_AWS_24", "main.tf", opening_line)


def _codeql_like_log() -> dict[str, Any]:
    """A CodeQL-style log: security-severity, external/cwe tags, uriBaseId, fingerprints, codeFlows."""
    def physical(uri: str, line: int) -> dict[str, Any]:
        return {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}, "region": {"startLine": line}}

    return {
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "CodeQL", "semanticVersion": "2.17.0", "rules": [
                {"id": "py/sql-injection", "shortDescription": {"text": "SQL query built from user-controlled sources"},
                 "properties": {"security-severity": "8.8", "precision": "high",
                                "tags": ["security", "external/cwe/cwe-089"]}},
                {"id": "py/reflective-xss", "messageStrings": {"default": {"text": "Cross-site scripting via {0}."}},
                 "properties": {"security-severity": "6.1", "tags": ["external/cwe/cwe-079", "external/cwe/cwe-116"]}},
            ]}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///home/runner/work/app/"}},
            "results": [
                {"ruleId": "py/sql-injection", "ruleIndex": 0,
                 "message": {"text": "This query depends on a <b>user-provided value</b>."},
                 "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file:///home/runner/work/app/src/db.py"},
                                                     "region": {"startLine": 8, "startColumn": 5, "endColumn": 67}}}],
                 "partialFingerprints": {"primaryLocationLineHash": "39fa2ee980eb94b0:1"},
                 "codeFlows": [{"threadFlows": [{"locations": [
                     {"location": {"physicalLocation": physical("./src/views.py", 3),
                                   "message": {"text": "request.args"}}},
                     {"location": {"physicalLocation": physical("src/db.py", 8), "message": {"text": "execute"}}},
                 ]}]}]},
                {"rule": {"id": "py/reflective-xss", "index": 1}, "level": "error",
                 "message": {"id": "default", "arguments": ["name"]},
                 "locations": [{"physicalLocation": physical("src/views.py", 12)}],
                 "suppressions": [{"kind": "external", "status": "accepted",
                                   "justification": "escaped by the template"}]},
                {"ruleId": "py/sql-injection", "kind": "pass", "message": {"text": "ok"},
                 "locations": [{"physicalLocation": physical("src/ok.py", 1)}]},
                {"ruleId": "py/sql-injection", "baselineState": "absent", "message": {"text": "fixed"},
                 "locations": [{"physicalLocation": physical("src/old.py", 1)}]},
                {"ruleId": "py/sql-injection", "message": {"text": "no location"}},
                {"message": {"text": "no rule"}, "locations": [{"physicalLocation": physical("src/x.py", 1)}]},
            ],
        }],
    }  # fmt: skip


def test_codeql_style_details(tmp_path: Path) -> None:
    log = tmp_path / "codeql.sarif"
    log.write_text(json.dumps(_codeql_like_log()))

    results = load_results(log)

    assert (results.tool, results.tool_version) == ("CodeQL", "2.17.0")
    assert [summary(finding) for finding in results.findings] == [
        ("codeql/py/sql-injection", "high", "src/db.py", 8, 8, ("CWE-89",)),
        ("codeql/py/reflective-xss", "medium", "src/views.py", 12, 12, ("CWE-79", "CWE-116")),
    ]
    sql, xss = results.findings
    assert sql.message == "This query depends on a <b>user-provided value</b>."
    assert sql.confidence.value == "high"
    assert [(step.location.path, step.location.start_line, step.message) for step in sql.trace] == [
        ("src/views.py", 3, "request.args"),
        ("src/db.py", 8, "execute"),
    ]
    assert ("tool_fingerprint", "primaryLocationLineHash=39fa2ee980eb94b0:1") in sql.properties
    assert sql.fingerprint == make_fingerprint(
        "codeql/py/sql-injection", "", "primaryLocationLineHash=39fa2ee980eb94b0:1"
    )
    assert xss.message == "Cross-site scripting via name."
    assert xss.suppression is not None and xss.suppression.reason == "escaped by the template"
    assert not xss.is_active
    assert results.skipped == (
        "runs[0].results[4]: no physical location",
        "runs[0].results[5]: missing field 'ruleId'",
    )


def test_the_fingerprint_moves_with_the_tool_fingerprint_not_the_line(tmp_path: Path) -> None:
    log = _codeql_like_log()
    moved = json.loads(json.dumps(log))
    moved["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 40
    first, second = tmp_path / "a.sarif", tmp_path / "b.sarif"
    first.write_text(json.dumps(log))
    second.write_text(json.dumps(moved))

    assert load_results(first).findings[0].fingerprint == load_results(second).findings[0].fingerprint
