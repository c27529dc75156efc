"""Which controls of a framework a rule or a finding maps to."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pavedroad.compliance.frameworks import Control, Framework
from pavedroad.core.findings import Finding, Rule

# "NIST-800-53-AC-6(10)" also counts for "NIST-800-53-AC-6": an enhancement implements its base control.
_ENHANCEMENT = re.compile(r"\(\d+\)$")


def expand_controls(cited: tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    """Cited control ids plus the base control of every enhancement."""
    return frozenset(cited) | {_ENHANCEMENT.sub("", control) for control in cited}


def control_matches(
    framework: Framework, control: Control, rule_id: str, cited: frozenset[str], cwe: frozenset[str]
) -> bool:
    """True when something with this rule id, cited controls and CWEs maps to `control`."""
    if framework.control_prefix and framework.control_prefix + control.id in cited:
        return True
    return bool(control.controls & cited or control.cwe & cwe) or rule_id.startswith(control.rule_prefixes)


def rule_controls(framework: Framework, rule: Rule) -> tuple[Control, ...]:
    """The controls a catalogue rule maps to (its own `controls` ids and CWEs)."""
    cited = expand_controls(rule.controls)
    cwe = frozenset(rule.cwe)
    return tuple(control for control in framework.controls if control_matches(framework, control, rule.id, cited, cwe))


def finding_controls(framework: Framework, finding: Finding, rules: Mapping[str, Rule]) -> tuple[Control, ...]:
    """The controls a finding maps to: through its rule's metadata and through its own CWEs and controls.

    Imported findings have no catalogue rule but carry CWEs, so they map by CWE.
    """
    rule = rules.get(finding.rule_id)
    cited = expand_controls((*finding.controls, *(rule.controls if rule else ())))
    cwe = frozenset((*finding.cwe, *(rule.cwe if rule else ())))
    return tuple(
        control for control in framework.controls if control_matches(framework, control, finding.rule_id, cited, cwe)
    )
