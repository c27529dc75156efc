"""pip-audit's JSON output (`pip-audit -f json`): `dependencies[]` with `vulns[]` (or, before 2.0, a bare list)."""

from __future__ import annotations

from collections.abc import Iterator

from pavedroad.core.findings import Finding, PackageRef
from pavedroad.importers.build import Draft, location
from pavedroad.importers.fields import MissingField, convert_each, labelled, objects, required, text
from pavedroad.importers.levels import confidence_for, severity_for
from pavedroad.importers.model import ImportedResults
from pavedroad.importers.purl import make_purl

TOOL = "pip-audit"
VULNERABLE_DEPENDENCY_CWE = ("CWE-1395",)
# pip-audit audits an environment or a requirements file without saying which: the
# findings carry this path instead of a guessed manifest name.
NO_MANIFEST = ""


def parse(document: object) -> ImportedResults:
    """Every (dependency, vulnerability) pair of a pip-audit JSON report as a Finding."""
    dependencies = document if isinstance(document, list) else objects(document, "dependencies")
    findings, skipped = convert_each(labelled("dependencies", dependencies), _convert)
    return ImportedResults(TOOL, None, TOOL, tuple(findings), tuple(skipped))


def _convert(dependency: object) -> Iterator[Finding]:
    name = required(dependency, "name", str)
    if text(dependency, "skip_reason"):
        raise MissingField(f"{name} was not audited: {text(dependency, 'skip_reason')}")
    version = required(dependency, "version", str)
    for vulnerability in objects(dependency, "vulns"):
        identifier = required(vulnerability, "id", str)
        aliases = tuple(str(alias) for alias in objects(vulnerability, "aliases"))
        fixed = tuple(str(version) for version in objects(vulnerability, "fix_versions"))
        summary = text(vulnerability, "description").strip().split("\n", 1)[0]
        fixed_text = ", ".join(fixed) if fixed else "no fixed version published"
        yield Draft(
            tool=TOOL,
            tool_rule_id=identifier,
            severity=severity_for(TOOL, None),
            confidence=confidence_for(TOOL, None),
            title=f"{name} {version}: {identifier}",
            message=(
                f"{name} {version} is affected by {', '.join((identifier, *aliases))}"
                f"{': ' + summary.rstrip('.') if summary else ''}. Fixed in: {fixed_text}."
            ),
            location=location(NO_MANIFEST, snippet=f"{name}=={version}"),
            cwe=VULNERABLE_DEPENDENCY_CWE,
            fix_hint=f"Upgrade {name} to {fixed[0]} or later." if fixed else "",
            package=PackageRef(make_purl("pypi", name, version), version, fixed),
            vulnerability=(identifier, *aliases),
        ).finding()
