"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

All analyzers share one run: GitHub no longer merges several runs of the same tool in one
upload, so a run per analyzer would drop results.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pavedroad
from pavedroad.core.findings import Confidence, Finding, Location, Rule, Severity
from pavedroad.core.run import RunResult
from pavedroad.report.common import is_baselined, longest_backtick_run, ordered

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# The project's public home; replace once the repository URL is final.
INFORMATION_URI = "https://github.com/pavedroad/pavedroad"
SOURCE_ROOT_ID = "%SRCROOT%"
#: Versioned so a future change of fingerprint algorithm does not reopen every alert.
FINGERPRINT_KEY = "pavedroad/v1"

_LEVEL_BY_SEVERITY = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub's scale adds "very-high", which we keep for a future "verified" confidence.
_PRECISION_BY_CONFIDENCE = {
    Confidence.HIGH: "high",
    Confidence.MEDIUM: "medium",
    Confidence.LOW: "low",
}


def render_sarif(result: RunResult) -> str:
    """The SARIF log as indented JSON text, ending with a newline."""
    return json.dumps(sarif_log(result), indent=2, ensure_ascii=True) + "\n"


def sarif_log(result: RunResult) -> dict[str, Any]:
    """The SARIF log as a dict: one run holding the findings of every analyzer.

    Code scanning resolves paths against the repository root, so a scan of a subdirectory
    reports its paths with the subdirectory in front (`scope.repository_prefix`).
    """
    prefix = str(result.scope.get("repository_prefix") or "")
    findings = [_under_prefix(finding, prefix) for finding in ordered(result.findings)]
    rules = rules_for(findings, result.rules)
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "pavedroad",
                "version": pavedroad.__version__,
                "semanticVersion": pavedroad.__version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(rule) for rule in rules],
            }
        },
        "invocations": [_invocation(result)],
        "originalUriBaseIds": {SOURCE_ROOT_ID: {"uri": _directory_uri(_repository_root(result.root, prefix))}},
        # Analyzers count columns in Python characters, not UTF-16 units (SARIF's default).
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, rule_index[finding.rule_id]) for finding in findings],
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def _under_prefix(finding: Finding, prefix: str) -> Finding:
    if not prefix:
        return finding
    return replace(
        finding,
        location=replace(finding.location, path=f"{prefix}/{finding.location.path}"),
        trace=tuple(
            replace(step, location=replace(step.location, path=f"{prefix}/{step.location.path}"))
            for step in finding.trace
        ),
    )


def _repository_root(root: str, prefix: str) -> str:
    path = Path(root or ".")
    for _ in Path(prefix).parts if prefix else ():
        path = path.parent
    return str(path)


def rules_for(findings: Iterable[Finding], known_rules: Mapping[str, Rule]) -> list[Rule]:
    """The rules that fired, sorted by id; a rule missing from the metadata is rebuilt from its finding.

    A third-party analyzer may not declare every rule it reports; a result must still point
    at a descriptor or GitHub rejects the upload.
    """
    fired: dict[str, Rule] = {}
    for finding in findings:
        if finding.rule_id not in fired:
            fired[finding.rule_id] = known_rules.get(finding.rule_id) or _rule_from_finding(finding)
    return [fired[rule_id] for rule_id in sorted(fired)]


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A SARIF reportingDescriptor with what GitHub reads: help, severity score, precision, tags."""
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale or rule.title},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": _LEVEL_BY_SEVERITY[rule.severity]},
        "properties": {
            "security-severity": rule.severity.security_severity,
            "precision": _PRECISION_BY_CONFIDENCE[rule.confidence],
            "tags": _tags(rule),
        },
    }
    web_references = [reference for reference in rule.references if reference.startswith(("https:", "http:"))]
    if web_references:
        descriptor["helpUri"] = web_references[0]
    return descriptor


def _rule_from_finding(finding: Finding) -> Rule:
    return Rule(
        id=finding.rule_id,
        title=finding.title,
        severity=finding.severity,
        confidence=finding.confidence,
        rationale=finding.title,
        fix=finding.fix.hint if finding.fix else "",
        cwe=finding.cwe,
        references=finding.references,
    )


def _tags(rule: Rule) -> list[str]:
    cwe_tags = [f"external/cwe/{cwe.lower()}" for cwe in rule.cwe]
    # SARIF requires unique tags; a rule may already list "security" itself.
    return list(dict.fromkeys(["security", *rule.tags, *cwe_tags]))


def _help_text(rule: Rule) -> str:
    sections = [rule.rationale or rule.title]
    if rule.fix:
        sections.append(f"Fix: {rule.fix}")
    if rule.example:
        sections.append(f"Example:\n{rule.example}")
    if rule.secure_example:
        sections.append(f"Use instead:\n{rule.secure_example}")
    if rule.references:
        sections.append("References:\n" + "\n".join(rule.references))
    return "\n\n".join(sections)


def _help_markdown(rule: Rule) -> str:
    sections = [rule.rationale or rule.title]
    if rule.fix:
        sections.append(f"**Fix:** {rule.fix}")
    for heading, example in (("Example", rule.example), ("Use instead", rule.secure_example)):
        if example:
            # A fence longer than any backtick run inside keeps the example from closing it early.
            fence = "`" * max(3, longest_backtick_run(example) + 1)
            sections.append(f"**{heading}:**\n\n{fence}\n{example}\n{fence}")
    if rule.references:
        sections.append("**References:**\n\n" + "\n".join(f"- {reference}" for reference in rule.references))
    return "\n\n".join(sections)


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    sarif_result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVEL_BY_SEVERITY[finding.severity],
        "message": {"text": finding.message or finding.title},
        "locations": [{"physicalLocation": _physical_location(finding.location)}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "baselineState": "unchanged" if is_baselined(finding) else "new",
        "properties": _result_properties(finding),
    }
    suppressions = _suppressions(finding)
    if suppressions:
        sarif_result["suppressions"] = suppressions
    if finding.trace:
        steps = [
            {
                "location": {
                    "physicalLocation": _physical_location(step.location),
                    "message": {"text": step.message},
                }
            }
            for step in finding.trace
        ]
        sarif_result["codeFlows"] = [{"threadFlows": [{"locations": steps}]}]
    return sarif_result


def _suppressions(finding: Finding) -> list[dict[str, Any]]:
    suppressions: list[dict[str, Any]] = []
    if finding.suppression is not None and finding.suppression.kind != "baseline":
        suppression: dict[str, Any] = {
            "kind": "inSource" if finding.suppression.kind == "inline" else "external",
            "status": "accepted",
            "justification": finding.suppression.reason,
        }
        if finding.suppression.expires:
            suppression["properties"] = {"expires": finding.suppression.expires}
        suppressions.append(suppression)
    if is_baselined(finding):
        suppressions.append({"kind": "external", "status": "accepted", "justification": "baseline"})
    return suppressions


def _result_properties(finding: Finding) -> dict[str, Any]:
    properties: dict[str, Any] = {"confidence": finding.confidence.value, "cwe": list(finding.cwe)}
    if finding.fix is not None:
        properties["fix"] = finding.fix.hint
    if finding.package is not None:
        properties["package"] = {
            "purl": finding.package.purl,
            "installed_version": finding.package.installed_version,
            "fixed_versions": list(finding.package.fixed_versions),
        }
    if finding.vulnerability:
        properties["vulnerability"] = list(finding.vulnerability)
    if finding.cvss:
        properties["cvss"] = finding.cvss
    if finding.controls:
        properties["controls"] = list(finding.controls)
    if finding.properties:
        properties["details"] = dict(finding.properties)
    return properties


def _physical_location(location: Location) -> dict[str, Any]:
    # SARIF regions are 1-based and must not end before they start; analyzers that only
    # know a line leave the rest at defaults, so clamp rather than emit an invalid region.
    start_line = max(location.start_line, 1)
    start_column = max(location.start_column, 1)
    end_line = max(location.end_line, start_line)
    end_column = max(location.end_column, start_column if end_line == start_line else 1)
    region: dict[str, Any] = {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    }
    if location.snippet:
        region["snippet"] = {"text": location.snippet}
    return {"artifactLocation": _artifact_location(location.path), "region": region}


def _artifact_location(path: str) -> dict[str, str]:
    relative = path.replace("\\", "/").removeprefix("./")
    # Undecodable file names arrive surrogate-escaped; percent-encode their original bytes.
    return {"uri": quote(relative, safe="/", errors="surrogateescape"), "uriBaseId": SOURCE_ROOT_ID}


def _directory_uri(root: str) -> str:
    uri = Path(root or ".").absolute().as_uri()
    # Without the trailing slash, relative URIs would resolve against the root's parent.
    return uri if uri.endswith("/") else uri + "/"


def _invocation(result: RunResult) -> dict[str, Any]:
    notifications = [_notification("error", error.path, error.line, error.describe()) for error in result.errors] + [
        _notification("warning", warning.path, warning.line, warning.message) for warning in result.warnings
    ]
    invocation: dict[str, Any] = {
        "executionSuccessful": not result.errors,
        "toolExecutionNotifications": notifications,
    }
    for key, timestamp in (("startTimeUtc", result.started), ("endTimeUtc", result.finished)):
        utc = _utc_timestamp(timestamp)
        if utc is not None:
            invocation[key] = utc
    return invocation


def _notification(level: str, path: str, line: int | None, message: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact_location(path)}
    if line:
        physical["region"] = {"startLine": line}
    return {"level": level, "message": {"text": message}, "locations": [{"physicalLocation": physical}]}


def _utc_timestamp(timestamp: str) -> str | None:
    """An ISO timestamp in SARIF's UTC form; None when unreadable or without a time zone."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    # A naive time could be any zone; better to omit it than to state a wrong one.
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
