"""Components from an existing SBOM (CycloneDX or SPDX JSON, from any tool), by their purls."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from packageurl import PackageURL

from pavedroad.core.components import CRATES_IO, GO, MAVEN, NPM, NUGET, PACKAGIST, PYPI, RUBYGEMS, Component

# purl type → OSV ecosystem; OS package types carry their distribution in the qualifiers.
_ECOSYSTEMS = {
    "pypi": PYPI, "npm": NPM, "golang": GO, "cargo": CRATES_IO, "gem": RUBYGEMS,
    "composer": PACKAGIST, "maven": MAVEN, "nuget": NUGET,
}  # fmt: skip
MAX_SBOM_BYTES = 100 * 1024 * 1024


@dataclass(slots=True)
class SbomContents:
    format: str
    components: list[Component] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class InvalidSbomError(ValueError):
    """The file is not a CycloneDX or SPDX JSON document."""


def read_sbom(data: bytes, source: str) -> SbomContents:
    """The components of a CycloneDX or SPDX JSON SBOM; entries without a usable purl are problems."""
    if len(data) > MAX_SBOM_BYTES:
        raise InvalidSbomError(f"{source}: larger than {MAX_SBOM_BYTES} bytes")
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidSbomError(f"{source}: not JSON ({error})") from None
    if not isinstance(document, dict):
        raise InvalidSbomError(f"{source}: not an SBOM (the document is not a JSON object)")
    if document.get("bomFormat") == "CycloneDX":
        entries = [(c.get("purl"), c.get("name")) for c in _cyclonedx_components(document.get("components", []))]
        contents = SbomContents(f"CycloneDX {document.get('specVersion', '?')}")
    elif str(document.get("spdxVersion", "")).startswith("SPDX-"):
        entries = [(_spdx_purl(package), package.get("name")) for package in document.get("packages", [])]
        contents = SbomContents(str(document["spdxVersion"]))
    else:
        raise InvalidSbomError(f"{source}: neither CycloneDX (bomFormat) nor SPDX (spdxVersion) JSON")
    for purl, name in entries:
        if not purl:
            contents.problems.append(f"{source}: component {name!r} has no purl; not checked")
            continue
        component = component_from_purl(str(purl), source)
        if component is None:
            contents.problems.append(f"{source}: purl {purl} is not understood; not checked")
        else:
            contents.components.append(component)
    return contents


def component_from_purl(purl: str, source: str) -> Component | None:
    """A Component for a purl of a known type with a version, else None."""
    try:
        parsed = PackageURL.from_string(purl)
    except ValueError:
        return None
    ecosystem = _ecosystem(parsed)
    if ecosystem is None or not parsed.version:
        return None
    if parsed.type == "maven":
        name = f"{parsed.namespace}:{parsed.name}"
    elif parsed.namespace:
        name = f"{parsed.namespace}/{parsed.name}"
    else:
        name = parsed.name
    version = parsed.version
    if parsed.type == "golang" and not version.startswith("v"):
        version = f"v{version}"
    return Component(ecosystem, name, version, source, purl=purl)


def _ecosystem(purl: PackageURL) -> str | None:
    if purl.type in _ECOSYSTEMS:
        return _ECOSYSTEMS[purl.type]
    distro = str((purl.qualifiers or {}).get("distro", ""))
    if purl.type == "deb" and purl.namespace in ("debian", "ubuntu") and distro:
        release = distro.split("-", 1)[-1]
        return f"{purl.namespace.capitalize()}:{release}"
    if purl.type == "apk" and purl.namespace == "alpine" and distro:
        return f"Alpine:v{'.'.join(distro.split('-', 1)[-1].split('.')[:2])}"
    return None


def _cyclonedx_components(components: Any) -> list[dict[str, Any]]:
    """Components at every nesting level (CycloneDX allows components inside components)."""
    found: list[dict[str, Any]] = []
    stack = list(components) if isinstance(components, list) else []
    while stack:
        component = stack.pop()
        if isinstance(component, dict):
            found.append(component)
            stack.extend(component.get("components", []) or [])
    return found


def _spdx_purl(package: dict[str, Any]) -> str | None:
    for reference in package.get("externalRefs", []) or []:
        if isinstance(reference, dict) and reference.get("referenceType") == "purl":
            return str(reference.get("referenceLocator"))
    return None
