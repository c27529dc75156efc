"""Bandit JSON (real output of bandit 1.9.4 on tests/fixtures/imports/project/app)."""

from __future__ import annotations

from importer_helpers import FIXTURES, summary

from pavedroad.importers import load_results


def test_every_result_becomes_a_finding_with_bandit_severity_and_cwe() -> None:
    results = load_results(FIXTURES / "bandit" / "bandit.json")

    assert (results.tool, results.tool_version, results.format, results.skipped) == ("bandit", None, "bandit", ())
    assert [summary(finding) for finding in results.findings] == [
        ("bandit/B404", "low", "app/db.py", 2, 2, ("CWE-78",)),
        ("bandit/B608", "medium", "app/db.py", 8, 8, ("CWE-89",)),
        ("bandit/B602", "high", "app/db.py", 13, 13, ("CWE-78",)),
        ("bandit/B105", "low", "app/db.py", 16, 16, ("CWE-259",)),
        ("bandit/B201", "high", "app/web.py", 13, 13, ("CWE-94",)),
    ]
    assert {finding.analyzer for finding in results.findings} == {"import:bandit"}


def test_details_of_one_finding() -> None:
    shell = load_results(FIXTURES / "bandit" / "bandit.json").findings[2]

    assert shell.confidence.value == "high"
    assert shell.title == "subprocess_popen_with_shell_equals_true"
    assert shell.message == "subprocess call with shell=True identified, security issue."
    assert shell.location.snippet == "return subprocess.call(command, shell=True)"
    assert (shell.location.start_column, shell.location.end_column) == (12, 48)  # bandit counts from 0
    assert shell.references == (
        "https://bandit.readthedocs.io/en/1.9.4/plugins/b602_subprocess_popen_with_shell_equals_true.html",
    )


def test_the_hard_coded_password_bandit_quotes_is_masked() -> None:
    password = load_results(FIXTURES / "bandit" / "bandit.json").findings[3]

    assert password.message == "Possible hardcoded password: 'hunt********rd'"
    assert password.location.snippet == 'PASSWORD = "hunt********rd"'
    assert "hunter2-not-a-real-password" not in repr(password)
