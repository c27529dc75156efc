"""Gitleaks JSON, hand-written to gitleaks v8's report format: see the fixtures README."""

from __future__ import annotations

from importer_helpers import FIXTURES, summary

from pavedroad.core.findings import make_fingerprint
from pavedroad.importers import load_results


def test_leaks_become_masked_findings() -> None:
    results = load_results(FIXTURES / "gitleaks" / "gitleaks.json")

    assert (results.tool, results.format, results.skipped) == ("gitleaks", "gitleaks", ())
    assert [summary(finding) for finding in results.findings] == [
        ("gitleaks/aws-access-token", "high", "config/settings.py", 3, 3, ("CWE-798",)),
        ("gitleaks/generic-api-key", "high", "deploy/.env.production", 12, 12, ("CWE-798",)),
    ]
    aws, generic = results.findings
    assert aws.location.snippet == "AKIA********LE"
    assert generic.location.snippet == 'api_key = "Zx9Q********0L"'
    assert (aws.location.start_column, aws.location.end_column) == (19, 38)
    assert "AKIAIOSFODNN7EXAMPLE" not in repr(aws)
    assert "Zx9Qw3Er7Ty1Ui5Op2As8Df4Gh6Jk0L" not in repr(generic)
    assert aws.message.endswith(": AKIA********LE in commit 6f1f4a3c2b1e")


def test_the_gitleaks_fingerprint_is_the_identity() -> None:
    aws = load_results(FIXTURES / "gitleaks" / "gitleaks.json").findings[0]
    tool_fingerprint = "6f1f4a3c2b1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c:config/settings.py:aws-access-token:3"

    assert ("tool_fingerprint", tool_fingerprint) in aws.properties
    assert aws.fingerprint == make_fingerprint("gitleaks/aws-access-token", "", tool_fingerprint)
    assert ("commit", "6f1f4a3c2b1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c") in aws.properties
