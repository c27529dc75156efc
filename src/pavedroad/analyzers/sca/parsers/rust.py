"""Cargo.lock, versions 1 to 4.

Packages without a `source` are the workspace's own crates (or path dependencies): they
are not components, and what they depend on is direct. A dependency is written "name",
"name version" or "name version (source)", whichever is needed to be unambiguous; v1 keeps
checksums in `[metadata]` rather than on each package.
"""

from __future__ import annotations

import re
from typing import Any

from pavedroad.analyzers.sca.parsers._documents import as_list, as_strings, as_table, as_text, load_toml
from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._lines import TOML_PACKAGE_NAME, KeyLines
from pavedroad.analyzers.sca.parsers._source import ManifestFile
from pavedroad.core.components import CRATES_IO, Component

# The `version` key first appeared in v3; v1 and v2 have none.
KNOWN_CARGO_LOCK_VERSIONS = (
    None,
    3,
    4,
)

_V1_CHECKSUM_KEY = re.compile(r"^checksum (\S+) (\S+) \((.+)\)$")


def parse_cargo_lock(file: ManifestFile) -> list[Component]:
    """The crates of a Cargo.lock, with the dependency graph from the workspace crates down."""
    document = load_toml(file)
    version = document.get("version")
    file.check_format("Cargo.lock version", version, KNOWN_CARGO_LOCK_VERSIONS, "version 4")
    checksums = _v1_checksums(as_table(document.get("metadata")))
    graph = PackageGraph()
    lines = KeyLines(file.text, TOML_PACKAGE_NAME)
    entries: list[tuple[str, dict[str, Any]]] = []
    workspace: list[dict[str, Any]] = []
    for value in as_list(document.get("package")):
        entry = as_table(value)
        name, crate_version = as_text(entry.get("name")), as_text(entry.get("version"))
        if name is None or crate_version is None:
            continue
        line = lines.take(name)
        if entry.get("source") is None:
            workspace.append(entry)
            continue
        checksum = as_text(entry.get("checksum")) or checksums.get((name, crate_version))
        key = f"{name} {crate_version}"
        graph.add(key, Package(name, crate_version, line, hashes=[f"sha256:{checksum}"] if checksum else []))
        entries.append((key, entry))
    by_name: dict[str, list[str]] = {}
    for key in graph.packages:
        by_name.setdefault(key.split(" ", 1)[0], []).append(key)
    for key, entry in entries:
        graph.packages[key].requires = _dependency_keys(graph, by_name, entry)
    for entry in workspace:
        for key in _dependency_keys(graph, by_name, entry):
            graph.mark_direct(key)
    return build_components(file, CRATES_IO, graph)


def _dependency_keys(graph: PackageGraph, by_name: dict[str, list[str]], entry: dict[str, Any]) -> list[str]:
    keys = []
    for dependency in as_strings(entry.get("dependencies")):
        words = dependency.split(" ")
        if len(words) >= 2:
            keys.append(f"{words[0]} {words[1]}")
        else:
            # Only the name: exactly one version of it is in the lockfile.
            keys.extend(by_name.get(words[0], []))
    return [key for key in keys if key in graph.packages]


def _v1_checksums(metadata: dict[str, Any]) -> dict[tuple[str, str], str]:
    checksums = {}
    for key, value in metadata.items():
        match = _V1_CHECKSUM_KEY.match(key)
        if match and isinstance(value, str) and value != "<none>":
            checksums[(match.group(1), match.group(2))] = value
    return checksums
