"""pip requirement files (requirements*.txt, *.in, constraints) and PEP 508 requirement strings.

A requirement pinned with `==` (or `===`) gives a version; any other specifier gives
`version=None` and the specifier. Environment markers are kept after a "; " in the
specifier (`>=2.0; python_version < "3.8"`). A requirement from a URL, a VCS or a local
path is recorded unpinned, its specifier saying where it comes from (`@ git+https://…`);
one with no package name at all (`-e .`, `./src`) is the project itself and is left out.
`-r` includes are read relative to the including file (cycles are followed once) and
their packages keep the included file as their source; `-c` constraints pin the
requirements they name but add no packages of their own.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename

from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._source import ManifestFile
from pavedroad.core.components import PYPI, Component

MAX_INCLUDE_DEPTH = 20

# A requirements file whose name says it is for development, tests or docs holds dev packages.
DEV_REQUIREMENTS_FILE = re.compile(
    r"(?:^|[_.-])(?:dev|devel|develop|development|test|tests|testing|lint|linting|docs?|ci|typing)(?:[_.-]|$)",
    re.IGNORECASE,
)
# Options that name another requirements file, and what its lines become.
INCLUDE_OPTIONS: dict[str, str] = {
    "-r": "requirements",
    "--requirement": "requirements",
    "-c": "constraints",
    "--constraint": "constraints",
}
EDITABLE_OPTIONS = frozenset({"-e", "--editable"})
ARCHIVE_SUFFIXES = (".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2")

_COMMENT = re.compile(r"(?:^|\s+)#.*$")
_PER_REQUIREMENT_OPTION = re.compile(r"\s--?[A-Za-z]")
_HASH_OPTION = re.compile(r"--hash[=\s]+(\S+)")
_NAMED_REQUIREMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\]\s*)?(?:@|[<>=!~;(]|$)")
_EGG_FRAGMENT = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


def pinned_version(specifier: SpecifierSet) -> str | None:
    """The version an exact `==`/`===` pin names, or None for ranges and wildcards."""
    specifiers = list(specifier)
    if len(specifiers) != 1:
        return None
    only = specifiers[0]
    if only.operator in ("==", "===") and not only.version.endswith(".*"):
        return only.version
    return None


def requirement_specifier(requirement: Requirement) -> str | None:
    """What a requirement says about versions: its specifier, or its URL, with any marker after "; "."""
    constraint = f"@ {requirement.url}" if requirement.url else str(requirement.specifier)
    if requirement.marker is not None:
        return f"{constraint}; {requirement.marker}" if constraint else f"; {requirement.marker}"
    return constraint or None


def package_from_requirement(requirement: Requirement, line: int | None, scope: str | None) -> Package:
    """A direct PyPI package from a parsed PEP 508 requirement."""
    version = None if requirement.url else pinned_version(requirement.specifier)
    return Package(
        name=str(canonicalize_name(requirement.name)),
        version=version,
        line=line,
        specifier=requirement_specifier(requirement),
        scope=scope,
    )


def parse_pep508(text: str, file: ManifestFile, line: int | None) -> Requirement | None:
    """`text` as a PEP 508 requirement, or None with a problem recorded."""
    try:
        return Requirement(text)
    except InvalidRequirement as error:
        file.problem(f"invalid requirement {text!r}: {error}", line)
        return None


def parse_requirements_file(file: ManifestFile) -> list[Component]:
    """The packages of a pip requirements file and the files it includes."""
    reading = _Reading(file)
    reading.read(file, "requirements", depth=0)
    reading.apply_constraints()
    return build_components(file, PYPI, reading.graph)


@dataclass(slots=True)
class _Reading:
    root: ManifestFile
    graph: PackageGraph = field(default_factory=lambda: PackageGraph(has_graph=False))
    constraints: dict[str, str] = field(default_factory=dict)
    visited: set[str] = field(default_factory=set)

    def read(self, file: ManifestFile, mode: str, depth: int) -> None:
        self.visited.add(file.path)
        scope = "dev" if DEV_REQUIREMENTS_FILE.search(posixpath.basename(file.path)) else None
        for line_number, line in logical_lines(file.text):
            if line.startswith("-"):
                self._read_option(file, mode, depth, line_number, line, scope)
            else:
                self._read_requirement(file, mode, line_number, line, scope)

    def apply_constraints(self) -> None:
        for package in self.graph.packages.values():
            pinned = self.constraints.get(package.name)
            if package.version is None and pinned is not None and not (package.specifier or "").startswith("@"):
                package.version = pinned

    def _read_option(
        self, file: ManifestFile, mode: str, depth: int, line_number: int, line: str, scope: str | None
    ) -> None:
        option, value = _split_option(line)
        if option in INCLUDE_OPTIONS:
            # A constraints file's own includes are constraints too.
            included_mode = "constraints" if mode == "constraints" else INCLUDE_OPTIONS[option]
            self._include(file, included_mode, depth, line_number, value)
        elif option in EDITABLE_OPTIONS and value:
            self._read_requirement(file, mode, line_number, value, scope)
        # Every other option (index URLs, --pre, --only-binary ...) says nothing about packages.

    def _include(self, file: ManifestFile, mode: str, depth: int, line_number: int, target: str) -> None:
        if not target:
            file.problem("an include option without a file name", line_number)
            return
        if "://" in target:
            file.problem(f"included file {target!r} is a URL and was not fetched", line_number)
            return
        path = file.relative_path(target)
        if path in self.visited:
            return
        if depth >= MAX_INCLUDE_DEPTH:
            file.problem(f"includes nested more than {MAX_INCLUDE_DEPTH} deep; {target!r} not read", line_number)
            return
        found = file.read_relative(target)
        if found is None:
            file.problem(f"cannot read included file {target!r}", line_number)
            return
        self.read(file.derived(*found), mode, depth + 1)

    def _read_requirement(self, file: ManifestFile, mode: str, line_number: int, line: str, scope: str | None) -> None:
        options_at = _PER_REQUIREMENT_OPTION.search(line)
        text = line[: options_at.start()].strip() if options_at else line.strip()
        hashes = _HASH_OPTION.findall(line[options_at.start() :]) if options_at else []
        package = self._package(file, line_number, text, scope)
        if package is None:
            return
        if mode == "constraints":
            if package.version is not None:
                self.constraints[package.name] = package.version
            return
        package.hashes = hashes
        if file is not self.root:
            package.source = file.path
        self.graph.add(f"{file.path}:{line_number}", package)
        self.graph.mark_direct(f"{file.path}:{line_number}", scope)

    def _package(self, file: ManifestFile, line_number: int, text: str, scope: str | None) -> Package | None:
        if _NAMED_REQUIREMENT.match(text) and not _is_archive_file(text):
            requirement = parse_pep508(text, file, line_number)
            return None if requirement is None else package_from_requirement(requirement, line_number, scope)
        return _package_from_location(text, line_number, scope)


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, content) of each logical line: continuations joined, comments removed."""
    pending: list[str] = []
    start = 1
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        stripped = raw.rstrip()
        if stripped.endswith("\\") and not stripped.lstrip().startswith("#"):
            pending.append(stripped[:-1])
            continue
        pending.append(raw)
        line = _COMMENT.sub("", " ".join(pending)).strip()
        pending = []
        if line:
            yield start, line
    if pending:
        line = _COMMENT.sub("", " ".join(pending)).strip()
        if line:
            yield start, line


def _split_option(line: str) -> tuple[str, str]:
    """("-r", "base.txt") from "-r base.txt", "-rbase.txt", "--requirement=base.txt"."""
    head, _, rest = line.partition(" ")
    if head.startswith("--"):
        option, equals, value = head.partition("=")
        return option, value if equals else rest.strip()
    if len(head) > 2:
        return head[:2], head[2:]
    return head, rest.strip()


def _is_archive_file(text: str) -> bool:
    """A bare archive name ("numpy-1.9.2-cp34-none-win32.whl") also fits the shape of a package name."""
    return text.endswith(ARCHIVE_SUFFIXES) and "@" not in text


def _package_from_location(location: str, line: int, scope: str | None) -> Package | None:
    """A package from a URL, VCS or path line, named by its #egg= fragment or wheel file name."""
    egg = _EGG_FRAGMENT.search(location)
    if egg is not None:
        name, version = egg.group(1), None
    else:
        file_name = posixpath.basename(urlsplit(location).path)
        if not file_name.endswith(".whl"):
            return None
        try:
            wheel_name, wheel_version, _, _ = parse_wheel_filename(file_name)
        except InvalidWheelFilename:
            return None
        name, version = wheel_name, str(wheel_version)
    return Package(str(canonicalize_name(name)), version, line, specifier=f"@ {location}", scope=scope)
