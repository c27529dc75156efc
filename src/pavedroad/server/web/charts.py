"""What the overview and project pages chart and show as KPIs, picked from the metrics document."""

from __future__ import annotations

from typing import Any


def chart_data(metrics: dict[str, Any]) -> dict[str, Any]:
    """Weekly series for the trend charts (read by static/js/charts.js from a JSON block)."""
    weeks = metrics["weeks"]
    return {
        "labels": [week["week_start"][:10] for week in weeks],
        "new": [week["new"] for week in weeks],
        "fixed": [week["fixed"] for week in weeks],
        "open": [week["open_at_end"] for week in weeks],
        "gate_failure_rate": [week["gate_failure_rate"] for week in weeks],
        "deployments": [week["deployments"] for week in weeks],
    }


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} days"


def kpis(metrics: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs, formatted for people."""
    overall = metrics["time_to_remediation_days"]["overall"]
    density = metrics["density"]
    rate = metrics["security_build_failure_rate"]
    per_kloc = density.get("per_kloc")
    return [
        ("Mean time to remediate", _days(overall["mean"])),
        ("Median time to remediate", _days(overall["p50"])),
        ("Open findings per 1,000 lines", "—" if per_kloc is None else f"{per_kloc:.2f}"),
        ("Security build failure rate", "—" if rate is None else f"{rate:.0%}"),
        ("Deployments per week", f"{metrics['deployments_per_week']:.2f}"),
        ("Open past their SLA", str(sum(metrics["sla_breaches"].values()))),
    ]
