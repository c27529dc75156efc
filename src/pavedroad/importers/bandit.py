"""Bandit's JSON report (`bandit -f json`): `results[]` with test_id, issue_* and line numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pavedroad.core.findings import Finding
from pavedroad.importers.build import Draft, location
from pavedroad.importers.fields import convert_each, labelled, objects, optional, raw, required, text
from pavedroad.importers.levels import confidence_for, severity_for
from pavedroad.importers.masking import mask_secret_in
from pavedroad.importers.model import ImportedResults
from pavedroad.importers.normalise import cwe_ids, normalise_path

TOOL = "bandit"
# B105-B107 quote the password they found in the message: "Possible hardcoded password: 'x'".
_QUOTED_PASSWORD = re.compile(r"hardcoded password: '(.*)'$")
# Bandit prefixes each line of `code` with its number: "16 PASSWORD = ...".
_LINE_NUMBER = re.compile(r"^\d+ ", re.MULTILINE)


def parse(document: object) -> ImportedResults:
    """Every result of a Bandit JSON report as a Finding."""
    findings, skipped = convert_each(labelled("results", objects(document, "results")), _convert)
    return ImportedResults(TOOL, None, TOOL, tuple(findings), tuple(skipped))


def _convert(result: object) -> Iterator[Finding]:
    line = required(result, "line_number", int)
    message = required(result, "issue_text", str)
    snippet = _offending_line(text(result, "code"), line)
    password = _QUOTED_PASSWORD.search(message)
    if password:
        message = mask_secret_in(message, password.group(1))
        snippet = mask_secret_in(snippet, password.group(1))
    cwe = optional(result, "issue_cwe", dict, {})
    line_range = [number for number in objects(result, "line_range") if isinstance(number, int)]
    yield Draft(
        tool=TOOL,
        tool_rule_id=required(result, "test_id", str),
        severity=severity_for(TOOL, raw(result, "issue_severity")),
        confidence=confidence_for(TOOL, raw(result, "issue_confidence")),
        title=text(result, "test_name") or message,
        message=message,
        location=location(
            normalise_path(required(result, "filename", str)),
            line,
            optional(result, "col_offset", int, 0) + 1,  # bandit's columns are 0-based
            max(line_range, default=line),
            optional(result, "end_col_offset", int, 0) + 1,
            snippet,
        ),
        cwe=cwe_ids([cwe.get("id")]) if cwe.get("id") else (),
        references=tuple(filter(None, [text(result, "more_info")])),
    ).finding()


def _offending_line(code: str, line: int) -> str:
    """The reported line from Bandit's numbered `code` context, without its number."""
    for code_line in code.splitlines():
        number, _, rest = code_line.partition(" ")
        if number == str(line):
            return rest.strip()
    return _LINE_NUMBER.sub("", code).strip()
