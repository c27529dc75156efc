"""Checkov's JSON output (`checkov -o json`): one report, or a list of them, one per framework."""

from __future__ import annotations

from collections.abc import Iterator

from pavedroad.core.findings import Finding
from pavedroad.importers.build import Draft, location
from pavedroad.importers.fields import convert_each, labelled, objects, optional, raw, required, text
from pavedroad.importers.levels import confidence_for, severity_for
from pavedroad.importers.model import ImportedResults
from pavedroad.importers.normalise import normalise_path

TOOL = "checkov"


def parse(document: object) -> ImportedResults:
    """Every failed check of a Checkov JSON report as a Finding (passed and skipped are not findings)."""
    reports = document if isinstance(document, list) else [document]
    findings: list[Finding] = []
    skipped: list[str] = []
    version: str | None = None
    for index, report in enumerate(reports):
        results = optional(report, "results", dict, {})
        prefix = f"[{index}].results.failed_checks" if isinstance(document, list) else "results.failed_checks"
        converted, problems = convert_each(labelled(prefix, objects(results, "failed_checks")), _convert)
        findings.extend(converted)
        skipped.extend(problems)
        summary = optional(report, "summary", dict, {})
        version = version or text(summary, "checkov_version") or text(report, "checkov_version") or None
    return ImportedResults(TOOL, version, TOOL, tuple(findings), tuple(skipped))


def _convert(check: object) -> Iterator[Finding]:
    line_range = [number for number in objects(check, "file_line_range") if isinstance(number, int)]
    start_line = line_range[0] if line_range else 1
    resource = text(check, "resource")
    name = required(check, "check_name", str)
    yield Draft(
        tool=TOOL,
        tool_rule_id=required(check, "check_id", str),
        severity=severity_for(TOOL, raw(check, "severity")),
        confidence=confidence_for(TOOL, None),
        title=name,
        message=f"{resource}: {name}" if resource else name,
        # Checkov writes paths relative to the scanned directory with a leading slash ("/main.tf").
        location=location(
            normalise_path(required(check, "file_path", str)),
            start_line,
            end_line=line_range[-1] if line_range else start_line,
            snippet=_first_code_line(check),
        ),
        references=tuple(filter(None, [text(check, "guideline")])),
        properties=(("resource", resource),) if resource else (),
    ).finding()


def _first_code_line(check: object) -> str:
    """The resource's opening line from `code_block` ([[line, text], ...]): what the finding is about."""
    for item in objects(check, "code_block"):
        if isinstance(item, list) and len(item) == 2 and isinstance(item[1], str) and item[1].strip():
            return item[1].strip()
    return ""
