"""The upgrade plan: for each vulnerable package, the smallest safe version and where to set it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pavedroad.core.components import Component
from pavedroad.fix.edits import editable_format, rewrite_line
from pavedroad.vulndb.match import MatchResult
from pavedroad.vulndb.names import normalize_name


@dataclass(frozen=True, slots=True)
class Upgrade:
    """Move `name` from `current` to `target`, which fixes `advisories`."""

    ecosystem: str
    name: str
    current: str
    target: str
    advisories: tuple[str, ...]
    direct: bool
    via: tuple[str, ...] = ()


@dataclass(slots=True)
class FixPlan:
    upgrades: list[Upgrade] = field(default_factory=list)
    edits: dict[str, tuple[str, str]] = field(default_factory=dict)  # relpath → (before, after)
    notes: list[str] = field(default_factory=list)

    def diff(self) -> str:
        """A unified diff of every manifest edit, paths relative to the project root."""
        chunks: list[str] = []
        for relpath, (before, after) in sorted(self.edits.items()):
            chunks.extend(
                difflib.unified_diff(
                    before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{relpath}", f"b/{relpath}"
                )
            )
        return "".join(chunks)


def plan_upgrades(root: Path, components: Sequence[Component], result: MatchResult) -> FixPlan:
    """Upgrades for every vulnerable component, and the manifest edits for direct dependencies."""
    plan = FixPlan()
    targets: dict[tuple[str, str], Upgrade] = {}
    for component in dict.fromkeys(match.component for match in result):
        safe = result.safe_upgrade(component)
        advisories = tuple(match.id for match in result.for_component(component))
        key = (component.ecosystem, normalize_name(component.ecosystem, component.name))
        if safe is None:
            plan.notes.append(
                f"{component.name} {component.version}: no version fixes {', '.join(advisories)} yet; "
                "consider replacing it or mitigating"
            )
            continue
        if key not in targets:
            targets[key] = Upgrade(
                component.ecosystem, component.name, component.version or "?", safe, advisories,
                component.direct, component.dependency_path,
            )  # fmt: skip
    plan.upgrades = sorted(targets.values(), key=lambda upgrade: (upgrade.ecosystem, upgrade.name))
    _edit_manifests(root, components, targets, plan)
    return plan


def _edit_manifests(
    root: Path, components: Iterable[Component], targets: dict[tuple[str, str], Upgrade], plan: FixPlan
) -> None:
    edited: set[tuple[str, str]] = set()
    for component in components:
        key = (component.ecosystem, normalize_name(component.ecosystem, component.name))
        upgrade = targets.get(key)
        edit = editable_format(component.source, component.ecosystem)
        if upgrade is None or edit is None or component.line is None:
            continue
        before = plan.edits[component.source][1] if component.source in plan.edits else _read(root, component.source)
        if before is None:
            continue
        lines = before.splitlines(keepends=True)
        index = component.line - 1
        if index >= len(lines):
            continue
        rewritten = rewrite_line(lines[index], component.name, upgrade.target, edit)
        if rewritten is None or rewritten == lines[index]:
            continue
        lines[index] = rewritten
        original = plan.edits[component.source][0] if component.source in plan.edits else before
        plan.edits[component.source] = (original, "".join(lines))
        edited.add(key)
        if edit.note and edit.note not in plan.notes:
            plan.notes.append(f"{component.source}: {edit.note}")
    for key, upgrade in targets.items():
        if key not in edited:
            via = f" (brought in via {' → '.join(upgrade.via)})" if len(upgrade.via) > 1 else ""
            plan.notes.append(
                f"{upgrade.name} {upgrade.current} → {upgrade.target}{via}: not a direct dependency in an editable "
                "manifest; upgrade the package that requires it, or pin it in your lockfile or constraints"
            )


def _read(root: Path, relpath: str) -> str | None:
    path = (root / relpath).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def apply_plan(root: Path, plan: FixPlan) -> list[str]:
    """Write the edited manifests; returns the paths written."""
    for relpath, (_, after) in plan.edits.items():
        (root / relpath).write_text(after, encoding="utf-8")
    return sorted(plan.edits)
