"""SPDX 2.3 JSON from a component inventory, written and validated by spdx-tools."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime

from license_expression import LicenseExpression, get_spdx_licensing
from spdx_tools.spdx.model.actor import Actor, ActorType
from spdx_tools.spdx.model.document import CreationInfo, Document
from spdx_tools.spdx.model.extracted_licensing_info import ExtractedLicensingInfo
from spdx_tools.spdx.model.package import ExternalPackageRef, ExternalPackageRefCategory, Package
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream

import pavedroad
from pavedroad.core.components import Component
from pavedroad.sbom.identity import unique_components

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9.-]+")
LICENSE_REF_PREFIX = "LicenseRef-"
NAMESPACE_BASE = "https://pavedroad.invalid/spdx"


def spdx_json(project: str, components: Sequence[Component], created: datetime | None = None) -> str:
    """An SPDX 2.3 JSON document: the project package, one package per component, DEPENDS_ON edges."""
    unique = unique_components(components)
    created = created or datetime.now(UTC).replace(microsecond=0)
    digest = hashlib.sha256("\n".join(sorted(unique)).encode()).hexdigest()[:16]
    info = CreationInfo(
        spdx_version="SPDX-2.3",
        spdx_id="SPDXRef-DOCUMENT",
        name=f"{project} dependencies",
        document_namespace=f"{NAMESPACE_BASE}/{_UNSAFE_ID.sub('-', project)}-{digest}",
        creators=[Actor(ActorType.TOOL, f"pavedroad-{pavedroad.__version__}")],
        created=created,
    )
    root_id = "SPDXRef-project"
    ids = {
        key: f"SPDXRef-{index}-{_UNSAFE_ID.sub('-', component.name)[:60]}"
        for index, (key, component) in enumerate(unique.items())
    }
    packages = [Package(root_id, project, SpdxNoAssertion(), files_analyzed=False)]
    packages += [_package(ids[key], component) for key, component in unique.items()]
    relationships = [Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, root_id)]
    by_name = {(component.ecosystem, component.name): ids[key] for key, component in unique.items()}
    for key, component in unique.items():
        if component.direct:
            relationships.append(Relationship(root_id, RelationshipType.DEPENDS_ON, ids[key]))
        relationships.extend(
            Relationship(ids[key], RelationshipType.DEPENDS_ON, by_name[(component.ecosystem, name)])
            for name in component.dependencies
            if (component.ecosystem, name) in by_name
        )
    document = Document(
        info, packages=packages, relationships=relationships, extracted_licensing_info=_license_refs(packages)
    )
    stream = io.StringIO()
    write_document_to_stream(document, stream, validate=True)
    return stream.getvalue() + "\n"


def _package(spdx_id: str, component: Component) -> Package:
    references = (
        [ExternalPackageRef(ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", component.purl)]
        if component.purl
        else []
    )
    declared = _license(component.licenses)
    return Package(
        spdx_id,
        component.name,
        SpdxNoAssertion(),
        version=component.version,
        files_analyzed=False,
        license_declared=declared if declared is not None else SpdxNoAssertion(),
        license_concluded=SpdxNoAssertion(),
        copyright_text=SpdxNoAssertion(),
        external_references=references,
    )


def _license(licenses: tuple[str, ...]) -> LicenseExpression | None:
    """The declared licence as an SPDX expression, or None when it is not a valid one.

    `LicenseRef-` ids (an OS package's licence SPDX has no id for) are valid: the document
    then defines each one (`_license_refs`).
    """
    if not licenses:
        return None
    licensing = get_spdx_licensing()
    try:
        expression = " AND ".join(f"({license_id})" for license_id in licenses)
        parsed: LicenseExpression = licensing.parse(expression, validate=False)
    except Exception:  # license-expression raises several error types for malformed expressions
        return None
    unknown = licensing.validate(parsed).invalid_symbols
    return None if any(not str(key).startswith(LICENSE_REF_PREFIX) for key in unknown) else parsed


def _license_refs(packages: list[Package]) -> list[ExtractedLicensingInfo]:
    """A definition of every LicenseRef the packages use, as SPDX requires."""
    licensing = get_spdx_licensing()
    refs = sorted(
        {
            str(key)
            for package in packages
            if isinstance(package.license_declared, LicenseExpression)
            for key in licensing.license_keys(package.license_declared)
            if str(key).startswith(LICENSE_REF_PREFIX)
        }
    )
    return [
        ExtractedLicensingInfo(
            license_id=ref,
            extracted_text=f"A licence the package names {ref[len(LICENSE_REF_PREFIX) :]!r}; it has no SPDX id.",
            license_name=ref[len(LICENSE_REF_PREFIX) :],
        )
        for ref in refs
    ]
