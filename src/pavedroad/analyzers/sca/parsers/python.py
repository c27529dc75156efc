"""Python lockfiles: poetry.lock, Pipfile.lock, uv.lock and pdm.lock.

Direct dependencies come from the lockfile's own root information where it has some
(uv.lock's project entry), else from the manifest beside it (pyproject.toml for Poetry
and PDM, Pipfile for Pipenv); without either, the packages nothing else requires are
taken as the direct ones. Names are PEP 503 normalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from pavedroad.analyzers.sca.parsers._documents import (
    as_list,
    as_strings,
    as_table,
    as_text,
    load_json_object,
    load_toml,
)
from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._lines import TOML_PACKAGE_NAME, KeyLines, LineFinder
from pavedroad.analyzers.sca.parsers._source import ManifestFile
from pavedroad.analyzers.sca.parsers.python_manifests import (
    LOCATION_KEYS,
    PIPFILE_TABLES,
    PYPROJECT_TABLES,
    declared_scopes,
    optional_groups,
)
from pavedroad.core.components import PYPI, Component

KNOWN_POETRY_LOCK_VERSIONS = (
    "1.0",
    "1.1",
    "1.2",
    "2.0",
    "2.1",
)
KNOWN_PIPFILE_SPECS = (6,)
KNOWN_UV_LOCK_VERSIONS = (1,)
KNOWN_PDM_LOCK_MAJORS = (
    "3",
    "4",
)
# uv.lock sources that are the project (or a workspace member) itself rather than a package.
UV_PROJECT_SOURCES = ("editable", "virtual")
# Pipfile.lock sections and the scope of their packages.
PIPFILE_LOCK_SECTIONS: tuple[tuple[str, str | None], ...] = (("default", None), ("develop", "dev"))
# Group names PDM and Poetry use for the runtime dependencies.
RUNTIME_GROUPS = frozenset({"main", "default"})

_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


class _NameIndex:
    """Package keys by normalised name: a lockfile may hold one name at several versions."""

    def __init__(self) -> None:
        self._keys: dict[str, list[str]] = {}

    def add(self, name: str, key: str) -> None:
        keys = self._keys.setdefault(name, [])
        if key not in keys:
            keys.append(key)

    def keys(self, name: str) -> list[str]:
        return self._keys.get(str(canonicalize_name(name)), [])

    def resolve(self, graph: PackageGraph, required_names: dict[str, list[str]]) -> None:
        """Turn each package's required names into the keys of the packages with those names."""
        for key, names in required_names.items():
            graph.packages[key].requires = [target for name in names for target in self.keys(name)]


def parse_poetry_lock(file: ManifestFile) -> list[Component]:
    """Packages of a poetry.lock; direct ones from the pyproject.toml beside it."""
    document = load_toml(file)
    metadata = as_table(document.get("metadata"))
    lock_version = as_text(metadata.get("lock-version"))
    file.check_format(
        "poetry.lock lock-version", lock_version, KNOWN_POETRY_LOCK_VERSIONS, "lock-version 2.1", line=None
    )
    legacy_hashes = {canonicalize_name(key): value for key, value in as_table(metadata.get("files")).items()}
    graph, names = PackageGraph(), _NameIndex()
    required: dict[str, list[str]] = {}
    explicit_scopes = False
    lines = KeyLines(file.text, TOML_PACKAGE_NAME)
    for entry in _table_entries(file, document.get("package")):
        name, version = as_text(entry.get("name")), as_text(entry.get("version"))
        if name is None:
            continue
        groups = as_strings(entry.get("groups"))
        category = as_text(entry.get("category"))
        explicit_scopes = explicit_scopes or bool(groups) or category is not None
        scope = _group_scope(groups or ([category] if category else []), frozenset())
        if scope is None and entry.get("optional") is True:
            scope = "optional"
        files = as_list(entry.get("files")) or as_list(legacy_hashes.get(canonicalize_name(name)))
        package = Package(
            name=str(canonicalize_name(name)),
            version=version,
            line=lines.take(name),
            hashes=_file_hashes(files),
            scope=scope,
        )
        key = _add(graph, names, package)
        required[key] = list(as_table(entry.get("dependencies")))
    names.resolve(graph, required)
    graph.scopes_from_roots = not explicit_scopes
    _mark_declared(graph, names, declared_scopes(file, "pyproject.toml", PYPROJECT_TABLES))
    return build_components(file, PYPI, graph)


def parse_pipfile_lock(file: ManifestFile) -> list[Component]:
    """Packages of a Pipfile.lock ("default" and "develop"); direct ones from the Pipfile beside it."""
    document = load_json_object(file)
    spec = as_table(document.get("_meta")).get("pipfile-spec")
    file.check_format("Pipfile.lock pipfile-spec", spec, KNOWN_PIPFILE_SPECS, "version 6")
    graph, names = PackageGraph(has_graph=False), _NameIndex()
    finder = LineFinder(file.text)
    for section, scope in PIPFILE_LOCK_SECTIONS:
        finder.seek(f'"{section}"')
        for name, entry in as_table(document.get(section)).items():
            details = as_table(entry)
            line = finder.find(f'"{name}"')
            if names.keys(name):
                continue  # In both sections: the runtime entry stands.
            pinned = as_text(details.get("version"))
            location = next((str(details[key]) for key in LOCATION_KEYS if key in details), None)
            package = Package(
                name=str(canonicalize_name(name)),
                version=pinned.removeprefix("==") if pinned and pinned.startswith("==") else None,
                line=line,
                specifier=f"@ {location}" if location else pinned,
                hashes=as_strings(details.get("hashes")),
                scope=scope,
            )
            _add(graph, names, package)
    _mark_declared(graph, names, declared_scopes(file, "Pipfile", PIPFILE_TABLES), infer=False)
    return build_components(file, PYPI, graph)


def parse_uv_lock(file: ManifestFile) -> list[Component]:
    """Packages of a uv.lock; the project entries (editable or virtual sources) give the direct ones."""
    document = load_toml(file)
    version = document.get("version")
    file.check_format("uv.lock version", version, KNOWN_UV_LOCK_VERSIONS, "version 1")
    graph, names = PackageGraph(scopes_from_roots=True), _NameIndex()
    required: dict[str, list[tuple[str, str | None]]] = {}
    projects: list[dict[str, Any]] = []
    lines = KeyLines(file.text, TOML_PACKAGE_NAME)
    for entry in _table_entries(file, document.get("package")):
        name = as_text(entry.get("name"))
        if name is None:
            continue
        line = lines.take(name)
        if any(key in as_table(entry.get("source")) for key in UV_PROJECT_SOURCES):
            projects.append(entry)
            continue
        files = [as_table(entry.get("sdist")), *map(as_table, as_list(entry.get("wheels")))]
        package = Package(str(canonicalize_name(name)), as_text(entry.get("version")), line, hashes=_file_hashes(files))
        key = _add(graph, names, package)
        dependencies = as_list(entry.get("dependencies"))
        for extra in as_table(entry.get("optional-dependencies")).values():
            dependencies += as_list(extra)
        required[key] = [_uv_reference(dependency) for dependency in dependencies]
    for key, references in required.items():
        graph.packages[key].requires = [target for reference in references for target in _uv_keys(names, reference)]
    for project in projects:
        _mark_uv_project(graph, names, project)
    if not projects:
        graph.infer_direct()
    return build_components(file, PYPI, graph)


def parse_pdm_lock(file: ManifestFile) -> list[Component]:
    """Packages of a pdm.lock; direct ones from the pyproject.toml beside it."""
    document = load_toml(file)
    metadata = as_table(document.get("metadata"))
    lock_version = as_text(metadata.get("lock_version"))
    major = lock_version.split(".", 1)[0] if lock_version else None
    file.check_format("pdm.lock lock_version", major, KNOWN_PDM_LOCK_MAJORS, "version 4", line=None, shown=lock_version)
    legacy_hashes = as_table(metadata.get("files"))
    optional = optional_groups(file)
    graph, names = PackageGraph(), _NameIndex()
    required: dict[str, list[str]] = {}
    explicit_scopes = False
    lines = KeyLines(file.text, TOML_PACKAGE_NAME)
    for entry in _table_entries(file, document.get("package")):
        name, version = as_text(entry.get("name")), as_text(entry.get("version"))
        if name is None:
            continue
        groups = as_strings(entry.get("groups"))
        explicit_scopes = explicit_scopes or bool(groups)
        files = as_list(entry.get("files")) or as_list(legacy_hashes.get(f"{name} {version}"))
        package = Package(
            name=str(canonicalize_name(name)),
            version=version,
            line=lines.take(name),
            hashes=_file_hashes(files),
            scope=_group_scope(groups, optional),
        )
        key = _add(graph, names, package)
        required[key] = [*required.get(key, []), *map(_requirement_name, as_strings(entry.get("dependencies")))]
    names.resolve(graph, required)
    graph.scopes_from_roots = not explicit_scopes
    _mark_declared(graph, names, declared_scopes(file, "pyproject.toml", PYPROJECT_TABLES))
    return build_components(file, PYPI, graph)


def _table_entries(file: ManifestFile, value: object) -> list[dict[str, Any]]:
    entries = as_list(value)
    if value is not None and not isinstance(value, list):
        file.problem("expected [[package]] entries")
    return [entry for entry in entries if isinstance(entry, dict)]


def _add(graph: PackageGraph, names: _NameIndex, package: Package) -> str:
    key = f"{package.name}@{package.version}"
    graph.add(key, package)
    names.add(package.name, key)
    return key


def _file_hashes(files: Iterable[object]) -> list[str]:
    hashes = (as_text(as_table(entry).get("hash")) for entry in files)
    return list(dict.fromkeys(value for value in hashes if value))


def _group_scope(groups: list[str], optional: frozenset[str]) -> str | None:
    if not groups or RUNTIME_GROUPS.intersection(groups):
        return None
    return "optional" if optional.intersection(groups) else "dev"


def _mark_declared(
    graph: PackageGraph, names: _NameIndex, declared: dict[str, str | None] | None, infer: bool = True
) -> None:
    """Mark the packages a sibling manifest declares as direct; without one, infer them if asked."""
    if declared is None:
        if infer:
            graph.infer_direct()
        return
    for name, scope in declared.items():
        for key in names.keys(name):
            graph.mark_direct(key, scope)


def _requirement_name(text: str) -> str:
    try:
        return Requirement(text).name
    except InvalidRequirement:
        match = _REQUIREMENT_NAME.match(text)
        return match.group(1) if match else text


def _uv_reference(dependency: object) -> tuple[str, str | None]:
    table = as_table(dependency)
    return as_text(table.get("name")) or "", as_text(table.get("version"))


def _uv_keys(names: _NameIndex, reference: tuple[str, str | None]) -> list[str]:
    name, version = reference
    keys = names.keys(name)
    if version is None:
        return keys
    return [key for key in keys if key == f"{canonicalize_name(name)}@{version}"]


def _mark_uv_project(graph: PackageGraph, names: _NameIndex, project: dict[str, Any]) -> None:
    declared: list[tuple[object, str | None]] = [(item, None) for item in as_list(project.get("dependencies"))]
    for extra in as_table(project.get("optional-dependencies")).values():
        declared += [(item, "optional") for item in as_list(extra)]
    for group in as_table(project.get("dev-dependencies")).values():
        declared += [(item, "dev") for item in as_list(group)]
    for item, scope in declared:
        for key in _uv_keys(names, _uv_reference(item)):
            graph.mark_direct(key, scope)
