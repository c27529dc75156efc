"""The dashboard in a real browser (Debian's Chromium via Playwright) against uvicorn.

Logs in, opens a finding, triages it as a false positive with a justification, checks the
audit trail shows it, and opens the compliance page; screenshots go to
$PAVEDROAD_TEST_ARTIFACTS (default build/test-artifacts/). Without /usr/bin/chromium the
tests are skipped, except in CI ($CI set), where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from server_support import (
    PASSWORD,
    XSS,
    live_server,
    make_report,
    running_server,
    secret_finding,
    sql_injection_finding,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(
    os.environ.get("PAVEDROAD_TEST_ARTIFACTS") or Path(__file__).resolve().parents[2] / "build" / "test-artifacts"
)
STEP_TIMEOUT_MS = 15_000


@pytest.fixture
def browser_page() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must run the browser tests")
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=STEP_TIMEOUT_MS)
        page = browser.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.errors = errors  # type: ignore[attr-defined]
        try:
            yield page
        finally:
            browser.close()


def _screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)


def test_log_in_triage_a_finding_and_see_compliance(database_url: str, browser_page: Any) -> None:
    page = browser_page
    with running_server(database_url) as server, live_server(server.app) as base_url:
        findings = [sql_injection_finding(message=f"User input reaches execute() {XSS}"), secret_finding(1)]
        assert server.upload("shop", make_report(findings), ci_run_id="1").status_code == 201

        page.goto(f"{base_url}/")
        assert page.url == f"{base_url}/login"
        page.fill("input[name=username]", "triager")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base_url}/")
        assert page.locator("h1").inner_text() == "Organisation overview"
        page.wait_for_selector("canvas[data-rendered=true]")  # Chart.js ran under the CSP
        _screenshot(page, "overview")

        page.click("text=Findings")
        page.click("text=SQL injection")
        assert page.locator("p.message").inner_text() == f"User input reaches execute() {XSS}"
        assert page.locator("ol.trace li").count() == 2
        _screenshot(page, "finding")

        page.select_option("select[name=state]", "false_positive")
        page.fill("textarea[name=justification]", "Only reachable from the test suite")
        page.click("text=Save decision")
        page.wait_for_selector("table.audit >> text=false_positive")
        row = page.locator("table.audit tbody tr").first.inner_text()
        assert "triager" in row and "untriaged → false_positive" in row and "Only reachable from the test suite" in row
        assert page.locator("#triage-state").inner_text() == "false_positive: Only reachable from the test suite"
        _screenshot(page, "triaged")

        page.click("text=Compliance")
        assert page.locator("h1").inner_text().startswith("Compliance: ")
        assert page.locator("table.controls tbody tr").count() > 0
        _screenshot(page, "compliance")

    assert page.errors == []  # no CSP violation or script error on any page
