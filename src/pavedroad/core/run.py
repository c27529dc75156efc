"""The facts of one scan run, which reporters and the policy gate read."""

from __future__ import annotations

from dataclasses import dataclass, field

from pavedroad.core.errors import ScanError, ScanWarning, Skip
from pavedroad.core.findings import Finding, Rule


@dataclass(frozen=True, slots=True)
class AnalyzerInfo:
    name: str
    version: str


@dataclass(frozen=True, slots=True)
class GateOutcome:
    """The policy decision: `failed` is what the rules say; `exit_code` applies the mode."""

    mode: str
    failed: bool
    reasons: tuple[str, ...] = ()
    exit_code: int = 0


@dataclass(slots=True)
class RunResult:
    """Everything one scan produced. Reporters take this and the rule metadata only."""

    root: str
    scope: dict[str, object]
    analyzers: list[AnalyzerInfo]
    started: str
    finished: str = ""
    files_scanned: int = 0
    bytes_scanned: int = 0
    cache_hits: int = 0
    lines_by_language: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[ScanWarning] = field(default_factory=list)
    stale_baseline: list[str] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)
    gate: GateOutcome | None = None

    @property
    def active_findings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_active]
