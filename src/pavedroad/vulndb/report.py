"""What an import did: the sources it read and the records it had to skip, as data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """A record that was skipped: the file, where in it (line or archive member), and why."""

    path: str
    message: str
    line: int | None = None
    member: str | None = None

    def describe(self) -> str:
        """`file:line: message`, or `file!member: message` inside an archive."""
        where = self.path
        if self.member is not None:
            where += f"!{self.member}"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class SourceSummary:
    """One input read by an import: its kind (osv, kev, epss), records kept and skipped."""

    kind: str
    name: str
    location: str
    records: int
    skipped: int
    newest_modified: str | None


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of an import or update that completed (the database file was replaced)."""

    database: Path
    sources: tuple[SourceSummary, ...]
    problems: tuple[ImportProblem, ...]
    seconds: float
    ignored: tuple[str, ...] = ()  # JSON files found in a directory that are not advisory data

    @property
    def records(self) -> int:
        """Records imported, over all sources."""
        return sum(source.records for source in self.sources)

    @property
    def skipped(self) -> int:
        """Malformed records skipped, over all sources."""
        return sum(source.skipped for source in self.sources)
