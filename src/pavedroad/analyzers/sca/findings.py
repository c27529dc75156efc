"""A vulnerability match, described as a Finding a developer can act on."""

from __future__ import annotations

from pavedroad.analyzers.sca.rules import VULNERABLE_DEPENDENCY
from pavedroad.core.findings import Confidence, Finding, Fix, Location, PackageRef, Severity, make_fingerprint
from pavedroad.vulndb.match import Match

_SEVERITY = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "none": Severity.INFO,
}


def describe_path(path: tuple[str, ...]) -> str:
    """`via flask → werkzeug` for a transitive dependency; empty for a direct one."""
    return f" via {' → '.join(path)}" if len(path) > 1 else ""


def match_finding(match: Match, safe_version: str | None) -> Finding:
    """One finding per (package, vulnerability), aliases merged, pointing at the manifest line."""
    component = match.component
    version = component.version or "?"
    severity = _SEVERITY.get(match.severity.level, Severity.MEDIUM)
    ids = (match.id, *match.aliases)
    fixed = ", ".join(match.fixed_versions) if match.fixed_versions else "no fixed version published"
    upgrade = (
        f"Upgrade {component.name} to {safe_version}" if safe_version else f"No safe {component.name} version is known"
    )
    exploited = " It is in CISA's Known Exploited Vulnerabilities catalogue." if match.known_exploited else ""
    message = (
        f"{component.name} {version}{describe_path(component.dependency_path)} is affected by"
        f" {', '.join(ids)}{': ' + match.summary.rstrip('.') if match.summary else ''}. Fixed in: {fixed}.{exploited}"
    )
    properties: list[tuple[str, str]] = [("ecosystem", component.ecosystem)]
    if component.dependency_path:
        properties.append(("dependency_path", " > ".join(component.dependency_path)))
    properties.append(("direct", str(component.direct).lower()))
    if match.known_exploited:
        properties.append(("known_exploited", "true"))
    if match.epss is not None:
        properties.append(("epss", f"{match.epss:.4f}"))
    if safe_version:
        properties.append(("safe_version", safe_version))
    return Finding(
        rule_id=VULNERABLE_DEPENDENCY.id,
        analyzer="sca",
        severity=severity,
        confidence=Confidence.HIGH,
        title=f"{component.name} {version}: {match.id}",
        message=message,
        location=Location(component.source, component.line or 1, 1, component.line or 1, 1),
        fingerprint=make_fingerprint(
            VULNERABLE_DEPENDENCY.id, component.source, f"{component.ecosystem}/{component.name}@{version}#{match.id}"
        ),
        cwe=VULNERABLE_DEPENDENCY.cwe,
        references=match.references[:5],
        fix=Fix(hint=f"{upgrade}.", replacement=safe_version),
        package=PackageRef(component.purl or f"{component.ecosystem}/{component.name}", version, match.fixed_versions),
        vulnerability=ids,
        cvss=match.severity.vector,
        properties=tuple(properties),
    )
