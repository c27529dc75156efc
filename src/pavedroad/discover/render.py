"""The inventory as a versioned JSON-ready document and as plain text."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pavedroad.discover.model import Detection, Evidence, Inventory

SCHEMA_VERSION = 1
_SKIPPED_SHOWN = 20

# (heading, Inventory attribute) for every section that lists detections.
_DETECTION_SECTIONS: tuple[tuple[str, str], ...] = (
    ("Frameworks", "frameworks"),
    ("Data stores", "data_stores"),
    ("Cloud providers", "cloud_providers"),
    ("Infrastructure as code", "infrastructure"),
    ("Container files", "containers"),
    ("Container images", "container_images"),
    ("CI systems", "ci_systems"),
)


def inventory_to_dict(inventory: Inventory) -> dict[str, Any]:
    """The inventory as plain JSON-serialisable data, with a `schema_version` to build on."""
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION, **asdict(inventory)}
    document["problems"] = [
        {"path": problem.path, "line": problem.line, "message": problem.message}
        for problem in inventory.problems
    ]
    return document


def render_inventory_text(inventory: Inventory) -> str:
    """The inventory as a plain-text report, one section per aspect, ending in a newline."""
    lines = [f"Repository: {inventory.root}", f"Files: {inventory.files}", "", "Languages"]
    lines += [
        f"  {stats.language:<16} {stats.files:>6} files {stats.lines:>9} lines"
        for stats in inventory.languages
    ] or ["  none"]
    lines += ["", f"Package managers: {', '.join(inventory.package_managers) or 'none'}", "Manifests"]
    lines += [
        f"  {manifest.path} ({manifest.ecosystem}, {manifest.package_manager}"
        f"{', lockfile' if manifest.lockfile else ''})"
        for manifest in inventory.manifests
    ] or ["  none"]
    for heading, attribute in _DETECTION_SECTIONS:
        detections: tuple[Detection, ...] = getattr(inventory, attribute)
        lines += ["", heading]
        lines += [f"  {item.name}: {', '.join(map(_describe, item.evidence))}" for item in detections] or [
            "  none"
        ]
    lines += ["", "Code owners"]
    lines += [
        f"  {rule.pattern} {' '.join(rule.owners) or '(no owner)'}  [{rule.path}:{rule.line}]"
        for rule in inventory.ownership
    ] or ["  none"]
    lines += ["", f"Analyzers that apply: {', '.join(inventory.applicable_analyzers)}"]
    if inventory.problems:
        lines += ["", "Problems"] + [f"  {problem.describe()}" for problem in inventory.problems]
    if inventory.skipped:
        shown = inventory.skipped[:_SKIPPED_SHOWN]
        lines += ["", f"Skipped ({len(inventory.skipped)})"]
        lines += [f"  {skip.path}: {skip.reason}" for skip in shown]
        if len(inventory.skipped) > len(shown):
            hidden = len(inventory.skipped) - len(shown)
            lines.append(f"  ... and {hidden} more (all listed with --format json)")
    return "\n".join(lines) + "\n"


def _describe(evidence: Evidence) -> str:
    where = f"{evidence.path}:{evidence.line}" if evidence.line else evidence.path
    return f"{where} ({evidence.detail})" if evidence.detail else where
