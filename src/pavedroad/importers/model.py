"""What an import produces, and the one error type it raises for a file it cannot read."""

from __future__ import annotations

from dataclasses import dataclass

from pavedroad.core.errors import UsageError
from pavedroad.core.findings import Finding


class ImportFileError(UsageError):
    """A results file that cannot be imported at all: the message names the file (and line)."""


@dataclass(frozen=True, slots=True)
class ImportedResults:
    """The findings read from one peer tool's results file.

    `skipped` holds one human-readable reason per entry that could not become a Finding;
    the other entries are still imported.
    """

    tool: str
    tool_version: str | None
    format: str
    findings: tuple[Finding, ...]
    skipped: tuple[str, ...] = ()
