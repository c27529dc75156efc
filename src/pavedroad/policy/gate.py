"""Decide whether a scan passes: thresholds, blocked rules, Rego; then apply the mode."""

from __future__ import annotations

import fnmatch
from collections import Counter
from collections.abc import Sequence
from typing import Any

from pavedroad.core.config import PolicyConfig
from pavedroad.core.findings import Confidence, Finding, Severity
from pavedroad.core.run import GateOutcome
from pavedroad.policy.rego import evaluate_rego

EXIT_PASSED = 0
EXIT_POLICY_FAILED = 1
EXIT_SCANNER_ERROR = 2

_CONFIDENCE_RANK = {Confidence.LOW: 0, Confidence.MEDIUM: 1, Confidence.HIGH: 2}


def gated_findings(findings: Sequence[Finding], min_confidence: Confidence) -> list[Finding]:
    """The findings a gate counts: active (not suppressed, not baselined), confident enough."""
    floor = _CONFIDENCE_RANK[min_confidence]
    return [f for f in findings if f.is_active and _CONFIDENCE_RANK[f.confidence] >= floor]


def evaluate_gate(
    findings: Sequence[Finding],
    policy: PolicyConfig,
    mode: str,
    had_errors: bool,
    document: dict[str, Any] | None = None,
) -> GateOutcome:
    """Reasons to fail, then the exit code: 2 for scanner errors, 1 only in enforce mode."""
    counted = gated_findings(findings, policy.min_confidence)
    reasons: list[str] = []
    at_or_above = [f for f in counted if f.severity.rank >= policy.fail_on.rank]
    if at_or_above:
        reasons.append(f"{len(at_or_above)} finding(s) at or above {policy.fail_on.value} (fail_on)")
    counts = Counter(f.severity for f in counted)
    for severity in Severity:
        limit = policy.max_counts.get(severity)
        if limit is not None and counts[severity] > limit:
            reasons.append(f"{counts[severity]} {severity.value} finding(s), more than max_{severity.value} = {limit}")
    if policy.fail_on_known_exploited:
        exploited = [f for f in counted if dict(f.properties).get("known_exploited") == "true"]
        if exploited:
            reasons.append(f"{len(exploited)} finding(s) known to be exploited (CISA KEV), whatever their severity")
    if policy.fail_on_epss is not None:
        threshold = policy.fail_on_epss
        likely = [f for f in counted if float(dict(f.properties).get("epss", "0")) >= threshold]
        if likely:
            reasons.append(f"{len(likely)} finding(s) with an EPSS exploit probability ≥ {threshold:g}")
    for pattern in policy.block_rules:
        blocked = [f for f in counted if fnmatch.fnmatchcase(f.rule_id, pattern)]
        if blocked:
            reasons.append(f"{len(blocked)} finding(s) of blocked rule {pattern}")
    if policy.rego:
        reasons.extend(f"rego: {message}" for message in evaluate_rego(policy.rego, document or {}))
    failed = bool(reasons)
    if had_errors:
        exit_code = EXIT_SCANNER_ERROR
    elif failed and mode == "enforce":
        exit_code = EXIT_POLICY_FAILED
    else:
        exit_code = EXIT_PASSED
    return GateOutcome(mode=mode, failed=failed, reasons=tuple(reasons), exit_code=exit_code)
