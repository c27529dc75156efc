"""One self-contained HTML page: no CDN, no external requests, readable without JavaScript.

Every value is escaped on the way in — paths, messages and snippets come from the code
under scan and must never become markup. A Content-Security-Policy that allows only our
own inline script (by hash) is a second line of defence if an escape is ever missed.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from importlib import resources
from string import Template
from typing import TypeVar

import pavedroad
from pavedroad.core.findings import Finding
from pavedroad.core.run import RunResult
from pavedroad.report.common import (
    SEVERITIES_WORST_FIRST,
    gate_label,
    is_baselined,
    location_label,
    ordered,
    printable,
    summarise,
    summary_line,
)

_Item = TypeVar("_Item")
_NONE = '<p class="muted">None.</p>'

# Progressive enhancement: without JavaScript the page is complete, only unfiltered.
FILTER_SCRIPT = (
    'document.getElementById("filter").addEventListener("input", function (event) {'
    " var query = event.target.value.toLowerCase();"
    ' document.querySelectorAll("tbody tr").forEach(function (row) {'
    " row.hidden = query !== '' && row.textContent.toLowerCase().indexOf(query) < 0; }); });"
)
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(FILTER_SCRIPT.encode()).digest()).decode()
CONTENT_SECURITY_POLICY = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'"


def render_html(result: RunResult) -> str:
    """The HTML report as one string; save it as a file and open it anywhere."""
    summary = summarise(result)
    active = ordered(result.active_findings)
    inactive = ordered(finding for finding in result.findings if not finding.is_active)
    return _page_template().substitute(
        content_security_policy=CONTENT_SECURITY_POLICY,
        root=_escape(result.root),
        summary_line=_escape(summary_line(result)),
        gate_class="none" if result.gate is None else ("failed" if result.gate.failed else "passed"),
        gate_label=_escape(gate_label(result.gate)),
        gate_reasons=_list(result.gate.reasons if result.gate else (), _escape),
        severity_counts="".join(
            f'<li class="{severity.value}"><strong>{count}</strong>{severity.value}</li>'
            for severity, count in summary.by_severity.items()
        ),
        run_facts=_run_facts(result),
        active_count=summary.active,
        findings=_active_findings(active),
        inactive_count=len(inactive),
        inactive_findings=_table(("Location", "Rule", "Title", "Why not counted"), inactive, _inactive_row),
        error_count=summary.errors,
        errors=_list(result.errors, lambda error: f"<code>{_escape(error.describe())}</code>", empty=_NONE),
        skipped_count=summary.skipped,
        skipped=_table(
            ("Path", "Reason"),
            result.skipped,
            lambda skip: f"<td><code>{_escape(skip.path)}</code></td><td>{_escape(skip.reason)}</td>",
        ),
        warning_count=summary.warnings,
        warnings=_list(
            result.warnings,
            lambda warning: f"<code>{_escape(warning.path)}</code>: {_escape(warning.message)}",
            empty=_NONE,
        ),
        version=_escape(pavedroad.__version__),
        script=FILTER_SCRIPT,
    )


@cache
def _page_template() -> Template:
    return Template(resources.files("pavedroad.report").joinpath("templates/report.html").read_text("utf-8"))


def _escape(text: str) -> str:
    return html.escape(printable(text), quote=True)


def _run_facts(result: RunResult) -> str:
    analyzers = ", ".join(f"{info.name} {info.version}" for info in result.analyzers)
    facts = [
        ("Root", result.root),
        ("Started", result.started),
        ("Finished", result.finished),
        ("Analyzers", analyzers),
        ("Files scanned", str(result.files_scanned)),
        ("Bytes scanned", str(result.bytes_scanned)),
        ("Cache hits", str(result.cache_hits)),
    ]
    return "".join(f"<dt>{_escape(name)}</dt><dd>{_escape(value)}</dd>" for name, value in facts)


def _active_findings(findings: Sequence[Finding]) -> str:
    if not findings:
        return '<p class="muted">No active findings.</p>'
    sections = []
    for severity in SEVERITIES_WORST_FIRST:
        group = [finding for finding in findings if finding.severity is severity]
        if group:
            heading = f'<h3 class="{severity.value}">{severity.value.capitalize()} ({len(group)})</h3>'
            sections.append(
                heading + _table(("Location", "Rule", "Finding", "Snippet", "Fix"), group, _active_row)
            )
    return "\n".join(sections)


def _active_row(finding: Finding) -> str:
    trace = _list(
        finding.trace,
        lambda step: f"<code>{_escape(location_label(step.location))}</code> {_escape(step.message)}",
        ordered_list=True,
    )
    return (
        f"<td><code>{_escape(location_label(finding.location, with_column=True))}</code></td>"
        f"<td><code>{_escape(finding.rule_id)}</code>"
        f'<p class="muted">{finding.confidence.value} confidence</p></td>'
        f"<td><strong>{_escape(finding.title)}</strong><p>{_escape(finding.message)}</p>"
        f"{trace if finding.trace else ''}{_evidence(finding)}</td>"
        f"<td><pre><code>{_escape(finding.location.snippet)}</code></pre></td>"
        f"<td>{_escape(finding.fix.hint) if finding.fix else ''}</td>"
    )


def _evidence(finding: Finding) -> str:
    """A DAST finding's proof: payload, how it was confirmed, and the request/response pair."""
    properties = dict(finding.properties)
    if "request" not in properties and "response" not in properties:
        return ""
    facts = "".join(
        f"<p>{name}: <code>{_escape(properties[name])}</code></p>"
        for name in ("payload", "confirmation")
        if properties.get(name)
    )
    exchange = "".join(
        f"<p><strong>{name.capitalize()}</strong></p><pre><code>{_escape(properties[name])}</code></pre>"
        for name in ("request", "response")
        if name in properties
    )
    return f"<details><summary>Evidence</summary>{facts}{exchange}</details>"


def _inactive_row(finding: Finding) -> str:
    if finding.suppression is not None and not is_baselined(finding):
        expires = f" (until {finding.suppression.expires})" if finding.suppression.expires else ""
        why = f"{finding.suppression.kind} suppression: {finding.suppression.reason}{expires}"
    else:
        why = "accepted in the baseline"
    return (
        f"<td><code>{_escape(location_label(finding.location))}</code></td>"
        f"<td><code>{_escape(finding.rule_id)}</code></td>"
        f"<td>{_escape(finding.title)}</td><td>{_escape(why)}</td>"
    )


def _table(headers: Sequence[str], items: Sequence[_Item], row: Callable[[_Item], str]) -> str:
    """A table of escaped cells; `row` returns the <td> cells of one item."""
    if not items:
        return _NONE
    head = "".join(f"<th>{_escape(header)}</th>" for header in headers)
    body = "\n".join(f"<tr>{row(item)}</tr>" for item in items)
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def _list(
    items: Iterable[_Item], entry: Callable[[_Item], str], *, ordered_list: bool = False, empty: str = ""
) -> str:
    """A list of escaped entries, or `empty` when there are none."""
    tag = "ol" if ordered_list else "ul"
    entries = "".join(f"<li>{entry(item)}</li>" for item in items)
    return f"<{tag}>{entries}</{tag}>" if entries else empty
