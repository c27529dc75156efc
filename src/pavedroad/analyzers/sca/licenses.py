"""Licence policy: a component whose licence the team's allow/deny lists exclude is a finding.

An SPDX expression is acceptable when some way of satisfying it uses only acceptable
licences: `MIT OR GPL-3.0-only` passes a GPL deny list (take MIT), `MIT AND GPL-3.0-only`
does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from license_expression import ExpressionError, get_spdx_licensing

from pavedroad.analyzers.sca.rules import LICENSE_POLICY
from pavedroad.core.components import Component
from pavedroad.core.findings import Finding, Fix, Location, PackageRef, make_fingerprint


@dataclass(frozen=True, slots=True)
class LicensePolicy:
    """SPDX ids; an empty `allow` list allows everything not denied."""

    allow: frozenset[str] = frozenset()
    deny: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        return bool(self.allow or self.deny)

    def accepts_id(self, license_id: str) -> bool:
        if license_id in self.deny:
            return False
        return not self.allow or license_id in self.allow


def license_findings(components: Iterable[Component], policy: LicensePolicy) -> list[Finding]:
    """One finding per component whose declared licence the policy excludes."""
    if not policy.active:
        return []
    findings = []
    for component in components:
        for expression in component.licenses:
            verdict = _acceptable(expression, policy)
            if verdict is None or verdict:
                continue
            findings.append(_finding(component, expression))
    return findings


def _acceptable(expression: str, policy: LicensePolicy) -> bool | None:
    """Whether the expression can be satisfied with accepted licences; None if it cannot be parsed."""
    licensing = get_spdx_licensing()
    try:
        parsed = licensing.parse(expression)
    except ExpressionError:
        return None
    return _satisfiable(parsed, policy, licensing)


def _satisfiable(node: Any, policy: LicensePolicy, licensing: Any) -> bool:
    if isinstance(node, licensing.OR):
        return any(_satisfiable(arg, policy, licensing) for arg in node.args)
    if isinstance(node, licensing.AND):
        return all(_satisfiable(arg, policy, licensing) for arg in node.args)
    return policy.accepts_id(str(getattr(node, "key", node)))


def _finding(component: Component, expression: str) -> Finding:
    rule = LICENSE_POLICY
    line = component.line or 1
    return Finding(
        rule_id=rule.id,
        analyzer="sca",
        severity=rule.severity,
        confidence=rule.confidence,
        title=f"{component.name} {component.version or ''}: licence {expression}".replace("  ", " "),
        message=f"{component.name} is licensed under {expression}, which the licence policy does not allow.",
        location=Location(component.source, line, 1, line, 1),
        fingerprint=make_fingerprint(rule.id, component.source, f"{component.ecosystem}/{component.name}:{expression}"),
        fix=Fix(rule.fix),
        package=PackageRef(component.purl or component.name, component.version or "", ()),
    )


def policy_from_options(options: dict[str, object]) -> LicensePolicy:
    """The policy from the scan's `[licenses]` options (validated by the config loader)."""

    def ids(key: str) -> frozenset[str]:
        value = options.get(key, ())
        return frozenset(str(item) for item in value) if isinstance(value, Sequence | frozenset | set) else frozenset()

    return LicensePolicy(allow=ids("allow"), deny=ids("deny"))
