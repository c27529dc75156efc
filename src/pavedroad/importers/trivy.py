"""Trivy's JSON report (`trivy ... -f json`, SchemaVersion 2): per target, Vulnerabilities,
Misconfigurations and Secrets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from pavedroad.core.findings import Finding, PackageRef
from pavedroad.importers.build import Draft, location
from pavedroad.importers.fields import convert_each, objects, optional, raw, required, text
from pavedroad.importers.levels import confidence_for, severity_for
from pavedroad.importers.masking import mask_token_like
from pavedroad.importers.model import ImportedResults
from pavedroad.importers.normalise import cwe_ids, normalise_path
from pavedroad.importers.purl import TRIVY_TYPE_TO_PURL, make_purl

TOOL = "trivy"
HARD_CODED_CREDENTIALS = ("CWE-798",)

Converter = Callable[[object, object], Finding]


def parse(document: object) -> ImportedResults:
    """Every vulnerability, failed misconfiguration and secret of a Trivy JSON report as a Finding."""
    findings: list[Finding] = []
    skipped: list[str] = []
    for index, target in enumerate(objects(document, "Results")):
        for key, convert in _KINDS.items():
            entries = (
                (f"Results[{index}].{key}[{position}]", entry)
                for position, entry in enumerate(objects(target, key))
                if key != "Misconfigurations" or _is_failure(entry)
            )
            converted, problems = convert_each(entries, partial(_one, convert, target=target))
            findings.extend(converted)
            skipped.extend(problems)
    return ImportedResults(TOOL, None, TOOL, tuple(findings), tuple(skipped))


def _is_failure(entry: object) -> bool:
    """With --include-non-failures Trivy lists passed misconfiguration checks too; only failures count."""
    return text(entry, "Status") in ("", "FAIL")


def _one(convert: Converter, entry: object, target: object) -> Iterator[Finding]:
    yield convert(entry, target)


def _vulnerability(vulnerability: object, target: object) -> Finding:
    identifier = required(vulnerability, "VulnerabilityID", str)
    name = required(vulnerability, "PkgName", str)
    version = text(vulnerability, "InstalledVersion")
    identity = optional(vulnerability, "PkgIdentifier", dict, {})
    purl = text(identity, "PURL") or make_purl(TRIVY_TYPE_TO_PURL.get(text(target, "Type"), "generic"), name, version)
    fixed = tuple(part.strip() for part in text(vulnerability, "FixedVersion").split(",") if part.strip())
    title = text(vulnerability, "Title")
    path = text(vulnerability, "PkgPath") or required(target, "Target", str)
    fixed_text = ", ".join(fixed) if fixed else "no fixed version published"
    return Draft(
        tool=TOOL,
        tool_rule_id=identifier,
        severity=severity_for(TOOL, raw(vulnerability, "Severity")),
        confidence=confidence_for(TOOL, None),
        title=f"{name} {version}: {identifier}",
        message=f"{name} {version} is affected by {identifier}{': ' + title if title else ''}. Fixed in: {fixed_text}.",
        location=location(normalise_path(path), snippet=f"{name}@{version}"),
        cwe=cwe_ids(objects(vulnerability, "CweIDs")),
        references=tuple(filter(None, [text(vulnerability, "PrimaryURL")])),
        fix_hint=f"Upgrade {name} to {fixed[0]} or later." if fixed else "",
        package=PackageRef(purl, version, fixed),
        vulnerability=(identifier, *(str(alias) for alias in objects(vulnerability, "VendorIDs"))),
        cvss=_cvss_vector(vulnerability),
    ).finding()


def _misconfiguration(misconfiguration: object, target: object) -> Finding:
    cause = optional(misconfiguration, "CauseMetadata", dict, {})
    start = optional(cause, "StartLine", int, 1)
    title = required(misconfiguration, "Title", str)
    return Draft(
        tool=TOOL,
        tool_rule_id=text(misconfiguration, "AVDID") or required(misconfiguration, "ID", str),
        severity=severity_for(TOOL, raw(misconfiguration, "Severity")),
        confidence=confidence_for(TOOL, None),
        title=title,
        message=text(misconfiguration, "Message") or title,
        location=location(
            normalise_path(required(target, "Target", str)),
            start,
            end_line=optional(cause, "EndLine", int, start),
            snippet=_cause_line(optional(cause, "Code", dict, {})),
        ),
        references=tuple(filter(None, [text(misconfiguration, "PrimaryURL")])),
        fix_hint=text(misconfiguration, "Resolution"),
        properties=tuple(filter(lambda pair: pair[1], [("resource", text(cause, "Resource"))])),
    ).finding()


def _secret(secret: object, target: object) -> Finding:
    title = required(secret, "Title", str)
    start = required(secret, "StartLine", int)
    # Trivy masks Match itself; masking token-like runs again guards against a report
    # produced with masking turned off.
    snippet = mask_token_like(text(secret, "Match").strip())
    return Draft(
        tool=TOOL,
        tool_rule_id=required(secret, "RuleID", str),
        severity=severity_for(TOOL, raw(secret, "Severity")),
        confidence=confidence_for(TOOL, None),
        title=title,
        message=f"{title}: {snippet}" if snippet else title,
        location=location(
            normalise_path(required(target, "Target", str)),
            start,
            end_line=optional(secret, "EndLine", int, start),
            snippet=snippet,
        ),
        cwe=HARD_CODED_CREDENTIALS,
    ).finding()


_KINDS: dict[str, Converter] = {
    "Vulnerabilities": _vulnerability,
    "Misconfigurations": _misconfiguration,
    "Secrets": _secret,
}


def _cause_line(code: dict[str, object]) -> str:
    """The first line Trivy marks as the cause, else the first line of the excerpt."""
    lines = [line for line in objects(code, "Lines") if isinstance(line, dict)]
    cause = next((line for line in lines if line.get("IsCause")), lines[0] if lines else {})
    return text(cause, "Content").strip()


def _cvss_vector(vulnerability: object) -> str | None:
    """The NVD CVSS v3 vector if given, else any source's: what pavedroad's SCA findings carry."""
    sources = optional(vulnerability, "CVSS", dict, {})
    for name in ("nvd", *sorted(sources)):
        vector = text(sources.get(name), "V3Vector") or text(sources.get(name), "V40Vector")
        if vector:
            return vector
    return None
