"""Per-control posture: failing, passing or not covered, with the findings as evidence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from pavedroad.compliance.frameworks import Control, Framework
from pavedroad.compliance.mapping import finding_controls, rule_controls
from pavedroad.core.findings import Finding, Rule


class ControlState(str, Enum):
    FAILING = "failing"
    PASSING = "passing"
    NOT_COVERED = "not covered"


@dataclass(frozen=True, slots=True)
class ControlPosture:
    """One control's state, the rules that test it and the active findings against it."""

    control: Control
    state: ControlState
    rules: tuple[str, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Posture:
    """A framework's controls in the framework's order, each with its state."""

    framework: Framework
    controls: tuple[ControlPosture, ...]

    def count(self, state: ControlState) -> int:
        """How many controls are in `state`."""
        return sum(1 for item in self.controls if item.state is state)


def evaluate(framework: Framework, rules: Iterable[Rule], findings: Iterable[Finding]) -> Posture:
    """Each control's state: failing if an active finding maps to it, else passing if a rule covers it.

    A control no rule covers is "not covered" unless a finding (e.g. an imported one) shows
    it failing: a failure is evidence whatever produced it. Suppressed and baselined
    findings are not counted.
    """
    catalogue: Mapping[str, Rule] = {rule.id: rule for rule in rules}
    covering: dict[str, list[str]] = {control.id: [] for control in framework.controls}
    for rule in catalogue.values():
        for control in rule_controls(framework, rule):
            covering[control.id].append(rule.id)
    evidence: dict[str, list[Finding]] = {control.id: [] for control in framework.controls}
    for finding in findings:
        if finding.is_active:
            for control in finding_controls(framework, finding, catalogue):
                evidence[control.id].append(finding)
    return Posture(
        framework,
        tuple(
            ControlPosture(
                control,
                _state(bool(covering[control.id]), bool(evidence[control.id])),
                tuple(sorted(covering[control.id])),
                tuple(evidence[control.id]),
            )
            for control in framework.controls
        ),
    )


def _state(covered: bool, failing: bool) -> ControlState:
    if failing:
        return ControlState.FAILING
    return ControlState.PASSING if covered else ControlState.NOT_COVERED
