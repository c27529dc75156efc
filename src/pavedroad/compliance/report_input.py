"""Findings read back from a pavedroad JSON report (the public, versioned format)."""

from __future__ import annotations

import json
from pathlib import Path

from pavedroad.core.errors import UsageError
from pavedroad.core.findings import Finding
from pavedroad.report.json_reading import finding_from_dict

SUPPORTED_MAJOR = "1"


def read_report_findings(path: Path) -> list[Finding]:
    """The findings of a pavedroad JSON report; UsageError naming the file for anything else."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from None
    version = str(document.get("schema_version", "")) if isinstance(document, dict) else ""
    if version.split(".", 1)[0] != SUPPORTED_MAJOR:
        raise UsageError(f"{path}: not a pavedroad JSON report with schema_version {SUPPORTED_MAJOR}.x")
    try:
        return [finding_from_dict(item) for item in document.get("findings", [])]
    except (KeyError, TypeError, ValueError) as error:
        raise UsageError(f"{path}: malformed finding in report: {error}") from None
