"""The self-contained HTML report: escaped, offline, complete."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

from report_samples import MASKED_SNIPPET, XSS_PAYLOAD, build_finding

from pavedroad.core.run import RunResult
from pavedroad.report import render


class _TagCollector(HTMLParser):
    """Collects start tags with their attributes and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def parse(page: str) -> _TagCollector:
    collector = _TagCollector()
    collector.feed(page)
    return collector


def test_attacker_markup_in_a_message_is_escaped(scan_result: RunResult) -> None:
    page = render("html", scan_result)
    assert XSS_PAYLOAD not in page
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in page
    # Our own filter script is the only script element.
    assert len([tag for tag, _ in parse(page).tags if tag == "script"]) == 1


def test_markup_in_paths_rules_and_snippets_is_escaped(clean_result: RunResult) -> None:
    clean_result.findings = [
        build_finding(
            path='x"><img src=x onerror=alert(1)>.py',
            snippet="</code></pre><iframe src=//evil>",
            title="<b>bold</b>",
        )
    ]
    tags = {tag for tag, _ in parse(render("html", clean_result)).tags}
    assert not tags & {"img", "iframe", "b"}


def test_the_page_loads_nothing_from_elsewhere(scan_result: RunResult) -> None:
    for tag, attributes in parse(render("html", scan_result)).tags:
        assert "src" not in attributes, f"<{tag}> loads an external resource"
        assert tag != "link", "stylesheets must be inline"


def test_the_content_security_policy_allows_exactly_the_inline_script(scan_result: RunResult) -> None:
    collector = parse(render("html", scan_result))
    policy = next(
        attributes["content"]
        for tag, attributes in collector.tags
        if tag == "meta" and attributes.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None
    digest = base64.b64encode(hashlib.sha256(collector.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy


def test_summary_counts_and_gate_are_shown(scan_result: RunResult) -> None:
    page = render("html", scan_result)
    counts = dict(
        (severity, int(count))
        for count, severity in re.findall(r'<li class="\w+"><strong>(\d+)</strong>(\w+)</li>', page)
    )
    assert counts == {"critical": 1, "high": 1, "medium": 1, "low": 0, "info": 1}
    assert "Gate: failed (enforce)" in page
    assert "2 active findings at or above high" in page
    assert "Findings (4)" in page


def test_findings_are_grouped_worst_first_with_location_snippet_and_fix(scan_result: RunResult) -> None:
    page = render("html", scan_result)
    headings = re.findall(r'<h3 class="(\w+)">', page)
    assert headings == ["critical", "high", "medium", "info"]
    assert "src/app/settings.py:12:16" in page
    assert "GITHUB_TOKEN = &quot;ghp_****" in page
    assert MASKED_SNIPPET not in page  # only ever in its escaped form
    assert "Revoke the token and load it from the environment." in page


def test_suppressed_errors_and_skips_have_their_sections(scan_result: RunResult) -> None:
    page = render("html", scan_result)
    assert "Suppressed and baselined (3)" in page
    assert "inline suppression: only valid against the local emulator" in page
    assert "config suppression: static website bucket (until 2030-01-01)" in page
    assert "accepted in the baseline" in page
    assert "Scanner errors (1)" in page
    assert "infra/broken.tf:3 [iac]: unexpected &#x27;}&#x27; (HCL parse error)" in page
    assert "Skipped files (1)" in page
    assert "assets/logo.png" in page


def test_a_clean_run_says_so(clean_result: RunResult) -> None:
    page = render("html", clean_result)
    assert "No active findings." in page
    assert "Gate: passed (enforce)" in page


def test_dast_evidence_shows_the_request_and_response_escaped() -> None:
    import dataclasses

    from report_samples import clean_result

    finding = build_finding(
        "dast/reflected-xss",
        path="/search",
        snippet="q",
        properties=(
            ("payload", XSS_PAYLOAD),
            ("confirmation", "payload reflected unescaped in an HTML body"),
            ("request", "GET /search?q=%3Cscript%3E HTTP/1.1\nCookie: session=********"),
            ("response", f"HTTP/1.1 200 OK\n\n<p>{XSS_PAYLOAD}</p>"),
        ),
    )
    page = render("html", dataclasses.replace(clean_result(), findings=[finding]))
    assert "<details><summary>Evidence</summary>" in page
    assert "<p><strong>Request</strong></p><pre><code>GET /search?q=%3Cscript%3E HTTP/1.1\nCookie: session=" in page
    assert "&lt;p&gt;&lt;script&gt;alert(document.cookie)&lt;/script&gt;&lt;/p&gt;" in page
    assert XSS_PAYLOAD not in page
    assert all("alert(" not in script for script in parse(page).scripts)
