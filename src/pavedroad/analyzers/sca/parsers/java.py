"""Maven pom.xml and Gradle's gradle.lockfile.

A POM's `${property}` references are filled from its <properties>, the project's own
coordinates (`project.version`, `project.groupId` ...) and, where the parent POM is in
the scan (its <relativePath>, by default ../pom.xml, with matching coordinates), the
parent's properties and dependencyManagement. A dependency without a version takes the
managed one. A version that stays unresolved is reported, and the dependency kept
unpinned. Version ranges ("[1.0,2.0)") are specifiers. XML with a DOCTYPE is refused: a
POM never needs one, and entity expansion is how XML bombs work.

Maven scopes map to component scopes: test → "dev", provided/system → "peer" (the
runtime supplies them), <optional>true</optional> → "optional". gradle.lockfile entries
used only by test configurations are "dev".
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._lines import LineFinder
from pavedroad.analyzers.sca.parsers._source import ManifestError, ManifestFile
from pavedroad.analyzers.sca.parsers._xml import child, child_text, local_tag, parse_xml
from pavedroad.core.components import MAVEN, Component

MAVEN_SCOPES: dict[str, str | None] = {
    "compile": None,
    "runtime": None,
    "test": "dev",
    "provided": "peer",
    "system": "peer",
    "import": None,
}
MAX_PARENT_DEPTH = 5
MAX_INTERPOLATION_PASSES = 10
# Gradle configurations whose names start with these are for tests or builds only.
DEV_CONFIGURATION_PREFIXES = ("test", "androidTest", "testFixtures", "annotationProcessor", "kapt", "detekt", "ktlint")
GRADLE_EMPTY_MARKER = "empty"

_PROPERTY = re.compile(r"\$\{([^}]+)\}")
_RANGE = re.compile(r"^[\[(].*[\])]$")


@dataclass(slots=True)
class _Pom:
    """One POM of the inheritance chain, child first."""

    path: str
    root: ElementTree.Element


def parse_pom(file: ManifestFile) -> list[Component]:
    """The dependencies a pom.xml declares, versions interpolated and managed versions applied."""
    root = parse_xml(file.text)
    chain = [_Pom(file.path, root)]
    _load_parents(file, chain)
    properties: dict[str, str] = {}
    managed: dict[str, str] = {}
    for pom in reversed(chain):  # the child's settings override its parents'
        properties.update(_coordinates(pom.root))
        properties.update(_properties(pom.root))
    for pom in reversed(chain):
        for coordinate, version in _dependency_versions(child(pom.root, "dependencyManagement")):
            managed[coordinate] = version
    graph = PackageGraph(has_graph=False)
    finder = LineFinder(file.text)
    declared = {id(element) for element in child(root, "dependencies") or []}
    for element in root.iter():
        if local_tag(element) != "dependency":
            continue
        artifact = child_text(element, "artifactId")
        # Every <dependency> moves the finder, so the declared ones get their own lines.
        line = finder.find(re.compile(rf"<artifactId>\s*{re.escape(artifact or '')}\s*</artifactId>"))
        if id(element) not in declared:
            continue
        package = _dependency_package(file, element, properties, managed, line)
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


def _load_parents(file: ManifestFile, chain: list[_Pom]) -> None:
    """Follow <parent> POMs that are in the scan and whose coordinates match what the child names."""
    seen = {file.path}
    while len(chain) <= MAX_PARENT_DEPTH:
        current = chain[-1]
        parent = child(current.root, "parent")
        if parent is None:
            return
        relative = child_text(parent, "relativePath") or "../pom.xml"
        if not relative.endswith(".xml"):
            relative = posixpath.join(relative, "pom.xml")
        reader = file.derived(current.path, "")
        found = reader.read_relative(relative)
        if found is None or found[0] in seen:
            return
        seen.add(found[0])
        try:
            root = parse_xml(found[1])
        except ManifestError:
            return
        wanted = (child_text(parent, "groupId"), child_text(parent, "artifactId"))
        if (
            child_text(root, "groupId") or child_text(child(root, "parent"), "groupId"),
            child_text(root, "artifactId"),
        ) != wanted:
            return
        chain.append(_Pom(found[0], root))


def _coordinates(root: ElementTree.Element) -> dict[str, str]:
    parent = child(root, "parent")
    values = {
        "project.groupId": child_text(root, "groupId") or child_text(parent, "groupId"),
        "project.artifactId": child_text(root, "artifactId"),
        "project.version": child_text(root, "version") or child_text(parent, "version"),
        "project.parent.groupId": child_text(parent, "groupId"),
        "project.parent.version": child_text(parent, "version"),
    }
    aliases = {f"pom.{key[8:]}": value for key, value in values.items()}
    return {key: value for key, value in {**values, **aliases, "version": values["project.version"]}.items() if value}


def _properties(root: ElementTree.Element) -> dict[str, str]:
    block = child(root, "properties")
    if block is None:
        return {}
    return {local_tag(element): (element.text or "").strip() for element in block}


def _dependency_versions(block: ElementTree.Element | None) -> list[tuple[str, str]]:
    dependencies = child(block, "dependencies")
    if dependencies is None:
        return []
    found = []
    for element in dependencies:
        group, artifact, version = (
            child_text(element, "groupId"),
            child_text(element, "artifactId"),
            child_text(element, "version"),
        )
        if group and artifact and version:
            found.append((f"{group}:{artifact}", version))
    return found


def _dependency_package(
    file: ManifestFile,
    element: ElementTree.Element,
    properties: dict[str, str],
    managed: dict[str, str],
    line: int | None,
) -> Package | None:
    group = _interpolate(child_text(element, "groupId") or "", properties)
    artifact = _interpolate(child_text(element, "artifactId") or "", properties)
    if not group or not artifact:
        file.problem("dependency without a groupId and artifactId", line)
        return None
    name = f"{group}:{artifact}"
    raw_version = child_text(element, "version") or managed.get(name)
    version = _interpolate(raw_version, properties) if raw_version else None
    scope = MAVEN_SCOPES.get((child_text(element, "scope") or "compile").strip())
    if scope is None and (child_text(element, "optional") or "").strip() == "true":
        scope = "optional"
    if version is None:
        return Package(name, None, line, scope=scope)
    if _PROPERTY.search(version):
        file.problem(f"cannot resolve {version!r} for {name}", line)
        return Package(name, None, line, specifier=version, scope=scope)
    if _RANGE.match(version):
        return Package(name, None, line, specifier=version, scope=scope)
    return Package(name, version, line, scope=scope)


def _interpolate(value: str, properties: dict[str, str]) -> str:
    for _ in range(MAX_INTERPOLATION_PASSES):
        replaced = _PROPERTY.sub(lambda match: properties.get(match.group(1), match.group(0)), value)
        if replaced == value:
            break
        value = replaced
    return value
