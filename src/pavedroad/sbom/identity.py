"""One SBOM entry per package version, whichever files mention it."""

from __future__ import annotations

from collections.abc import Sequence

from pavedroad.core.components import Component


def component_key(component: Component) -> str:
    """A stable identifier: the purl where there is one, else ecosystem/name@version."""
    return component.purl or f"{component.ecosystem}/{component.name}@{component.version or '*'}"


def unique_components(components: Sequence[Component]) -> dict[str, Component]:
    """Components by key; a pinned entry (lockfile) wins over an unpinned one (manifest)."""
    unique: dict[str, Component] = {}
    for component in sorted(components, key=lambda item: (item.version is None, not item.direct)):
        key = component_key(component)
        if key not in unique or (component.direct and not unique[key].direct):
            unique[key] = component
    return unique
