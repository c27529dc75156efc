"""The contract between the pipeline and every analyzer, built in or third party."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from pavedroad.core.errors import Skip
from pavedroad.core.findings import Finding, Rule


@dataclass(frozen=True, slots=True)
class Target:
    """One file of the workspace, as analyzers see it.

    `language` is the file's language ("python", "terraform"...); `kinds` holds tags from
    core.filekinds such as "source", "dockerfile", "ci:github-actions", "manifest:npm";
    `content` is set only when the bytes do not come from the working
    tree (for example the git index with --staged).
    """

    path: str
    relpath: str
    size: int
    language: str | None = None
    kinds: frozenset[str] = frozenset()
    content: bytes | None = None
    mtime_ns: int = 0

    def read_bytes(self) -> bytes:
        if self.content is not None:
            return self.content
        with open(self.path, "rb") as handle:
            return handle.read()


@dataclass(frozen=True, slots=True)
class AnalysisContext:
    """What an analyzer may know about the run besides the file itself."""

    root: str
    options: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AnalyzerIssue:
    """A problem an analyzer met in one file that did not stop it (bad encoding, parse error)."""

    path: str
    message: str
    line: int | None = None


@runtime_checkable
class FileAnalyzer(Protocol):
    """Runs once per file it wants, in a worker process."""

    name: str
    version: str

    @property
    def rules(self) -> Sequence[Rule]: ...

    def wants(self, target: Target) -> bool: ...

    def analyze(self, target: Target, data: bytes, context: AnalysisContext) -> Iterable[Finding]: ...


@dataclass(slots=True)
class ProjectOutcome:
    """What a project-level analyzer found, and the files it could not (fully) read."""

    findings: list[Finding] = field(default_factory=list)
    issues: list[AnalyzerIssue] = field(default_factory=list)  # scanner errors: exit code 2
    notes: list[AnalyzerIssue] = field(default_factory=list)  # warnings: reported, not failing
    skipped: list[Skip] = field(default_factory=list)  # files deliberately not analysed, and why


@runtime_checkable
class ProjectAnalyzer(Protocol):
    """Runs once per scan over the whole inventory (dependencies, module graphs)."""

    name: str
    version: str
    project_level: bool

    @property
    def rules(self) -> Sequence[Rule]: ...

    def analyze_project(self, targets: Sequence[Target], context: AnalysisContext) -> ProjectOutcome: ...


class AnalyzerError(Exception):
    """Raised by an analyzer for a file it cannot handle; becomes an error entry, not a crash."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line
