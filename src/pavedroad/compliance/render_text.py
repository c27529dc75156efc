"""The posture as plain text for a terminal or a CI log."""

from __future__ import annotations

from pavedroad.compliance.posture import ControlState, Posture

# How many findings to quote per failing control; the JSON output has all of them.
EVIDENCE_SHOWN = 5


def render_text(posture: Posture) -> str:
    """One line per control (state, id, title), failing ones followed by their findings."""
    framework = posture.framework
    lines = [f"{framework.label} ({framework.source})", _summary(posture)]
    if not framework.complete:
        lines.append(f"Scope: {framework.scope}")
    lines.append("")
    for item in posture.controls:
        title = f"  {item.control.title}" if item.control.title else ""
        lines.append(f"{item.state.value.upper():12} {item.control.id}{title}")
        for finding in item.findings[:EVIDENCE_SHOWN]:
            where = f"{finding.location.path}:{finding.location.start_line}"
            lines.append(f"{'':12}   {finding.severity.value:8} {finding.rule_id}  {where}  {finding.message}")
        if len(item.findings) > EVIDENCE_SHOWN:
            lines.append(f"{'':12}   … and {len(item.findings) - EVIDENCE_SHOWN} more")
    return "\n".join(lines) + "\n"


def _summary(posture: Posture) -> str:
    return ", ".join(f"{posture.count(state)} {state.value}" for state in ControlState)
