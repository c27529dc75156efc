"""Gemfile.lock and gems.locked.

Gems come from the `specs:` of GEM and GIT sections (four spaces in), each followed by
the gems it needs (six spaces in). PATH sections hold the project's own gems: not
components, and what they need is direct, as is everything under DEPENDENCIES. A
platform suffix ("1.15.4-x86_64-linux") is not part of the gem's version and is dropped;
Bundler 2.5+'s CHECKSUMS section gives hashes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._source import ManifestFile
from pavedroad.core.components import RUBYGEMS, Component

# Sections whose specs are gems from a registry or a repository.
GEM_SOURCES = frozenset({"GEM", "GIT", "PLUGIN SOURCE"})
# Sections whose specs are the project's own gems.
LOCAL_SOURCES = frozenset({"PATH"})
SPEC_INDENT = 4
SPEC_DEPENDENCY_INDENT = 6

_SPEC = re.compile(r"^(\S+) \(([^)]+)\)$")
_DEPENDENCY = re.compile(r"^(\S+?)!?(?: \(([^)]*)\))?$")
_CHECKSUM = re.compile(r"^(\S+) \(([^)]+)\)(?: (\S+))?$")
# RubyGems platforms as they appear after a version ("-x86_64-linux", "-arm64-darwin", "-java").
_PLATFORM_SUFFIX = re.compile(
    r"-(?:x86_64|x86|x64|i[3-6]86|arm\w*|aarch64|universal|java|jruby|mswin\w*|mingw\w*|darwin|linux|wasm\w*)(?:-.*)?$"
)


@dataclass(slots=True)
class _Reading:
    graph: PackageGraph = field(default_factory=PackageGraph)
    required: dict[str, list[str]] = field(default_factory=dict)
    local_required: list[str] = field(default_factory=list)
    declared: list[str] = field(default_factory=list)
    checksums: dict[str, list[str]] = field(default_factory=dict)


def parse_gemfile_lock(file: ManifestFile) -> list[Component]:
    """The gems of a Gemfile.lock, with the graph from DEPENDENCIES down."""
    reading = _Reading()
    section = ""
    current: str | None = None  # key of the spec whose dependencies follow, or "local"
    for number, raw in enumerate(file.text.splitlines(), start=1):
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        content = raw.strip()
        if indent == 0:
            section, current = content, None
        elif section in GEM_SOURCES | LOCAL_SOURCES:
            current = _read_spec_line(file, reading, section, current, indent, content, number)
        elif section == "DEPENDENCIES" and indent == 2:
            match = _DEPENDENCY.match(content)
            if match:
                reading.declared.append(match.group(1))
        elif section == "CHECKSUMS" and indent == 2:
            match = _CHECKSUM.match(content)
            if match and match.group(3):
                hashes = reading.checksums.setdefault(_gem_key(match.group(1), match.group(2)), [])
                hashes += [value.replace("=", ":", 1) for value in match.group(3).split(",")]
    return _build(file, reading)


def _read_spec_line(
    file: ManifestFile, reading: _Reading, section: str, current: str | None, indent: int, content: str, number: int
) -> str | None:
    if indent == SPEC_INDENT:
        match = _SPEC.match(content)
        if match is None:
            file.problem(f"unreadable gem spec {content!r}", number)
            return None
        if section in LOCAL_SOURCES:
            return "local"
        name, version = match.group(1), _PLATFORM_SUFFIX.sub("", match.group(2))
        key = _gem_key(name, version)
        reading.graph.add(key, Package(name, version, number))
        reading.required.setdefault(key, [])
        return key
    if indent == SPEC_DEPENDENCY_INDENT and current is not None:
        match = _DEPENDENCY.match(content)
        if match:
            target = reading.local_required if current == "local" else reading.required[current]
            target.append(match.group(1))
    return current


def _build(file: ManifestFile, reading: _Reading) -> list[Component]:
    graph = reading.graph
    by_name: dict[str, list[str]] = {}
    for key, package in graph.packages.items():
        by_name.setdefault(package.name, []).append(key)
        package.hashes = reading.checksums.get(key, [])
    for key, names in reading.required.items():
        graph.packages[key].requires = [target for name in names for target in by_name.get(name, [])]
    for name in [*reading.declared, *reading.local_required]:
        for key in by_name.get(name, []):
            graph.mark_direct(key)
    return build_components(file, RUBYGEMS, graph)


def _gem_key(name: str, version: str) -> str:
    return f"{name}@{_PLATFORM_SUFFIX.sub('', version)}"
