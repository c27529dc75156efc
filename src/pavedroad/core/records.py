"""Findings to plain records and back, for the cache (an internal format, not the public JSON)."""

from __future__ import annotations

from dataclasses import asdict
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


def finding_to_record(finding: Finding) -> dict[str, Any]:
    record = asdict(finding)
    record["severity"] = finding.severity.value
    record["confidence"] = finding.confidence.value
    return record


def finding_from_record(record: dict[str, Any]) -> Finding:
    values = dict(record)
    values["severity"] = Severity(values["severity"])
    values["confidence"] = Confidence(values["confidence"])
    values["location"] = Location(**values["location"])
    values["fix"] = Fix(**values["fix"]) if values.get("fix") else None
    values["package"] = _package(values.get("package"))
    values["suppression"] = Suppression(**values["suppression"]) if values.get("suppression") else None
    values["trace"] = tuple(
        TraceStep(Location(**step["location"]), step["message"]) for step in values.get("trace", ())
    )
    values["properties"] = tuple((str(key), str(value)) for key, value in values.get("properties", ()))
    for name in ("cwe", "references", "vulnerability", "controls"):
        values[name] = tuple(values.get(name, ()))
    return Finding(**values)


def _package(record: dict[str, Any] | None) -> PackageRef | None:
    if not record:
        return None
    return PackageRef(record["purl"], record["installed_version"], tuple(record.get("fixed_versions", ())))
