"""Components: the packages a project ships, as every SCA, SBOM and store module sees them."""

from __future__ import annotations

from dataclasses import dataclass

# OSV ecosystem names, used everywhere a component or advisory names its ecosystem.
PYPI = "PyPI"
NPM = "npm"
GO = "Go"
CRATES_IO = "crates.io"
RUBYGEMS = "RubyGems"
PACKAGIST = "Packagist"
MAVEN = "Maven"
NUGET = "NuGet"


@dataclass(frozen=True, slots=True)
class Component:
    """One package at one version, found in one file.

    `dependency_path` runs from a direct dependency of the project down to this package
    (empty for a direct dependency when the file has no graph; `("myapp", "drf", "django")`
    reads "django via myapp → drf → django"). `version` is exactly as the file spells it; an
    unpinned manifest requirement has `version=None` and its `specifier` (">=2,<3").
    """

    ecosystem: str
    name: str
    version: str | None
    source: str  # the manifest or lockfile, relative to the scan root
    line: int | None = None
    direct: bool = True
    dependency_path: tuple[str, ...] = ()
    specifier: str | None = None
    purl: str | None = None
    hashes: tuple[str, ...] = ()  # "sha256:…", "sha512-…" as the lockfile gives them
    licenses: tuple[str, ...] = ()  # SPDX ids or expressions where the file says
    scope: str | None = None  # "dev", "optional", "peer" where the file says; None = runtime
    dependencies: tuple[str, ...] = ()  # names this component depends on, where the file says


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """A manifest or lockfile that could not be (fully) read: file, line and what is wrong."""

    path: str
    message: str
    line: int | None = None
    # A note is something the user should know that is not a failure to read (a BOM outside the
    # scan): reported as a warning, where a problem makes the scan exit 2.
    note: bool = False
