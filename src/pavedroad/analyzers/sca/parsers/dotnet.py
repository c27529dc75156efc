""".NET: packages.lock.json, PackageReference items in *.csproj/*.fsproj/*.vbproj, and packages.config.

packages.lock.json lists each target framework separately; one package at one version is
one component across them. Its `contentHash` is a base64 SHA-512, reported as
"sha512-<base64>" like npm's integrity strings. A project file's `$(Property)` versions are
filled from its <PropertyGroup>s, and a PackageReference without a version takes it from
Directory.Packages.props (central package management) in its directory or one above.
PackageReferences with PrivateAssets="all" (analyzers, build tools) are "dev".
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ElementTree

from pavedroad.analyzers.sca.parsers._documents import as_table, as_text, load_json_object
from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._lines import LineFinder
from pavedroad.analyzers.sca.parsers._source import ManifestError, ManifestFile
from pavedroad.analyzers.sca.parsers._xml import child_text, local_tag, parse_xml
from pavedroad.core.components import NUGET, Component

KNOWN_LOCK_VERSIONS = (
    1,
    2,
)
# packages.lock.json entry types: which are the project's direct packages, which are not packages.
DIRECT_TYPES = frozenset({"Direct"})
PROJECT_TYPES = frozenset({"Project"})
CENTRAL_VERSIONS_FILE = "Directory.Packages.props"
MAX_PARENT_DIRECTORIES = 20

_MSBUILD_PROPERTY = re.compile(r"\$\(([^)]+)\)")
_RANGE_OR_FLOATING = re.compile(r"[\[\](),*]")


def parse_packages_lock(file: ManifestFile) -> list[Component]:
    """Packages of a NuGet packages.lock.json, merged across target frameworks."""
    document = load_json_object(file)
    version = document.get("version")
    file.check_format("packages.lock.json version", version, KNOWN_LOCK_VERSIONS, "version 2")
    graph = PackageGraph()
    finder = LineFinder(file.text)
    by_name: dict[str, str] = {}
    required: dict[str, list[str]] = {}
    for framework, packages in as_table(document.get("dependencies")).items():
        finder.seek(f'"{framework}"')
        for name, value in as_table(packages).items():
            entry = as_table(value)
            line = finder.find(f'"{name}"')
            if as_text(entry.get("type")) in PROJECT_TYPES:
                continue
            resolved = as_text(entry.get("resolved"))
            key = f"{name.lower()}@{resolved}"
            content_hash = as_text(entry.get("contentHash"))
            graph.add(key, Package(name, resolved, line, hashes=[f"sha512-{content_hash}"] if content_hash else []))
            by_name.setdefault(name.lower(), key)
            required.setdefault(key, []).extend(
                dependency.lower() for dependency in as_table(entry.get("dependencies"))
            )
            if as_text(entry.get("type")) in DIRECT_TYPES:
                graph.mark_direct(key)
    for key, names in required.items():
        graph.packages[key].requires = list(dict.fromkeys(by_name[name] for name in names if name in by_name))
    return build_components(file, NUGET, graph)


def parse_project_file(file: ManifestFile) -> list[Component]:
    """PackageReference items of an SDK-style project file."""
    root = parse_xml(file.text)
    properties = _properties(root)
    central = _central_versions(file, properties)
    graph = PackageGraph(has_graph=False)
    finder = LineFinder(file.text)
    for element in root.iter():
        if local_tag(element) != "PackageReference":
            continue
        name = element.get("Include")
        if not name:
            continue  # "Update" items change references made elsewhere.
        line = finder.find(re.compile(rf"Include\s*=\s*\"{re.escape(name)}\""))
        written = element.get("VersionOverride") or element.get("Version") or child_text(element, "Version")
        written = written or child_text(element, "VersionOverride") or central.get(name.lower())
        private = (element.get("PrivateAssets") or child_text(element, "PrivateAssets") or "").lower() == "all"
        package = _versioned_package(file, name, written, properties, line, "dev" if private else None)
        graph.add(f"{len(graph.packages)}", package)
        graph.mark_direct(f"{len(graph.packages) - 1}", package.scope)
    return build_components(file, NUGET, graph)


def parse_packages_config(file: ManifestFile) -> list[Component]:
    """The <package id version> entries of a legacy packages.config."""
    root = parse_xml(file.text)
    graph = PackageGraph(has_graph=False)
    finder = LineFinder(file.text)
    for element in root.iter():
        if local_tag(element) != "package" or not element.get("id"):
            continue
        name = element.get("id", "")
        line = finder.find(re.compile(rf"id\s*=\s*\"{re.escape(name)}\""))
        scope = "dev" if element.get("developmentDependency") == "true" else None
        package = _versioned_package(file, name, element.get("version"), {}, line, scope)
        graph.add(f"{len(graph.packages)}", package)
        graph.mark_direct(f"{len(graph.packages) - 1}", scope)
    return build_components(file, NUGET, graph)


def _versioned_package(
    file: ManifestFile, name: str, written: str | None, properties: dict[str, str], line: int | None, scope: str | None
) -> Package:
    if written is None:
        return Package(name, None, line, scope=scope)
    version = _MSBUILD_PROPERTY.sub(
        lambda match: properties.get(match.group(1).lower(), match.group(0)), written
    ).strip()
    if _MSBUILD_PROPERTY.search(version):
        file.problem(f"cannot resolve {version!r} for {name}", line)
        return Package(name, None, line, specifier=version, scope=scope)
    if _RANGE_OR_FLOATING.search(version):
        return Package(name, None, line, specifier=version, scope=scope)
    return Package(name, version, line, specifier=version, scope=scope)


def _central_versions(file: ManifestFile, properties: dict[str, str]) -> dict[str, str]:
    """PackageVersion items from the nearest Directory.Packages.props at or above the project."""
    directory = file.directory
    for _ in range(MAX_PARENT_DIRECTORIES):
        data = file.read_path(posixpath.join(directory, CENTRAL_VERSIONS_FILE) if directory else CENTRAL_VERSIONS_FILE)
        if data is not None:
            return _package_versions(data, properties)
        if not directory:
            break
        directory = posixpath.dirname(directory)
    return {}


def _package_versions(data: bytes, properties: dict[str, str]) -> dict[str, str]:
    try:
        root = parse_xml(data.decode("utf-8-sig", errors="replace"))
    except ManifestError:
        return {}
    properties.update({key: value for key, value in _properties(root).items() if key not in properties})
    return {
        element.get("Include", "").lower(): element.get("Version", "")
        for element in root.iter()
        if local_tag(element) == "PackageVersion" and element.get("Include") and element.get("Version")
    }


def _properties(root: ElementTree.Element) -> dict[str, str]:
    """MSBuild properties by lower-cased name (MSBuild compares them case-insensitively)."""
    found: dict[str, str] = {}
    for group in root.iter():
        if local_tag(group) == "PropertyGroup":
            for element in group:
                found[local_tag(element).lower()] = (element.text or "").strip()
    return found
