"""Semgrep JSON (real output of semgrep 1.185.0 with tests/fixtures/imports/project/semgrep-rules.yaml)."""

from __future__ import annotations

from importer_helpers import FIXTURES, summary

from pavedroad.core.findings import make_fingerprint
from pavedroad.importers import load_results


def test_results_map_check_id_severity_and_cwe() -> None:
    results = load_results(FIXTURES / "semgrep" / "semgrep.json")

    assert (results.tool, results.tool_version, results.skipped) == ("semgrep", "1.185.0", ())
    assert [summary(finding) for finding in results.findings] == [
        ("semgrep/python-sql-format-string", "high", "app/db.py", 8, 8, ("CWE-89",)),
        ("semgrep/flask-debug-true", "medium", "app/web.py", 13, 13, ("CWE-489",)),
    ]
    assert [finding.confidence.value for finding in results.findings] == ["high", "medium"]


def test_html_in_a_message_is_kept_as_text() -> None:
    sql = load_results(FIXTURES / "semgrep" / "semgrep.json").findings[0]

    assert sql.message == 'SQL built with % formatting from "name"; use parameters. <script>alert(1)</script>'


def test_login_only_placeholders_are_not_used_as_snippet_or_fingerprint() -> None:
    sql = load_results(FIXTURES / "semgrep" / "semgrep.json").findings[0]

    assert sql.location.snippet == ""
    assert ("tool_fingerprint", "requires login") not in sql.properties
    assert sql.fingerprint == make_fingerprint("semgrep/python-sql-format-string", "app/db.py", sql.message)
