"""OWASP ZAP traditional JSON, hand-written to ZAP 2.15's format: see the fixtures README."""

from __future__ import annotations

from importer_helpers import FIXTURES, summary

from pavedroad.importers import load_results

XSS_URL = "http://localhost:8080/hello?name=%3C%2Fp%3E%3CscrIpt%3Ealert%281%29%3B%3C%2FscRipt%3E%3Cp%3E"


def test_one_finding_per_alert_instance() -> None:
    results = load_results(FIXTURES / "zap" / "zap.json")

    assert (results.tool, results.tool_version, results.format) == ("zap", "2.15.0", "zap")
    assert [summary(finding) for finding in results.findings] == [
        ("zap/40012", "high", XSS_URL, 1, 1, ("CWE-79",)),
        ("zap/10038", "medium", "http://localhost:8080/", 1, 1, ("CWE-693",)),
        ("zap/10038", "medium", "http://localhost:8080/hello", 1, 1, ("CWE-693",)),
        ("zap/10036", "low", "http://localhost:8080/robots.txt", 1, 1, ("CWE-200",)),
    ]
    assert [finding.confidence.value for finding in results.findings] == ["medium", "high", "high", "high"]
    assert results.skipped == ("site[0].alerts[3]: marked as a false positive in ZAP (confidence 0)",)


def test_attack_evidence_stays_text_and_html_descriptions_become_plain() -> None:
    xss = load_results(FIXTURES / "zap" / "zap.json").findings[0]

    assert xss.location.snippet == "</p><scrIpt>alert(1);</scRipt><p>"
    assert xss.message == (
        f"Cross Site Scripting (Reflected) at GET {XSS_URL}"
        " (parameter name; evidence: </p><scrIpt>alert(1);</scRipt><p>)"
    )
    assert xss.references == (
        "https://owasp.org/www-community/attacks/xss/",
        "https://cwe.mitre.org/data/definitions/79.html",
    )
    assert xss.fix is not None and xss.fix.hint.startswith("Phase: Architecture and Design")
