"""Maven pom.xml and Gradle's gradle.lockfile.

A POM's `${property}` references are filled from its <properties>, the project's own
coordinates (`project.version`, `project.groupId` ...), its profiles active by default and,
where the scan holds them, its parents and the BOMs it imports (`maven_model.py`). A
dependency without a version takes the managed one. A version that stays unresolved is
reported, and the dependency kept unpinned; so is a dependency whose version only an
imported BOM outside the scan could give (the note names the POM and the BOM). Version
ranges ("[1.0,2.0)") are specifiers. XML with a DOCTYPE is refused: a
POM never needs one, and entity expansion is how XML bombs work.

Maven scopes map to component scopes: test → "dev", provided/system → "peer" (the
runtime supplies them), <optional>true</optional> → "optional". gradle.lockfile entries
used only by test configurations are "dev".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._lines import LineFinder
from pavedroad.analyzers.sca.parsers._source import ManifestFile
from pavedroad.analyzers.sca.parsers._xml import child_text, local_tag, parse_xml
from pavedroad.analyzers.sca.parsers.maven_model import (
    EffectiveModel,
    ModelBuilder,
    Pom,
    has_property_reference,
    interpolate,
    sections,
)
from pavedroad.core.components import MAVEN, Component

MAVEN_SCOPES: dict[str, str | None] = {
    "compile": None,
    "runtime": None,
    "test": "dev",
    "provided": "peer",
    "system": "peer",
    "import": None,
}
# Gradle configurations whose names start with these are for tests or builds only.
DEV_CONFIGURATION_PREFIXES = ("test", "androidTest", "testFixtures", "annotationProcessor", "kapt", "detekt", "ktlint")
GRADLE_EMPTY_MARKER = "empty"

_RANGE = re.compile(r"^[\[(].*[\])]$")


def parse_pom(file: ManifestFile) -> list[Component]:
    """The dependencies a pom.xml declares (its own and its active profiles'), versions resolved."""
    root = parse_xml(file.text)
    model = ModelBuilder(file).model(Pom(file.path, root))
    graph = PackageGraph(has_graph=False)
    finder = LineFinder(file.text)
    declared = {id(element) for block in sections(root, "dependencies") for element in block}
    for element in root.iter():
        if local_tag(element) != "dependency":
            continue
        artifact = child_text(element, "artifactId")
        # Every <dependency> moves the finder, so the declared ones get their own lines.
        line = finder.find(re.compile(rf"<artifactId>\s*{re.escape(artifact or '')}\s*</artifactId>"))
        if id(element) not in declared:
            continue
        package = _dependency_package(file, element, model, line)
        if package is not None:
            key = f"{len(graph.packages)}"
            graph.add(key, package)
            graph.mark_direct(key, package.scope)
    return build_components(file, MAVEN, graph)


def parse_gradle_lockfile(file: ManifestFile) -> list[Component]:
    """Locked modules of a gradle.lockfile ("group:artifact:version=configurations")."""
    graph = PackageGraph(has_graph=False)
    for number, raw in enumerate(file.text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        coordinates, _, configurations = line.partition("=")
        if coordinates == GRADLE_EMPTY_MARKER:
            continue
        parts = coordinates.split(":")
        if len(parts) != 3 or not all(parts):
            file.problem(f"gradle.lockfile entry is not 'group:artifact:version': {coordinates!r}", number)
            continue
        names = [name for name in configurations.split(",") if name]
        dev_only = bool(names) and all(name.startswith(DEV_CONFIGURATION_PREFIXES) for name in names)
        graph.add(f"{number}", Package(f"{parts[0]}:{parts[1]}", parts[2], number, scope="dev" if dev_only else None))
    return build_components(file, MAVEN, graph)


def _dependency_package(
    file: ManifestFile, element: ElementTree.Element, model: EffectiveModel, line: int | None
) -> Package | None:
    group = interpolate(child_text(element, "groupId") or "", model.properties)
    artifact = interpolate(child_text(element, "artifactId") or "", model.properties)
    if not group or not artifact:
        file.problem("dependency without a groupId and artifactId", line)
        return None
    name = f"{group}:{artifact}"
    scope = MAVEN_SCOPES.get((child_text(element, "scope") or "compile").strip())
    if scope is None and (child_text(element, "optional") or "").strip() == "true":
        scope = "optional"
    own = child_text(element, "version")
    if own is None and name in model.imported:
        return _versioned_package(file, name, model.managed[name], line, scope)  # interpolated by its BOM
    raw_version = own or model.managed.get(name)
    if raw_version is None:
        for importer, coordinates in model.missing_boms:
            file.note(
                f"no version for {name}: it may come from BOM {coordinates} imported in {importer}, "
                "which is not in the scan",
                line,
            )
        return Package(name, None, line, scope=scope)
    return _versioned_package(file, name, interpolate(raw_version, model.properties), line, scope)


def _versioned_package(file: ManifestFile, name: str, version: str, line: int | None, scope: str | None) -> Package:
    if has_property_reference(version):
        file.problem(f"cannot resolve {version!r} for {name}", line)
        return Package(name, None, line, specifier=version, scope=scope)
    if _RANGE.match(version):
        return Package(name, None, line, specifier=version, scope=scope)
    return Package(name, version, line, scope=scope)
