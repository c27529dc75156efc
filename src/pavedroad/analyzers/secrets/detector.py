"""The shape of one secret detector: a row of data, not a class per provider."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from pavedroad.core.findings import Confidence, Severity

ROTATE = "Revoke and rotate the credential now (it is in the git history even if the file changes), then load it at run time from a secret manager or an environment variable."  # noqa: E501


class InTestPaths(str, Enum):
    """What a detector does when the match is in a test or fixture path."""

    REPORT = "report"  # structure validated: real enough to report as-is
    LOW = "low"  # report with low confidence
    SKIP = "skip"  # do not report


@dataclass(frozen=True, slots=True)
class Detector:
    """One kind of credential.

    `pattern` is a Python regular expression applied to bytes; its named group `secret`
    is the credential itself (masked in every output). It only runs near a prefilter hit
    of one of `keywords` (lower-case literals, matched case-insensitively), so every
    keyword must occur in or right before every true match. A `generic` detector (a
    password assignment, a URL with credentials) gives way to a specific one that matched
    the same text, so one leak is one finding.
    """

    slug: str
    title: str
    category: str
    severity: Severity
    keywords: tuple[str, ...]
    pattern: str
    confidence: Confidence = Confidence.HIGH
    validator: Callable[[str], bool] | None = None
    min_entropy: float | None = None
    placeholder_check: bool = True
    in_test_paths: InTestPaths = InTestPaths.LOW
    multiline: bool = False
    ignore_case: bool = False
    pairs_with: str | None = None
    generic: bool = False
    rationale: str = ""
    fix: str = ROTATE
    references: tuple[str, ...] = ()
    cwe: tuple[str, ...] = ("CWE-798",)

    @property
    def rule_id(self) -> str:
        return f"secrets/{self.slug}"
