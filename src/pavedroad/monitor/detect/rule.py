"""What every detection rule carries into its alerts, whether it is Sigma or Python."""

from __future__ import annotations

from dataclasses import dataclass

from pavedroad.core.findings import Severity


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """The metadata of one detection rule: the same for every alert it raises."""

    rule_id: str
    title: str
    severity: Severity
    attack: tuple[str, ...]
    description: str
