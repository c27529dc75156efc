"""The secrets analyzer: turns engine matches into masked Findings."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from functools import cached_property

from pavedroad.analyzers.secrets.detector import Detector
from pavedroad.analyzers.secrets.detectors import ALL_DETECTORS
from pavedroad.analyzers.secrets.engine import SecretMatch, SecretsEngine
from pavedroad.analyzers.secrets.noise import mask
from pavedroad.core.analyzer import AnalysisContext, Target
from pavedroad.core.filekinds import is_test_path
from pavedroad.core.findings import Finding, Fix, Location, Rule, make_fingerprint
from pavedroad.core.textpos import LinePositions

SNIPPET_WIDTH = 160


def detector_rule(detector: Detector) -> Rule:
    """The rule metadata of a detector, for docs, SARIF and `rules show`."""
    return Rule(
        id=detector.rule_id,
        title=detector.title,
        severity=detector.severity,
        confidence=detector.confidence,
        rationale=detector.rationale
        or f"A {detector.title} committed to a repository can be used by anyone who can read it,"
        " including everyone with access to any clone, fork, CI log or backup.",
        fix=detector.fix,
        cwe=detector.cwe,
        references=detector.references,
        tags=("secrets", detector.category),
    )


def secret_fingerprint(rule_id: str, path: str, secret: str) -> str:
    """Identity of a leaked secret at a path, computed from a hash so no secret is kept."""
    return make_fingerprint(rule_id, path, hashlib.sha256(secret.encode()).hexdigest())


class SecretsAnalyzer:
    """Looks at every text file; structure-validated detectors before entropy."""

    name = "secrets"
    version = "1"

    def __init__(self, detectors: Sequence[Detector] = ALL_DETECTORS) -> None:
        self._detectors = tuple(detectors)
        self._rules = tuple(detector_rule(detector) for detector in self._detectors)

    @cached_property
    def engine(self) -> SecretsEngine:
        return SecretsEngine(self._detectors)

    @property
    def rules(self) -> Sequence[Rule]:
        return self._rules

    def wants(self, target: Target) -> bool:
        return True

    def analyze(self, target: Target, data: bytes, context: AnalysisContext) -> Iterator[Finding]:
        matches = self.engine.find(data, in_test_path=is_test_path(target.relpath))
        yield from findings_from_matches(matches, data, target.relpath)


def findings_from_matches(
    matches: Sequence[SecretMatch], data: bytes, relpath: str, line_offset: int = 0
) -> Iterator[Finding]:
    """Locate, mask and describe each match; `line_offset` shifts lines (used by history)."""
    positions = LinePositions(data)
    for match in matches:
        start_line, start_column = positions.locate(match.secret_start)
        end_line, end_column = positions.locate(match.secret_end)
        detector = match.detector
        yield Finding(
            rule_id=detector.rule_id,
            analyzer="secrets",
            severity=detector.severity,
            confidence=match.confidence,
            title=detector.title,
            message=f"{detector.title} found: {mask(match.secret)}",
            location=Location(
                path=relpath,
                start_line=start_line + line_offset,
                start_column=start_column,
                end_line=end_line + line_offset,
                end_column=end_column,
                snippet=masked_snippet(data, match, matches, positions),
            ),
            fingerprint=secret_fingerprint(detector.rule_id, relpath, match.secret),
            cwe=detector.cwe,
            references=detector.references,
            fix=Fix(hint=detector.fix),
        )


def masked_snippet(
    data: bytes, match: SecretMatch, all_matches: Sequence[SecretMatch], positions: LinePositions
) -> str:
    """The first line of the match, every secret on it masked, trimmed around the secret."""
    line_start, line_end = positions.line_bounds(match.secret_start)
    pieces: list[str] = []
    cursor = line_start
    for other in sorted(all_matches, key=lambda item: item.secret_start):
        if other.secret_start < cursor or other.secret_start >= line_end:
            continue
        pieces.append(data[cursor : other.secret_start].decode("utf-8", "replace"))
        pieces.append(mask(other.secret))
        cursor = max(cursor, other.secret_end)
    if cursor < line_end:
        pieces.append(data[cursor:line_end].decode("utf-8", "replace"))
    snippet = "".join(pieces).strip()
    if len(snippet) > SNIPPET_WIDTH:
        focus = snippet.find(mask(match.secret))
        begin = max(0, focus - SNIPPET_WIDTH // 2)
        snippet = ("…" if begin else "") + snippet[begin : begin + SNIPPET_WIDTH] + "…"
    return snippet
