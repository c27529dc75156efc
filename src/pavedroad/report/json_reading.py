"""Findings read back from the public JSON form (`finding_to_dict`'s inverse).

Used wherever a pavedroad JSON report comes back in: `compliance --from-report`, scans
uploaded to the server by CI, and findings kept in the store. Raises KeyError, TypeError
or ValueError on a malformed finding; callers name the file or request.
"""

from __future__ import annotations

from typing import Any

from pavedroad.core.findings import (
    Confidence,
    Finding,
    Fix,
    Location,
    PackageRef,
    Severity,
    Suppression,
    TraceStep,
)


def location_from_dict(item: dict[str, Any]) -> Location:
    """A Location from its public form (missing positions default to 1)."""
    return Location(
        path=str(item.get("path", "")),
        start_line=int(item.get("start_line", 1)),
        start_column=int(item.get("start_column", 1)),
        end_line=int(item.get("end_line", 1)),
        end_column=int(item.get("end_column", 1)),
        snippet=str(item.get("snippet", "")),
    )


def _strings(item: dict[str, Any], key: str) -> tuple[str, ...]:
    values = item.get(key) or ()
    if not isinstance(values, list | tuple):
        raise TypeError(f"{key} must be a list")
    return tuple(str(value) for value in values)


def finding_from_dict(item: dict[str, Any]) -> Finding:
    """A Finding from one entry of a report's `findings` list."""
    fix = item.get("fix")
    package = item.get("package")
    suppression = item.get("suppression")
    properties = item.get("properties") or {}
    return Finding(
        rule_id=str(item["rule_id"]),
        analyzer=str(item.get("analyzer", "")),
        severity=Severity(item["severity"]),
        confidence=Confidence(item.get("confidence", "medium")),
        title=str(item.get("title", "")),
        message=str(item.get("message", "")),
        location=location_from_dict(item.get("location") or {}),
        fingerprint=str(item.get("fingerprint", "")),
        cwe=_strings(item, "cwe"),
        references=_strings(item, "references"),
        fix=None if not fix else Fix(str(fix["hint"]), fix.get("replacement")),
        package=None
        if not package
        else PackageRef(
            str(package["purl"]), str(package.get("installed_version", "")), _strings(package, "fixed_versions")
        ),
        vulnerability=_strings(item, "vulnerability"),
        cvss=item.get("cvss"),
        controls=_strings(item, "controls"),
        trace=tuple(
            TraceStep(location_from_dict(step.get("location") or {}), str(step.get("message", "")))
            for step in item.get("trace") or ()
        ),
        properties=tuple((str(key), str(value)) for key, value in dict(properties).items()),
        suppression=None
        if not suppression
        else Suppression(
            str(suppression.get("kind", "")), str(suppression.get("reason", "")), suppression.get("expires")
        ),
        in_baseline=bool(item.get("in_baseline", False)),
    )
