"""The public JSON report: a versioned document, independent of the internal dataclasses.

Renaming a field in core/ must not silently change what users parse, so every field is
mapped here by hand. Bump SCHEMA_VERSION (and ship a new schema file) when the shape
changes: minor for additions, major for removals or renames. See docs/json-schema.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import Enum
from pathlib import PurePath
from typing import Any

import pavedroad
from pavedroad.core.errors import ScanError, ScanWarning, Skip
from pavedroad.core.findings import Finding, Location
from pavedroad.core.run import GateOutcome, RunResult
from pavedroad.report.common import ordered

SCHEMA_VERSION = "1.0"
#: Packaged beside this module; tests validate every report against it.
SCHEMA_RESOURCE = "schemas/pavedroad-report-1.0.schema.json"


def render_json(result: RunResult) -> str:
    """The JSON report as compact text ending with a newline (pipe it to `jq` to read it).

    Compact, like semgrep's: with `indent` the standard library falls back to its pure-Python
    encoder, which costs seconds on a report that lists tens of thousands of skipped files.
    """
    # ASCII escapes keep lone surrogates from undecodable file names valid to write anywhere.
    return json.dumps(result_to_dict(result), separators=(",", ":"), ensure_ascii=True) + "\n"


def result_to_dict(result: RunResult) -> dict[str, Any]:
    """The whole run as the public document (the Store and Rego policies read this too)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "pavedroad", "version": pavedroad.__version__},
        "run": {
            "root": result.root,
            "scope": _json_value(result.scope),
            "analyzers": [{"name": info.name, "version": info.version} for info in result.analyzers],
            "started": result.started,
            "finished": result.finished,
            "files_scanned": result.files_scanned,
            "bytes_scanned": result.bytes_scanned,
            "cache_hits": result.cache_hits,
            "lines_by_language": dict(result.lines_by_language),
            "gate": _gate_to_dict(result.gate),
            "stale_baseline": list(result.stale_baseline),
        },
        "findings": [finding_to_dict(finding) for finding in ordered(result.findings)],
        "errors": [_error_to_dict(error) for error in result.errors],
        "skipped": [_skip_to_dict(skip) for skip in result.skipped],
        "warnings": [_warning_to_dict(warning) for warning in result.warnings],
    }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One finding as it appears in the public document, plus its `active` state."""
    return {
        "rule_id": finding.rule_id,
        "analyzer": finding.analyzer,
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "title": finding.title,
        "message": finding.message,
        "location": location_to_dict(finding.location),
        "fingerprint": finding.fingerprint,
        "cwe": list(finding.cwe),
        "references": list(finding.references),
        "fix": None
        if finding.fix is None
        else {"hint": finding.fix.hint, "replacement": finding.fix.replacement},
        "package": None
        if finding.package is None
        else {
            "purl": finding.package.purl,
            "installed_version": finding.package.installed_version,
            "fixed_versions": list(finding.package.fixed_versions),
        },
        "vulnerability": list(finding.vulnerability),
        "cvss": finding.cvss,
        "controls": list(finding.controls),
        "trace": [
            {"location": location_to_dict(step.location), "message": step.message} for step in finding.trace
        ],
        "properties": dict(finding.properties),
        "suppression": None
        if finding.suppression is None
        else {
            "kind": finding.suppression.kind,
            "reason": finding.suppression.reason,
            "expires": finding.suppression.expires,
        },
        "in_baseline": finding.in_baseline,
        "active": finding.is_active,
    }


def location_to_dict(location: Location) -> dict[str, Any]:
    """A location with the field names of the public document."""
    return {
        "path": location.path,
        "start_line": location.start_line,
        "start_column": location.start_column,
        "end_line": location.end_line,
        "end_column": location.end_column,
        "snippet": location.snippet,
    }


def _gate_to_dict(gate: GateOutcome | None) -> dict[str, Any] | None:
    if gate is None:
        return None
    return {
        "mode": gate.mode,
        "failed": gate.failed,
        "reasons": list(gate.reasons),
        "exit_code": gate.exit_code,
    }


def _error_to_dict(error: ScanError) -> dict[str, Any]:
    return {"path": error.path, "message": error.message, "analyzer": error.analyzer, "line": error.line}


def _skip_to_dict(skip: Skip) -> dict[str, Any]:
    return {"path": skip.path, "reason": skip.reason}


def _warning_to_dict(warning: ScanWarning) -> dict[str, Any]:
    return {"path": warning.path, "message": warning.message, "line": warning.line}


def _json_value(value: object) -> Any:
    """`scope` is typed loosely (paths, sets, enums from the CLI); make it plain JSON."""
    # Enums first: str- and int-based enums would otherwise pass through as enum objects.
    if isinstance(value, Enum):
        return _json_value(value.value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, PurePath):
        return value.as_posix()
    if isinstance(value, Mapping):
        return {str(key): _json_value(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        # Sets have no order; sorting keeps the document reproducible.
        return sorted((_json_value(item) for item in value), key=repr)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return str(value)
