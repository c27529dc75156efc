"""CycloneDX 1.6 JSON from a component inventory, written by cyclonedx-python-lib."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence

from cyclonedx.model import HashAlgorithm, HashType
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component as CdxComponent
from cyclonedx.model.component import ComponentScope, ComponentType
from cyclonedx.model.license import LicenseExpression
from cyclonedx.output.json import JsonV1Dot6
from packageurl import PackageURL

import pavedroad
from pavedroad.core.components import Component
from pavedroad.sbom.identity import unique_components

_HASH_ALGORITHMS = {
    "sha1": HashAlgorithm.SHA_1,
    "sha256": HashAlgorithm.SHA_256,
    "sha384": HashAlgorithm.SHA_384,
    "sha512": HashAlgorithm.SHA_512,
    "md5": HashAlgorithm.MD5,
}


def cyclonedx_json(project: str, components: Sequence[Component]) -> str:
    """A CycloneDX 1.6 JSON document: one component per package version, and the dependency graph."""
    bom = Bom()
    root = CdxComponent(name=project, type=ComponentType.APPLICATION, bom_ref=f"project:{project}")
    bom.metadata.component = root
    bom.metadata.tools.components.add(
        CdxComponent(name="pavedroad", version=pavedroad.__version__, type=ComponentType.APPLICATION)
    )
    unique = unique_components(components)
    by_key = {key: _cdx_component(component, key) for key, component in unique.items()}
    for cdx in by_key.values():
        bom.components.add(cdx)
    by_name = {(component.ecosystem, component.name): by_key[key] for key, component in unique.items()}
    bom.register_dependency(root, [by_key[key] for key, component in unique.items() if component.direct])
    for key, component in unique.items():
        children = [
            by_name[(component.ecosystem, name)]
            for name in component.dependencies
            if (component.ecosystem, name) in by_name
        ]
        bom.register_dependency(by_key[key], children)
    return JsonV1Dot6(bom).output_as_string(indent=2)


def _cdx_component(component: Component, key: str) -> CdxComponent:
    purl = PackageURL.from_string(component.purl) if component.purl else None
    return CdxComponent(
        name=component.name,
        version=component.version,
        type=ComponentType.LIBRARY,
        bom_ref=key,
        purl=purl,
        scope=ComponentScope.OPTIONAL if component.scope in ("dev", "optional") else ComponentScope.REQUIRED,
        hashes=[hash_type for hash_type in map(_hash, component.hashes) if hash_type is not None],
        licenses=[LicenseExpression(expression) for expression in component.licenses[:1]],
    )


def _hash(value: str) -> HashType | None:
    """`sha256:abc…` (pip, poetry) or `sha512-base64…` (npm integrity) to a CycloneDX hash."""
    algorithm, separator, digest = value.partition(":")
    if not separator:
        algorithm, separator, digest = value.partition("-")
        if separator:
            try:
                digest = base64.b64decode(digest, validate=True).hex()
            except (binascii.Error, ValueError):
                return None
    chosen = _HASH_ALGORITHMS.get(algorithm.lower())
    return HashType(alg=chosen, content=digest.lower()) if chosen and digest else None
