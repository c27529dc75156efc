"""The Finding model shared by every analyzer, and its stable fingerprint."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: critical=4 ... info=0."""
        return _SEVERITY_RANK[self]

    @property
    def security_severity(self) -> str:
        """The numeric score GitHub code scanning reads from SARIF rule properties."""
        return _SECURITY_SEVERITY[self]


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}


class Confidence(str, Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is: path relative to the scan root, 1-based lines and columns."""

    path: str
    start_line: int = 1
    start_column: int = 1
    end_line: int = 1
    end_column: int = 1
    snippet: str = ""


@dataclass(frozen=True, slots=True)
class Fix:
    """How to remediate: a human hint and, where safe, a concrete replacement."""

    hint: str
    replacement: str | None = None


@dataclass(frozen=True, slots=True)
class PackageRef:
    purl: str
    installed_version: str
    fixed_versions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TraceStep:
    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding is not counted: kind is inline, config, or baseline."""

    kind: str
    reason: str
    expires: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by one rule at one place. Snippets never hold a whole secret."""

    rule_id: str
    analyzer: str
    severity: Severity
    confidence: Confidence
    title: str
    message: str
    location: Location
    fingerprint: str
    cwe: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    fix: Fix | None = None
    package: PackageRef | None = None
    vulnerability: tuple[str, ...] = ()
    cvss: str | None = None
    controls: tuple[str, ...] = ()
    trace: tuple[TraceStep, ...] = ()
    properties: tuple[tuple[str, str], ...] = ()
    suppression: Suppression | None = None
    in_baseline: bool = False

    @property
    def is_active(self) -> bool:
        """True when the finding counts: not suppressed and not accepted in the baseline."""
        return self.suppression is None and not self.in_baseline


_WHITESPACE = re.compile(r"\s+")


def make_fingerprint(rule_id: str, path: str, offending_content: str) -> str:
    """A stable identity: rule, path and the whitespace-normalised offending content.

    Line numbers are deliberately left out so a finding keeps its identity when code
    moves; the content is hashed so a fingerprint never carries secret material.
    """
    normalised = _WHITESPACE.sub(" ", offending_content).strip()
    digest = hashlib.sha256(f"{rule_id}\0{path}\0{normalised}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's metadata, in one place: docs, SARIF descriptors and `rules show` read it."""

    id: str
    title: str
    severity: Severity
    confidence: Confidence
    rationale: str
    fix: str
    cwe: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    example: str = ""
    secure_example: str = ""
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
