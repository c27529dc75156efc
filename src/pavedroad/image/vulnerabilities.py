"""An image's components matched against the vulnerability database, as SCA findings.

Debian, Ubuntu and Alpine advisories name *source* packages (`openssl`), while the image
holds binary packages built from them (`libssl3`, `openssl`). Each binary component carries
its source in the purl's `upstream` qualifier; `advisory_component` turns it into the
component that is matched, and the binaries built from one source share a single finding per
vulnerability that names them all. rpm-based advisories (AlmaLinux, Rocky) name binary
packages, and language packages are matched as they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from packageurl import PackageURL

from pavedroad.analyzers.sca.checking import DEFAULT_MAX_AGE_DAYS, match_components
from pavedroad.analyzers.sca.findings import match_finding
from pavedroad.core.components import Component
from pavedroad.core.findings import Finding
from pavedroad.image.problems import ImageProblem
from pavedroad.vulndb.errors import VulnDbError
from pavedroad.vulndb.names import base_ecosystem

# Ecosystems whose advisories are published per source package.
SOURCE_PACKAGE_ECOSYSTEMS = frozenset({"Debian", "Ubuntu", "Alpine", "Wolfi", "Chainguard"})
DATABASE = "(vulnerability database)"


@dataclass(slots=True)
class VulnerabilityCheck:
    """Findings for the vulnerable components; warnings and errors from the check itself."""

    findings: list[Finding] = field(default_factory=list)
    problems: list[ImageProblem] = field(default_factory=list)


def advisory_component(component: Component) -> Component:
    """The component advisories name: the source package for Debian/Ubuntu/Alpine, else itself."""
    if base_ecosystem(component.ecosystem) not in SOURCE_PACKAGE_ECOSYSTEMS or not component.purl:
        return component
    purl = PackageURL.from_string(component.purl)
    given = purl.qualifiers if isinstance(purl.qualifiers, dict) else {}
    name, _, version = (given.get("upstream") or component.name).partition("@")
    version = version or component.version or ""
    qualifiers = {"arch": "source", **({"distro": given["distro"]} if "distro" in given else {})}
    source_purl = PackageURL(purl.type, purl.namespace, name, version, qualifiers)
    # One source package, whichever binary's stanza names it: no line, no binary dependencies.
    return dataclasses.replace(
        component, name=name, version=version, purl=source_purl.to_string(), dependencies=(), line=None
    )


def advisory_groups(components: Iterable[Component]) -> dict[Component, list[Component]]:
    """Components to match, each with the installed components it stands for."""
    groups: dict[Component, list[Component]] = {}
    for component in components:
        groups.setdefault(advisory_component(component), []).append(component)
    return groups


def check_vulnerabilities(
    components: Sequence[Component], database_path: Path | None = None, max_age_days: float = DEFAULT_MAX_AGE_DAYS
) -> VulnerabilityCheck:
    """One finding per (package, vulnerability); a database that cannot be opened is an error."""
    check = VulnerabilityCheck()
    groups = advisory_groups(component for component in components if component.version is not None)
    if not groups:
        return check

    def notice(message: str) -> None:
        check.problems.append(ImageProblem(DATABASE, message, is_error=False))

    try:
        result = match_components(list(groups), database_path, max_age_days, notice)
    except VulnDbError as error:
        check.problems.append(ImageProblem(DATABASE, f"packages NOT checked for vulnerabilities: {error}"))
        return check
    for match in result:
        finding = match_finding(match, result.safe_upgrade(match.component))
        check.findings.append(_naming_binaries(finding, groups[match.component], match.component))
    check.problems.extend(
        ImageProblem(problem.component.source, problem.message, False, problem.component.line)
        for problem in result.problems
        if problem.kind != "unpinned"
    )
    return check


def _naming_binaries(finding: Finding, installed: list[Component], matched: Component) -> Finding:
    """A source package's finding, saying which installed binary packages it covers."""
    if installed == [matched]:
        return finding
    names = ", ".join(f"{component.name} {component.version}" for component in installed)
    first_line = min((component.line for component in installed if component.line), default=1)
    return dataclasses.replace(
        finding,
        message=f"{finding.message} Installed from source package {matched.name}: {names}.",
        location=dataclasses.replace(finding.location, start_line=first_line, end_line=first_line),
        properties=(*finding.properties, ("binary_packages", ", ".join(c.name for c in installed))),
    )
