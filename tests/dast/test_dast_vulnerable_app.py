"""Every vulnerable endpoint of examples/vulnerable-app is found with the right rule and parameter; no fixed twin is."""

from __future__ import annotations

from pathlib import Path

import pytest

from pavedroad.core.findings import Finding
from pavedroad.dast.http import ScanLimits
from pavedroad.dast.rules import RULES_BY_ID
from pavedroad.dast.scan import DastOptions, DastOutcome, run_dast_scan

# (URL path, rule, parameter or "" for findings about a whole response or endpoint)
EXPECTED = [
    ("/vuln/sqli", "dast/sql-injection", "id"),
    ("/vuln/sqli-blind", "dast/sql-injection", "id"),
    ("/vuln/sqli-time", "dast/sql-injection", "id"),
    ("/vuln/search", "dast/sql-injection", "name"),
    ("/vuln/xss", "dast/reflected-xss", "q"),
    ("/vuln/xss-attr", "dast/reflected-xss", "name"),
    ("/vuln/comments", "dast/stored-xss", "comment"),
    ("/vuln/ping", "dast/command-injection", "host"),
    ("/vuln/file", "dast/path-traversal", "name"),
    ("/vuln/greet", "dast/template-injection", "name"),
    ("/vuln/fetch", "dast/ssrf", "url"),
    ("/vuln/redirect", "dast/open-redirect", "next"),
    ("/vuln/xml", "dast/xxe", "(xml body)"),
    ("/vuln/lang", "dast/crlf-injection", "lang"),
    ("/vuln/trace", "dast/insecure-http-method", ""),
    ("/vuln/site/.git/HEAD", "dast/exposed-sensitive-file", ""),
    ("/vuln/site/.env", "dast/exposed-sensitive-file", ""),
    ("/vuln/site/server-status", "dast/exposed-sensitive-file", ""),
    ("/vuln/site/actuator/env", "dast/exposed-sensitive-file", ""),
    ("/vuln/site/backup.sql", "dast/exposed-sensitive-file", ""),
    ("/vuln/login", "dast/default-credentials", "password"),
    ("/api/vuln/orders/{id}", "dast/missing-authentication", ""),
    ("/api/vuln/invoices/{id}", "dast/idor", "id"),
    ("/vuln/headers", "dast/csp-missing", ""),
    ("/vuln/headers", "dast/content-type-options-missing", ""),
    ("/vuln/headers", "dast/frame-protection-missing", ""),
    ("/vuln/headers", "dast/referrer-policy-missing", ""),
    ("/vuln/csp", "dast/csp-weak", ""),
    ("/vuln/cookie", "dast/cookie-flags", "prefs"),
    ("/vuln/cors", "dast/cors-reflected-origin", ""),
    ("/vuln/cors-null", "dast/cors-null-origin", ""),
    ("/vuln/error", "dast/stack-trace", ""),
    ("/vuln/debug", "dast/debug-page", ""),
    ("/vuln/banner", "dast/version-banner", ""),
    ("/vuln/internal-ip", "dast/internal-ip", ""),
    ("/vuln/files/", "dast/directory-listing", ""),
    ("/vuln/account", "dast/sensitive-data-in-url", "session_token"),
]


def _parameter(finding: Finding) -> str:
    return dict(finding.properties).get("parameter", "")


@pytest.mark.parametrize(("path", "rule_id", "parameter"), EXPECTED, ids=[f"{r}@{p}" for p, r, _ in EXPECTED])
def test_each_vulnerable_endpoint_is_found(full_scan: DastOutcome, path: str, rule_id: str, parameter: str) -> None:
    found = {(f.location.path, f.rule_id, _parameter(f)) for f in full_scan.findings}
    assert (path, rule_id, parameter) in found


def test_no_fixed_twin_is_reported(full_scan: DastOutcome) -> None:
    on_fixed = [(f.location.path, f.rule_id) for f in full_scan.findings if "/fixed/" in f.location.path]
    assert on_fixed == []


def test_every_finding_is_expected(full_scan: DastOutcome) -> None:
    """Zero false positives overall: besides the table, only /vuln/cors may also trust null (it reflects any Origin)."""
    expected = {(path, rule) for path, rule, _ in EXPECTED} | {("/vuln/cors", "dast/cors-null-origin")}
    assert {(f.location.path, f.rule_id) for f in full_scan.findings} <= expected


def test_every_rule_with_a_test_endpoint_is_covered() -> None:
    """Only HSTS and mixed content need HTTPS; they are covered by tests on recorded exchanges instead."""
    covered = {rule for _, rule, _ in EXPECTED}
    assert set(RULES_BY_ID) - covered == {"dast/hsts-missing", "dast/mixed-content"}


def test_active_findings_carry_payload_confirmation_and_evidence(full_scan: DastOutcome) -> None:
    for finding in full_scan.findings:
        properties = dict(finding.properties)
        assert properties["request"].startswith(properties["method"] + " "), finding.rule_id
        assert properties["response"].startswith("HTTP/1.1 "), finding.rule_id
        assert properties["confirmation"], finding.rule_id
        assert finding.cwe and finding.fix is not None
        if "active" in RULES_BY_ID[finding.rule_id].tags:
            assert properties["payload"], finding.rule_id


def test_time_based_sql_injection_is_confirmed_by_timing(full_scan: DastOutcome) -> None:
    finding = next(f for f in full_scan.findings if f.location.path == "/vuln/sqli-time")
    assert dict(finding.properties)["confirmation"].startswith("time-based: response time followed the injected delay")


def test_credentials_are_masked_in_evidence(full_scan: DastOutcome) -> None:
    idor = next(f for f in full_scan.findings if f.rule_id == "dast/idor")
    request = dict(idor.properties)["request"]
    assert "Authorization: Bearer " in request
    assert "token-bob" not in request and "token-alice" not in request


def test_the_scan_reports_what_it_completed(full_scan: DastOutcome) -> None:
    assert full_scan.errors == []
    assert full_scan.incomplete == []
    assert any(step.startswith("OpenAPI import") for step in full_scan.completed)
    assert full_scan.requests > 100


def test_recorded_requests_alone_drive_a_scan(app_url: str, tmp_path: Path) -> None:
    """--har with a request list and --no-crawl: only those requests are probed; other hosts are skipped."""
    listing = tmp_path / "requests.txt"
    listing.write_text(f"GET {app_url}vuln/xss?q=shoes\nGET http://elsewhere.invalid/x?id=1\n", encoding="utf-8")
    outcome = run_dast_scan(DastOptions(target=app_url, requests_file=listing, crawl=False,
                                        limits=ScanLimits(max_time=30, timeout=5)))  # fmt: skip
    assert "recorded requests (1 in scope, 1 outside skipped)" in outcome.completed
    assert ("/vuln/xss", "dast/reflected-xss") in {(f.location.path, f.rule_id) for f in outcome.findings}
    assert outcome.endpoints == 1
