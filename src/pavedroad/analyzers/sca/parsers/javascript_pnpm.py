"""pnpm-lock.yaml: lockfile v5 ("/name/1.0.0"), v6 ("/name@1.0.0") and v9 ("name@1.0.0" plus `snapshots`).

Package ids may carry a peer-dependency suffix ("(react@18.2.0)" in v6/v9, "_react@18.2.0"
in v5); one package at one version is one component whatever its peer sets. Importers
(the root, or each workspace under `importers`) give the direct dependencies and their
scopes. v5 and v6 flag dev packages themselves; v9 does not, so there a package's scope
comes from the direct dependencies that bring it in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pavedroad.analyzers.sca.parsers._documents import as_table, as_text, load_yaml_mapping
from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._lines import KeyLines
from pavedroad.analyzers.sca.parsers._source import ManifestFile
from pavedroad.analyzers.sca.parsers.javascript import DEPENDENCY_SECTIONS, LOCK_SCOPE_FLAGS
from pavedroad.core.components import NPM, Component

# Importer sections that can name packages to install (peers are named by the packages that need them).
IMPORTER_SECTIONS = tuple((section, scope) for section, scope in DEPENDENCY_SECTIONS if section != "peerDependencies")
# Dependency references under these protocols point at the project's own code.
LOCAL_REFERENCES = ("link:", "workspace:")
PACKAGE_DEPENDENCY_SECTIONS = ("dependencies", "optionalDependencies")


@dataclass(frozen=True, slots=True)
class LockDialect:
    """How one pnpm lockfile generation spells package ids."""

    major: str
    leading_slash: bool  # "/name@1.0.0" (v5, v6) rather than "name@1.0.0" (v9)
    version_separator: str  # "/" in v5, "@" after
    flags_scopes: bool  # packages carry `dev`/`optional` flags


DIALECTS: dict[str, LockDialect] = {
    "5": LockDialect("5", True, "/", True),
    "6": LockDialect("6", True, "@", True),
    "9": LockDialect("9", False, "@", False),
}

# An entry key two spaces in, as pnpm writes package ids under `packages:` and `snapshots:`.
ENTRY_KEY = re.compile(r"""^  (?:'([^']+)'|"([^"]+)"|([^\s'"#][^:]*)):""", re.MULTILINE)
_PEER_SUFFIX_V6 = re.compile(r"\(.*\)$")
_PEER_SUFFIX_V5 = re.compile(r"_[^/]*$")


def parse_pnpm_lock(file: ManifestFile) -> list[Component]:
    """Packages of a pnpm-lock.yaml, v5, v6 or v9."""
    document = load_yaml_mapping(file)
    declared = document.get("lockfileVersion")
    version = None if declared is None else str(declared)
    major = version.split(".", 1)[0] if version else None
    file.check_format("pnpm lockfileVersion", major, tuple(DIALECTS), "version 9", shown=version)
    dialect = DIALECTS.get(major or "", DIALECTS["9"])
    graph = PackageGraph(scopes_from_roots=not dialect.flags_scopes)
    lines = KeyLines(file.text, ENTRY_KEY)
    packages = as_table(document.get("packages"))
    snapshots = as_table(document.get("snapshots")) if dialect.major == "9" else packages
    for package_id, value in packages.items():
        entry = as_table(value)
        name, package_version = _name_and_version(str(package_id), entry, dialect)
        line = lines.take(str(package_id))
        graph.add(f"{name}@{package_version}", _package(name, package_version, entry, line, dialect))
    for snapshot_id, value in snapshots.items():
        name, package_version = _name_and_version(str(snapshot_id), as_table(value), dialect)
        key = f"{name}@{package_version}"
        if key not in graph.packages:
            continue
        for section in PACKAGE_DEPENDENCY_SECTIONS:
            for dependency, reference in as_table(as_table(value).get(section)).items():
                target = _reference_key(str(dependency), str(reference), dialect)
                if target is not None and target not in graph.packages[key].requires:
                    graph.packages[key].requires.append(target)
    for importer in _importers(document):
        for section, scope in IMPORTER_SECTIONS:
            for dependency, reference in as_table(importer.get(section)).items():
                resolved = as_table(reference).get("version") if isinstance(reference, dict) else reference
                graph.mark_direct(_reference_key(str(dependency), str(resolved), dialect), scope)
    return build_components(file, NPM, graph)


def _importers(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The workspaces of a monorepo lockfile, or the top level of a single-project one."""
    importers = as_table(document.get("importers"))
    return [as_table(importer) for importer in importers.values()] if importers else [document]


def _package(name: str, version: str, entry: dict[str, Any], line: int | None, dialect: LockDialect) -> Package:
    integrity = as_text(as_table(entry.get("resolution")).get("integrity"))
    scope = None
    if dialect.flags_scopes:
        scope = next((scope for flag, scope in LOCK_SCOPE_FLAGS if entry.get(flag) is True), None)
    return Package(name, version, line, hashes=[integrity] if integrity else [], scope=scope)


def _name_and_version(package_id: str, entry: dict[str, Any], dialect: LockDialect) -> tuple[str, str]:
    """Name and version of a package id, peer suffix removed; an entry's own name/version win (tarballs, git)."""
    named, versioned = as_text(entry.get("name")), as_text(entry.get("version"))
    if named and versioned:
        return named, versioned
    plain = package_id.removeprefix("/") if dialect.leading_slash else package_id
    if dialect.version_separator == "/":
        plain = _PEER_SUFFIX_V5.sub("", plain)
        name, _, version = plain.rpartition("/")
    else:
        plain = _PEER_SUFFIX_V6.sub("", plain)
        at = plain.find("@", 1)
        name, version = (plain[:at], plain[at + 1 :]) if at > 0 else (plain, "")
    return named or name, versioned or version


def _reference_key(name: str, reference: str, dialect: LockDialect) -> str | None:
    """The graph key a dependency reference ("4.18.2", "4.18.2(peer@1)", "/alias@1.0.0") points to."""
    if reference.startswith(LOCAL_REFERENCES):
        return None
    if dialect.leading_slash and reference.startswith("/"):
        package_id = reference
    elif not dialect.leading_slash and _PEER_SUFFIX_V6.sub("", reference).find("@", 1) > 0:
        package_id = reference  # an alias: "string-width@4.2.3" (a plain version has no "@")
    else:
        separator = dialect.version_separator
        package_id = f"{'/' if dialect.leading_slash else ''}{name}{separator}{reference}"
    found_name, version = _name_and_version(package_id, {}, dialect)
    return f"{found_name}@{version}"
