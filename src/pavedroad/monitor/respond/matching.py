"""Which alerts a playbook acts on: a rule id glob, a minimum severity, an entity kind."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from pavedroad.core.findings import Severity
from pavedroad.monitor.export.config import Table
from pavedroad.monitor.model import Alert


@dataclass(frozen=True, slots=True)
class AlertMatch:
    """All conditions must hold; an absent condition matches everything."""

    rule_id: str = "*"
    min_severity: Severity = Severity.INFO
    entity_kind: str | None = None

    def matches(self, alert: Alert) -> bool:
        """Whether the playbook should act on this alert."""
        return (
            fnmatchcase(alert.rule_id, self.rule_id)
            and alert.severity.rank >= self.min_severity.rank
            and (self.entity_kind is None or alert.entity.partition(":")[0] == self.entity_kind)
        )


def parse_match(table: Table) -> AlertMatch:
    """`match = {rule_id = "auth/*", min_severity = "high", entity_kind = "ip"}`."""
    table.reject_unknown(("rule_id", "min_severity", "entity_kind"))
    severity = table.choice("min_severity", [level.value for level in Severity], "info")
    return AlertMatch(table.string("rule_id", "*"), Severity(severity), table.optional_string("entity_kind"))
