"""From packages read out of a file to Components: direct flags, dependency paths, scopes, purls.

Every parser builds a `PackageGraph` — packages under keys of its choosing, the keys each
package requires, and which keys the project depends on directly — and `build_components`
does the rest the same way for every format.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from pavedroad.analyzers.sca.parsers._identity import make_purl, version_is_valid
from pavedroad.analyzers.sca.parsers._source import ManifestFile
from pavedroad.core.components import Component

# When a package is reached from direct dependencies of several scopes, the first listed wins.
SCOPE_PRECEDENCE: tuple[str | None, ...] = (None, "optional", "peer", "dev")


@dataclass(slots=True)
class Package:
    """A package as read from a file, before its place in the graph is known."""

    name: str
    version: str | None
    line: int | None = None
    specifier: str | None = None
    hashes: list[str] = field(default_factory=list)
    licenses: list[str] = field(default_factory=list)
    scope: str | None = None
    requires: list[str] = field(default_factory=list)  # keys of other packages in the graph
    required_names: list[str] = field(default_factory=list)  # names of packages described in other files
    source: str | None = None  # the file the entry is in, when not the parsed file itself
    check_version: bool = True  # False for versions that are not registry versions by design

    def absorb(self, other: Package) -> None:
        """Merge a second entry for the same package (another platform, peer set or target framework)."""
        self.requires.extend(key for key in other.requires if key not in self.requires)
        self.hashes.extend(value for value in other.hashes if value not in self.hashes)
        self.licenses.extend(value for value in other.licenses if value not in self.licenses)
        if self.line is None:
            self.line = other.line
        if SCOPE_PRECEDENCE.index(other.scope) < SCOPE_PRECEDENCE.index(self.scope):
            self.scope = other.scope


@dataclass(slots=True)
class PackageGraph:
    """The packages of one file, keyed as the parser likes, and the keys the project uses directly.

    `has_graph` says whether `requires` is known; without it no dependency paths are made.
    `scopes_from_roots` makes each transitive package take the scope of the direct
    dependencies that bring it in, for files that do not flag dev packages themselves.
    """

    packages: dict[str, Package] = field(default_factory=dict)
    direct: dict[str, str | None] = field(default_factory=dict)  # key → the scope it is declared in
    has_graph: bool = True
    scopes_from_roots: bool = False

    def add(self, key: str, package: Package) -> Package:
        """Add `package` under `key`, merging it into an earlier entry with the same key."""
        existing = self.packages.get(key)
        if existing is None:
            self.packages[key] = package
            return package
        existing.absorb(package)
        return existing

    def mark_direct(self, key: str | None, scope: str | None = None) -> None:
        """Record that the project depends on `key` directly, in `scope` when the file says."""
        if key is None or key not in self.packages:
            return
        if key not in self.direct or SCOPE_PRECEDENCE.index(scope) < SCOPE_PRECEDENCE.index(self.direct[key]):
            self.direct[key] = scope

    def infer_direct(self) -> None:
        """Without root information, take the packages nothing else requires as the direct ones."""
        required = {key for package in self.packages.values() for key in package.requires}
        for key in self.packages:
            if key not in required:
                self.mark_direct(key, self.packages[key].scope)


def build_components(file: ManifestFile, ecosystem: str, graph: PackageGraph) -> list[Component]:
    """The Components of `graph`, with a problem recorded for each version the ecosystem cannot order."""
    direct = graph.direct
    parents = _shortest_paths(graph) if graph.has_graph else {}
    if graph.scopes_from_roots:
        _inherit_scopes(graph)
    components = []
    for key, package in graph.packages.items():
        if not package.name:
            file.problem("an entry without a package name", package.line, package.source)
            continue
        if package.version is not None and package.check_version and not version_is_valid(ecosystem, package.version):
            file.problem(
                f"unparsable {ecosystem} version {package.version!r} for {package.name}",
                package.line,
                package.source,
            )
        components.append(
            Component(
                ecosystem=ecosystem,
                name=package.name,
                version=package.version,
                source=package.source or file.path,
                line=package.line,
                direct=key in direct,
                dependency_path=_path_names(graph, parents, key),
                specifier=package.specifier,
                purl=make_purl(ecosystem, package.name, package.version),
                hashes=tuple(package.hashes),
                licenses=tuple(package.licenses),
                scope=package.scope,
                dependencies=_dependency_names(graph, package),
            )
        )
    return components


def _shortest_paths(graph: PackageGraph) -> dict[str, str | None]:
    """Breadth-first from the direct keys: each reached key's predecessor (None for a direct one)."""
    parents: dict[str, str | None] = dict.fromkeys(graph.direct)
    queue = deque(graph.direct)
    while queue:
        key = queue.popleft()
        for required in graph.packages[key].requires:
            if required in graph.packages and required not in parents:
                parents[required] = key
                queue.append(required)
    return parents


def _path_names(graph: PackageGraph, parents: dict[str, str | None], key: str) -> tuple[str, ...]:
    if key not in parents:
        return ()
    names: list[str] = []
    current: str | None = key
    while current is not None:
        names.append(graph.packages[current].name)
        current = parents[current]
    return tuple(reversed(names))


def _inherit_scopes(graph: PackageGraph) -> None:
    """Give each package the most runtime-like scope among the direct ones that reach it."""
    assigned: set[str] = set()
    for scope in SCOPE_PRECEDENCE:
        roots = [key for key, declared in graph.direct.items() if declared == scope]
        for key in _reachable(graph, roots):
            if key not in assigned:
                assigned.add(key)
                graph.packages[key].scope = scope


def _reachable(graph: PackageGraph, roots: Iterable[str]) -> list[str]:
    seen = set(roots)
    queue = deque(seen)
    order = []
    while queue:
        key = queue.popleft()
        order.append(key)
        for required in graph.packages[key].requires:
            if required in graph.packages and required not in seen:
                seen.add(required)
                queue.append(required)
    return order


def _dependency_names(graph: PackageGraph, package: Package) -> tuple[str, ...]:
    names = [graph.packages[key].name for key in package.requires if key in graph.packages]
    return tuple(dict.fromkeys([*names, *package.required_names]))
