"""Gitleaks' JSON report (`gitleaks detect -f json`): a list of leaks with RuleID, File and Secret."""

from __future__ import annotations

from collections.abc import Iterator

from pavedroad.core.findings import Finding
from pavedroad.importers.build import Draft, location
from pavedroad.importers.fields import convert_each, labelled, objects, optional, required, text
from pavedroad.importers.levels import confidence_for, severity_for
from pavedroad.importers.masking import mask_secret_in
from pavedroad.importers.model import ImportedResults
from pavedroad.importers.normalise import normalise_path

TOOL = "gitleaks"
HARD_CODED_CREDENTIALS = ("CWE-798",)


def parse(document: object) -> ImportedResults:
    """Every leak of a Gitleaks JSON report as a Finding, the secret masked."""
    entries = document if isinstance(document, list) else []
    findings, skipped = convert_each(labelled("", entries), _convert)
    return ImportedResults(TOOL, None, TOOL, tuple(findings), tuple(skipped))


def _convert(leak: object) -> Iterator[Finding]:
    secret = text(leak, "Secret")
    # Match is the matched text around the secret; Line (when present) is the whole line.
    snippet = mask_secret_in(text(leak, "Match") or text(leak, "Line"), secret).strip()
    rule = required(leak, "RuleID", str)
    description = text(leak, "Description") or rule
    commit = text(leak, "Commit")
    path = normalise_path(required(leak, "File", str))
    where = f" in commit {commit[:12]}" if commit else ""
    properties = [(name.lower(), text(leak, name)) for name in ("Commit", "Author", "Date") if text(leak, name)]
    tags = [str(tag) for tag in objects(leak, "Tags")]
    if tags:
        properties.append(("tags", ", ".join(tags)))
    yield Draft(
        tool=TOOL,
        tool_rule_id=rule,
        severity=severity_for(TOOL, None),
        confidence=confidence_for(TOOL, None),
        title=description,
        message=f"{description}: {snippet}{where}" if snippet else f"{description}{where}",
        location=location(
            path,
            required(leak, "StartLine", int),
            optional(leak, "StartColumn", int, 1),
            optional(leak, "EndLine", int, 0),
            optional(leak, "EndColumn", int, 0),
            snippet,
        ),
        cwe=HARD_CODED_CREDENTIALS,
        tool_fingerprint=text(leak, "Fingerprint"),
        properties=tuple(properties),
    ).finding()
