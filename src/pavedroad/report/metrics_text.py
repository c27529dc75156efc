"""`pavedroad metrics` as text: the KPIs a security programme is judged by, on one screen."""

from __future__ import annotations

from pavedroad.store.metrics import Metrics
from pavedroad.store.metrics.remediation import AGE_BANDS, SEVERITIES, Durations


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} d"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _mttr_line(label: str, durations: Durations) -> str:
    return (
        f"  {label:<10} {durations.count:>6} fixed   mean {_days(durations.mean):>9}   "
        f"p50 {_days(durations.p50):>9}   p90 {_days(durations.p90):>9}"
    )


def render_metrics_text(metrics: Metrics) -> str:
    """The KPIs as aligned text: remediation, open risk, density, delivery, weekly trend."""
    scope = metrics.scope
    lines = [
        f"pavedroad metrics — {scope.project or 'all projects'}, {scope.weeks} weeks to {scope.now:%Y-%m-%d %H:%M} UTC",
        "",
        "Mean time to remediation (findings fixed in the window)",
    ]
    lines += [
        _mttr_line(key, value) for key, value in metrics.time_to_remediation.items() if value.count or key == "overall"
    ]
    open_counts = metrics.open.open_by_severity
    lines += ["", f"Open findings: {sum(open_counts.values())}   " + "  ".join(
        f"{severity} {open_counts.get(severity, 0)}" for severity in SEVERITIES
    )]  # fmt: skip
    for band, _ in AGE_BANDS:
        counts = metrics.open.by_band.get(band, {})
        if counts:
            lines.append(f"  {band:<14} " + "  ".join(f"{s} {counts[s]}" for s in SEVERITIES if s in counts))
    breaches = metrics.open.sla_breaches
    lines.append(
        "  past SLA       "
        + "  ".join(f"{s} {breaches[s]} (>{scope.sla_days[s]} d)" for s in SEVERITIES if s in breaches)
    )
    density = metrics.density
    per_kloc = "-" if density.per_kloc is None else f"{density.per_kloc:.2f}"
    lines += [
        "",
        f"Vulnerability density: {per_kloc} open findings per KLOC "
        f"({density.open_findings} over {density.lines_of_code:,} lines of code)",
    ]
    lines += [
        f"  {analyzer:<10} {'-' if value is None else f'{value:.2f}'}"
        for analyzer, value in density.by_analyzer.items()
    ]
    lines += [
        "",
        f"Security build-failure rate: {_rate(metrics.security_build_failure_rate)} of recorded gate runs",
        f"Deployment frequency: {metrics.deployments_per_week:.2f} per week",
        "",
        "Week of       new  fixed   open  per KLOC  gate runs  failed  would fail  deploys",
    ]
    for week in metrics.weeks:
        density_text = "-" if week.density_per_kloc is None else f"{week.density_per_kloc:.2f}"
        lines.append(
            f"{week.week_start:%Y-%m-%d}  {week.new:>5}  {week.fixed:>5}  {week.open_at_end:>5}  {density_text:>8}"
            f"  {week.gate_runs:>9}  {week.gate_failed:>6}  {week.gate_would_fail:>10}  {week.deployments:>7}"
        )
    return "\n".join(lines) + "\n"
