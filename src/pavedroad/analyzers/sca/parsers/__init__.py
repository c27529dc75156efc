"""Manifest and lockfile parsers: file contents in, Components and ParseProblems out.

The parsers are one table, `PARSERS`: which file names each one reads and which
ecosystem its components belong to. Nothing scanned is executed, imported or evaluated,
and parsers never open files: a parser that needs a file beside the one it reads (a `-r`
include, the pyproject.toml next to a poetry.lock, a parent POM) asks `read_sibling`,
which the caller limits to the scan root.

    components, problems = parse_manifest("app/requirements.txt", data, read_sibling)
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from pavedroad.analyzers.sca.parsers import (
    dotnet,
    go,
    java,
    javascript,
    javascript_pnpm,
    javascript_yarn,
    php,
    python,
    python_installed,
    python_manifests,
    python_requirements,
    ruby,
    rust,
)
from pavedroad.analyzers.sca.parsers._source import (
    MAX_MANIFEST_BYTES,
    ManifestError,
    ManifestFile,
    Parser,
    ReadSibling,
    decode_text,
)
from pavedroad.core.components import (
    CRATES_IO,
    GO,
    MAVEN,
    NPM,
    NUGET,
    PACKAGIST,
    PYPI,
    RUBYGEMS,
    Component,
    ParseProblem,
)

# Files inside these directories belong to installed packages: only parsers marked `installed`
# read them (a package.json shipped inside a wheel is not the project's manifest).
INSTALLED_DIRECTORIES = frozenset({"node_modules", "site-packages", "dist-packages"})


@dataclass(frozen=True, slots=True)
class ParserEntry:
    """Which files a parser reads, and the ecosystem of what it finds.

    A pattern is matched against the end of the path, a segment at a time, like
    `PurePath.match`: "requirements/*.txt" matches "app/requirements/dev.txt".
    """

    patterns: tuple[str, ...]
    parse: Parser
    ecosystem: str
    installed: bool = False


PARSERS: tuple[ParserEntry, ...] = (
    # Installed packages first: their file names would otherwise look like project manifests.
    ParserEntry(
        ("node_modules/*/package.json", "node_modules/@*/*/package.json"),
        javascript.parse_installed_package,
        NPM,
        installed=True,
    ),
    ParserEntry(
        ("*.dist-info/METADATA", "*.egg-info/PKG-INFO"), python_installed.parse_installed_metadata, PYPI, installed=True
    ),
    ParserEntry(
        (
            "*requirements*.txt",
            "*requirements*.in",
            "constraints*.txt",
            "constraints*.in",
            "requirements/*.txt",
            "requirements/*.in",
        ),
        python_requirements.parse_requirements_file,
        PYPI,
    ),
    ParserEntry(("pyproject.toml",), python_manifests.parse_pyproject, PYPI),
    ParserEntry(("Pipfile",), python_manifests.parse_pipfile, PYPI),
    ParserEntry(("setup.cfg",), python_manifests.parse_setup_cfg, PYPI),
    ParserEntry(("setup.py",), python_manifests.parse_setup_py, PYPI),
    ParserEntry(("poetry.lock",), python.parse_poetry_lock, PYPI),
    ParserEntry(("Pipfile.lock",), python.parse_pipfile_lock, PYPI),
    ParserEntry(("uv.lock",), python.parse_uv_lock, PYPI),
    ParserEntry(("pdm.lock",), python.parse_pdm_lock, PYPI),
    ParserEntry(("package.json",), javascript.parse_package_json, NPM),
    ParserEntry(("package-lock.json", "npm-shrinkwrap.json"), javascript.parse_package_lock, NPM),
    ParserEntry(("yarn.lock",), javascript_yarn.parse_yarn_lock, NPM),
    ParserEntry(("pnpm-lock.yaml",), javascript_pnpm.parse_pnpm_lock, NPM),
    ParserEntry(("go.mod",), go.parse_go_mod, GO),
    ParserEntry(("go.sum",), go.parse_go_sum, GO),
    ParserEntry(("Cargo.lock",), rust.parse_cargo_lock, CRATES_IO),
    ParserEntry(("Gemfile.lock", "gems.locked"), ruby.parse_gemfile_lock, RUBYGEMS),
    ParserEntry(("composer.lock",), php.parse_composer_lock, PACKAGIST),
    ParserEntry(("pom.xml",), java.parse_pom, MAVEN),
    ParserEntry(
        ("gradle.lockfile", "buildscript-gradle.lockfile", "gradle/dependency-locks/*.lockfile"),
        java.parse_gradle_lockfile,
        MAVEN,
    ),
    ParserEntry(("packages.lock.json",), dotnet.parse_packages_lock, NUGET),
    ParserEntry(("*.csproj", "*.fsproj", "*.vbproj"), dotnet.parse_project_file, NUGET),
    ParserEntry(("packages.config",), dotnet.parse_packages_config, NUGET),
)


def parser_for(relpath: str) -> ParserEntry | None:
    """The table entry that reads the file at `relpath` (relative, "/"-separated), or None."""
    segments = relpath.split("/")
    inside_installed = not INSTALLED_DIRECTORIES.isdisjoint(segments[:-1])
    for entry in PARSERS:
        if inside_installed and not entry.installed:
            continue
        if any(_matches(segments, pattern) for pattern in entry.patterns):
            return entry
    return None


def wants(relpath: str) -> bool:
    """Whether some parser reads the file at `relpath`: a cheap test on the path alone."""
    return parser_for(relpath) is not None


def parse_manifest(relpath: str, data: bytes, read_sibling: ReadSibling) -> tuple[list[Component], list[ParseProblem]]:
    """The components in the manifest or lockfile at `relpath`, and what could not be read.

    A damaged file yields a problem naming it (and the line, where known) together with
    whatever could still be read; a file nothing parses yields nothing.
    """
    entry = parser_for(relpath)
    if entry is None:
        return [], []
    if len(data) > MAX_MANIFEST_BYTES:
        limit = MAX_MANIFEST_BYTES // (1024 * 1024)
        return [], [ParseProblem(relpath, f"larger than {limit} MB ({len(data)} bytes); not parsed")]
    file = ManifestFile(relpath, decode_text(data), read_sibling)
    try:
        components = entry.parse(file)
    except ManifestError as error:
        file.problem(error.message, error.line)
        components = []
    except RecursionError:
        file.problem("nested too deeply to parse")
        components = []
    return components, file.problems


def _matches(segments: list[str], pattern: str) -> bool:
    wanted = pattern.split("/")
    if len(wanted) > len(segments):
        return False
    return all(fnmatchcase(segment, part) for segment, part in zip(segments[-len(wanted) :], wanted, strict=True))


__all__ = ["MAX_MANIFEST_BYTES", "PARSERS", "ParserEntry", "parse_manifest", "parser_for", "wants"]
