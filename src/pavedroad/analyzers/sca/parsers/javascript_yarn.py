"""yarn.lock, classic (v1, yarn's own line format) and berry (YAML with `__metadata`).

Both map descriptors ("name@range", several per entry) to one resolved package. A
package's dependencies are looked up by their descriptor, so "debug@2.6.9" and
"debug@^4.1.0" reach the right version each. The lockfile does not say which packages
the project uses directly: classic lockfiles take that from the package.json beside
them; berry lockfiles list the workspaces themselves.

Berry's `checksum` is a hash of yarn's own zip archive of the package, not of anything a
registry publishes, so it is not reported as the package's hash.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from pavedroad.analyzers.sca.parsers._documents import as_table, as_text, load_yaml_mapping
from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._lines import KeyLines
from pavedroad.analyzers.sca.parsers._source import ManifestFile
from pavedroad.analyzers.sca.parsers.javascript import declared_dependencies, sibling_package_json, split_alias
from pavedroad.core.components import NPM, Component

BERRY_MARKER = re.compile(r"^__metadata:", re.MULTILINE)
KNOWN_BERRY_VERSIONS = (
    "4",
    "5",
    "6",
    "7",
    "8",
)
# Classic entry blocks that name dependencies to install.
CLASSIC_DEPENDENCY_BLOCKS = frozenset({"dependencies", "optionalDependencies"})
# Berry resolutions under these protocols are the project's own code, not packages.
BERRY_LOCAL_PROTOCOLS = frozenset({"workspace", "link", "portal"})

# A top-level key of a berry lockfile: the entry's descriptors, usually quoted.
BERRY_ENTRY_KEY = re.compile(r'^(?:"([^"]+)"|([^\s"#][^:]*)):', re.MULTILINE)
_SHA1_FRAGMENT = re.compile(r"#([0-9a-f]{40})$")
_PROTOCOL = re.compile(r"^[a-z][a-z+]*:")


def parse_yarn_lock(file: ManifestFile) -> list[Component]:
    """Packages of a yarn.lock, classic or berry."""
    if BERRY_MARKER.search(file.text):
        return _parse_berry(file)
    return _parse_classic(file)


def split_descriptor(descriptor: str) -> tuple[str, str]:
    """("@babel/core", "^7.0.0") from "@babel/core@^7.0.0"."""
    at = descriptor.find("@", 1)
    return (descriptor, "") if at < 0 else (descriptor[:at], descriptor[at + 1 :])


@dataclass(slots=True)
class ClassicEntry:
    """One block of a classic yarn.lock: its descriptors, fields and dependency ranges."""

    descriptors: list[str]
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    dependencies: dict[str, str] = field(default_factory=dict)


def read_classic_entries(file: ManifestFile) -> list[ClassicEntry]:
    """The blocks of a classic yarn.lock; a line that fits nowhere is a problem, and reading goes on."""
    entries: list[ClassicEntry] = []
    block: str | None = None
    for number, raw in enumerate(file.text.splitlines(), start=1):
        content = raw.strip()
        if not content or content.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if indent == 0 and content.endswith(":"):
            descriptors = [_unquote(part.strip()) for part in content[:-1].split(",")]
            entries.append(ClassicEntry(descriptors, number))
            block = None
        elif not entries or indent == 0:
            file.problem(f"unexpected line in yarn.lock: {content[:60]!r}", number)
        elif indent == 2 and content.endswith(":"):
            block = content[:-1]
        elif indent == 2:
            key, value = _key_value(content)
            entries[-1].fields[key] = value
            block = None
        elif block in CLASSIC_DEPENDENCY_BLOCKS:
            key, value = _key_value(content)
            entries[-1].dependencies[key] = value
    return entries


def _parse_classic(file: ManifestFile) -> list[Component]:
    graph = PackageGraph(scopes_from_roots=True)
    by_descriptor: dict[str, str] = {}
    required: dict[str, list[str]] = {}
    for entry in read_classic_entries(file):
        name, range_ = split_descriptor(entry.descriptors[0])
        name, _ = split_alias(name, range_)
        version = entry.fields.get("version")
        if version is None:
            file.problem(f"no version for {entry.descriptors[0]}", entry.line)
            continue
        key = f"{name}@{version}"
        graph.add(key, Package(name, version, entry.line, hashes=_classic_hashes(entry.fields)))
        by_descriptor.update(dict.fromkeys(entry.descriptors, key))
        required[key] = [*required.get(key, []), *(f"{dep}@{spec}" for dep, spec in entry.dependencies.items())]
    for key, descriptors in required.items():
        graph.packages[key].requires = [by_descriptor[d] for d in descriptors if d in by_descriptor]
    _mark_from_package_json(file, graph, by_descriptor)
    return build_components(file, NPM, graph)


def _parse_berry(file: ManifestFile) -> list[Component]:
    document = load_yaml_mapping(file)
    metadata_version = as_table(document.get("__metadata")).get("version")
    shown = None if metadata_version is None else str(metadata_version)
    file.check_format("yarn.lock __metadata version", shown, KNOWN_BERRY_VERSIONS, "the latest known format")
    graph = PackageGraph(scopes_from_roots=True)
    lines = KeyLines(file.text, BERRY_ENTRY_KEY)
    by_descriptor: dict[str, str] = {}
    required: dict[str, list[str]] = {}
    workspaces: list[tuple[str, dict[str, Any]]] = []
    for descriptors_text, value in document.items():
        entry = as_table(value)
        if descriptors_text == "__metadata" or not entry:
            continue
        descriptors = [descriptor.strip() for descriptor in str(descriptors_text).split(",")]
        line = lines.take(str(descriptors_text))
        resolution = as_text(entry.get("resolution")) or descriptors[0]
        name, reference = split_descriptor(resolution)
        dependencies = [_berry_descriptor(dep, str(spec)) for dep, spec in as_table(entry.get("dependencies")).items()]
        protocol = reference.split(":", 1)[0]
        if protocol in BERRY_LOCAL_PROTOCOLS:
            if protocol == "workspace":
                workspaces.append((reference.split(":", 1)[1], entry))
            continue
        version = as_text(entry.get("version"))
        key = f"{name}@{version}"
        graph.add(key, Package(name, version, line))
        by_descriptor.update(dict.fromkeys(descriptors, key))
        required[key] = [*required.get(key, []), *dependencies]
    for key, descriptors in required.items():
        graph.packages[key].requires = [by_descriptor[d] for d in descriptors if d in by_descriptor]
    scopes = _root_scopes(file)
    for _, workspace in workspaces:
        for dependency, spec in as_table(workspace.get("dependencies")).items():
            graph.mark_direct(by_descriptor.get(_berry_descriptor(dependency, str(spec))), scopes.get(dependency))
    if not workspaces:
        graph.infer_direct()
    return build_components(file, NPM, graph)


def _berry_descriptor(name: str, spec: str) -> str:
    """Berry writes "express: ^4.18.2" for the descriptor "express@npm:^4.18.2"."""
    return f"{name}@{spec}" if _PROTOCOL.match(spec) else f"{name}@npm:{spec}"


def _root_scopes(file: ManifestFile) -> dict[str, str | None]:
    manifest = sibling_package_json(file)
    scopes: dict[str, str | None] = {}
    for name, _, scope in declared_dependencies(manifest or {}):
        scopes.setdefault(name, scope)
    return scopes


def _mark_from_package_json(file: ManifestFile, graph: PackageGraph, by_descriptor: dict[str, str]) -> None:
    manifest = sibling_package_json(file)
    if manifest is None:
        graph.infer_direct()
        return
    for name, specifier, scope in declared_dependencies(manifest):
        graph.mark_direct(by_descriptor.get(f"{name}@{specifier}"), scope)


def _classic_hashes(fields: dict[str, str]) -> list[str]:
    if "integrity" in fields:
        return fields["integrity"].split()
    sha1 = _SHA1_FRAGMENT.search(fields.get("resolved", ""))
    return [f"sha1:{sha1.group(1)}"] if sha1 else []


def _key_value(content: str) -> tuple[str, str]:
    if content.startswith('"'):
        end = content.find('"', 1)
        while end > 0 and content[end - 1] == "\\":
            end = content.find('"', end + 1)
        if end > 0:
            return _unquote(content[: end + 1]), _unquote(content[end + 1 :].strip())
    key, _, value = content.partition(" ")
    return key, _unquote(value.strip())


def _unquote(text: str) -> str:
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return text[1:-1]
        return value if isinstance(value, str) else text[1:-1]
    return text
