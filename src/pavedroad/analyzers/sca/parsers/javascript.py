"""npm: package.json, package-lock.json and npm-shrinkwrap.json (lockfile v1, v2, v3), installed node_modules.

Lockfile v2 and v3 list packages by install path (`node_modules/a/node_modules/@s/b`);
v1 nests them in `dependencies` trees, which are turned into the same paths. A
dependency is found the way Node finds it: in the requiring package's own node_modules,
then in each enclosing one up to the root. Direct dependencies are what the root
package (`packages[""]`, or the package.json beside a v1 lockfile) and any workspace
declare.
"""

from __future__ import annotations

import re
from typing import Any

from pavedroad.analyzers.sca.parsers._documents import as_list, as_table, as_text, load_json_object
from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._identity import version_is_valid
from pavedroad.analyzers.sca.parsers._lines import KeyLines, LineFinder
from pavedroad.analyzers.sca.parsers._source import ManifestError, ManifestFile
from pavedroad.core.components import NPM, Component

# package.json sections and the scope of what they declare.
DEPENDENCY_SECTIONS: tuple[tuple[str, str | None], ...] = (
    ("dependencies", None),
    ("devDependencies", "dev"),
    ("optionalDependencies", "optional"),
    ("peerDependencies", "peer"),
)
# Sections of an installed package whose names it pulls in (its own devDependencies are not installed).
INSTALLED_SECTIONS = ("dependencies", "optionalDependencies", "peerDependencies")
# package-lock flags and the scope they give, the first present winning.
LOCK_SCOPE_FLAGS: tuple[tuple[str, str], ...] = (
    ("dev", "dev"),
    ("devOptional", "dev"),
    ("optional", "optional"),
    ("peer", "peer"),
)
KNOWN_LOCKFILE_VERSIONS = (
    1,
    2,
    3,
)
MAX_V1_NESTING = 200
NODE_MODULES = "node_modules/"

# A key opening an object: each nested package of a v1 lockfile is one, in file order.
JSON_OBJECT_KEY = re.compile(r'^\s*"([^"]+)"\s*:\s*\{', re.MULTILINE)
_ALIAS = re.compile(r"^npm:((?:@[^/@]+/)?[^@]+)@(.*)$")


def split_alias(name: str, specifier: str) -> tuple[str, str]:
    """("string-width", "^4.2.0") for an alias spelled "npm:string-width@^4.2.0"; else unchanged."""
    match = _ALIAS.match(specifier)
    return (match.group(1), match.group(2)) if match else (name, specifier)


def exact_version(specifier: str) -> str | None:
    """The version an npm range pins exactly ("1.2.3", "=1.2.3", "v1.2.3"), else None."""
    candidate = specifier.strip().lstrip("=").strip()
    candidate = candidate[1:] if candidate.startswith("v") else candidate
    return candidate if version_is_valid(NPM, candidate) else None


def declared_dependencies(manifest: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """(name as declared, range, scope) for each dependency a package.json declares."""
    declared = []
    for section, scope in DEPENDENCY_SECTIONS:
        for name, specifier in as_table(manifest.get(section)).items():
            if isinstance(specifier, str):
                declared.append((name, specifier, scope))
    return declared


def sibling_package_json(file: ManifestFile) -> dict[str, Any] | None:
    """The package.json beside a lockfile, or None when it is missing or unreadable."""
    manifest = file.sibling("package.json")
    if manifest is None:
        return None
    try:
        return load_json_object(manifest)
    except ManifestError:
        return None


def parse_package_json(file: ManifestFile) -> list[Component]:
    """The dependencies a package.json declares; exact versions are pinned, ranges kept as specifiers."""
    manifest = load_json_object(file)
    finder = LineFinder(file.text)
    graph = PackageGraph(has_graph=False)
    for section, scope in DEPENDENCY_SECTIONS:
        finder.seek(f'"{section}"')
        for declared_name, specifier in as_table(manifest.get(section)).items():
            line = finder.find(f'"{declared_name}"')
            if not isinstance(specifier, str):
                file.problem(f"{section}.{declared_name} is not a version string", line)
                continue
            name, real_specifier = split_alias(declared_name, specifier)
            key = f"{section}:{declared_name}"
            graph.add(key, Package(name, exact_version(real_specifier), line, specifier=specifier, scope=scope))
            graph.mark_direct(key, scope)
    return build_components(file, NPM, graph)


def parse_package_lock(file: ManifestFile) -> list[Component]:
    """Packages of a package-lock.json or npm-shrinkwrap.json, v1, v2 or v3."""
    document = load_json_object(file)
    lockfile_version = document.get("lockfileVersion")
    file.check_format("lockfileVersion", lockfile_version, KNOWN_LOCKFILE_VERSIONS, "the nearest known format")
    graph = PackageGraph()
    finder = LineFinder(file.text)
    if isinstance(document.get("packages"), dict):
        importers = _read_packages(file, document["packages"], graph, finder)
    else:
        required: dict[str, list[str]] = {}
        lines = KeyLines(file.text, JSON_OBJECT_KEY)
        _read_v1_tree(file, as_table(document.get("dependencies")), "", graph, lines, required, depth=0)
        _resolve_required(graph, required)
        manifest = sibling_package_json(file)
        importers = {"": manifest} if manifest is not None else {}
    for path, manifest in importers.items():
        for name, _, scope in declared_dependencies(manifest):
            graph.mark_direct(_resolve(graph, path, name), scope)
    if not importers:
        graph.infer_direct()
    return build_components(file, NPM, graph)


def parse_installed_package(file: ManifestFile) -> list[Component]:
    """The one package an installed node_modules/<name>/package.json describes."""
    manifest = load_json_object(file)
    name, version = as_text(manifest.get("name")), as_text(manifest.get("version"))
    if name is None or version is None:
        raise ManifestError("installed package.json without a name and version", 1)
    required = [dependency for section in INSTALLED_SECTIONS for dependency in as_table(manifest.get(section))]
    graph = PackageGraph(has_graph=False)
    graph.add(
        name,
        Package(
            name,
            version,
            LineFinder(file.text).find('"version"'),
            licenses=_licenses(manifest),
            required_names=list(dict.fromkeys(required)),
        ),
    )
    return build_components(file, NPM, graph)


def _read_packages(
    file: ManifestFile, packages: dict[str, Any], graph: PackageGraph, finder: LineFinder
) -> dict[str, dict[str, Any]]:
    """Lockfile v2/v3 `packages`: fills `graph` and returns the importers (root and workspaces)."""
    importers: dict[str, dict[str, Any]] = {}
    required: dict[str, list[str]] = {}
    for path, value in packages.items():
        entry = as_table(value)
        if not path.startswith(NODE_MODULES) and f"/{NODE_MODULES}" not in path:
            importers[path] = entry
            continue
        if entry.get("link") is True:
            continue  # A workspace linked into node_modules: the project's own code.
        line = finder.find(f'"{path}"')
        name = as_text(entry.get("name")) or path.rsplit(NODE_MODULES, 1)[1]
        graph.add(path, _lock_package(name, as_text(entry.get("version")), entry, line))
        required[path] = [name for section in INSTALLED_SECTIONS for name in as_table(entry.get(section))]
    _resolve_required(graph, required)
    return importers


def _read_v1_tree(
    file: ManifestFile,
    dependencies: dict[str, Any],
    parent: str,
    graph: PackageGraph,
    lines: KeyLines,
    required: dict[str, list[str]],
    depth: int,
) -> None:
    """Lockfile v1 nested `dependencies`, visited in file order so line numbers follow along."""
    if depth > MAX_V1_NESTING:
        file.problem(f"dependencies nested more than {MAX_V1_NESTING} deep; the rest was not read")
        return
    for name, value in dependencies.items():
        entry = as_table(value)
        path = f"{parent}/{NODE_MODULES}{name}" if parent else f"{NODE_MODULES}{name}"
        line = lines.take(name)
        real_name, version = split_alias(name, as_text(entry.get("version")) or "")
        graph.add(path, _lock_package(real_name, version or None, entry, line))
        required[path] = list(as_table(entry.get("requires")))
        _read_v1_tree(file, as_table(entry.get("dependencies")), path, graph, lines, required, depth + 1)


def _resolve_required(graph: PackageGraph, required: dict[str, list[str]]) -> None:
    for path, names in required.items():
        graph.packages[path].requires = [key for name in names if (key := _resolve(graph, path, name))]


def _lock_package(name: str, version: str | None, entry: dict[str, Any], line: int | None) -> Package:
    scope = next((scope for flag, scope in LOCK_SCOPE_FLAGS if entry.get(flag) is True), None)
    integrity = as_text(entry.get("integrity"))
    package = Package(
        name,
        version,
        line,
        hashes=integrity.split() if integrity else [],
        licenses=_licenses(entry),
        scope=scope,
    )
    if version is not None and not version[:1].isdigit():
        # A git, tarball or file dependency: the "version" is where it came from.
        package.version, package.specifier, package.check_version = None, version, False
    return package


def _resolve(graph: PackageGraph, from_path: str, name: str) -> str | None:
    """The install path Node would load `name` from when required by the package at `from_path`."""
    base = from_path
    while True:
        candidate = f"{base}/{NODE_MODULES}{name}" if base else f"{NODE_MODULES}{name}"
        if candidate in graph.packages:
            return candidate
        if not base:
            return None
        cut = base.rfind(f"/{NODE_MODULES}")
        base = base[:cut] if cut >= 0 else ""


def _licenses(manifest: dict[str, Any]) -> list[str]:
    license_field = manifest.get("license")
    if isinstance(license_field, dict):
        license_field = license_field.get("type")
    if isinstance(license_field, str) and license_field:
        return [license_field]
    legacy = [as_text(as_table(item).get("type")) for item in as_list(manifest.get("licenses"))]
    return [value for value in legacy if value]
