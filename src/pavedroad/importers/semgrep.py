"""Semgrep's JSON output (`semgrep --json`): `results[]` with check_id, path, start/end and extra."""

from __future__ import annotations

from collections.abc import Iterator

from pavedroad.core.findings import Finding, Suppression
from pavedroad.importers.build import Draft, location
from pavedroad.importers.fields import convert_each, labelled, objects, optional, raw, required, text
from pavedroad.importers.levels import confidence_for, severity_for
from pavedroad.importers.model import ImportedResults
from pavedroad.importers.normalise import cwe_ids, normalise_path

TOOL = "semgrep"
# Semgrep OSS writes this instead of the real value for fields reserved to logged-in users.
_REDACTED = "requires login"


def parse(document: object) -> ImportedResults:
    """Every result of a Semgrep JSON report as a Finding."""
    findings, skipped = convert_each(labelled("results", objects(document, "results")), _convert)
    version = text(document, "version") or None
    return ImportedResults(TOOL, version, TOOL, tuple(findings), tuple(skipped))


def _convert(result: object) -> Iterator[Finding]:
    start = required(result, "start", dict)
    end = optional(result, "end", dict, {})
    extra = required(result, "extra", dict)
    metadata = optional(extra, "metadata", dict, {})
    message = required(extra, "message", str)
    lines = text(extra, "lines")
    fingerprint = text(extra, "fingerprint")
    check_id = required(result, "check_id", str)
    yield Draft(
        tool=TOOL,
        tool_rule_id=check_id,
        severity=severity_for(TOOL, raw(extra, "severity")),
        confidence=confidence_for(TOOL, raw(metadata, "confidence")),
        title=check_id.rsplit(".", 1)[-1],
        message=message,
        location=location(
            normalise_path(required(result, "path", str)),
            required(start, "line", int),
            optional(start, "col", int, 1),
            optional(end, "line", int, 0),
            optional(end, "col", int, 0),
            "" if lines == _REDACTED else lines.strip(),
        ),
        cwe=cwe_ids(_as_list(raw(metadata, "cwe"))),
        references=tuple(str(item) for item in _as_list(raw(metadata, "references"))),
        fix_hint=text(extra, "fix"),
        tool_fingerprint="" if fingerprint == _REDACTED else fingerprint,
        suppression=Suppression("external", "ignored in Semgrep (nosemgrep)") if raw(extra, "is_ignored") else None,
    ).finding()


def _as_list(value: object) -> list[object]:
    """Semgrep metadata fields are a string or a list of strings, depending on the rule."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]
