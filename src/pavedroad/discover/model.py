"""The inventory of a repository as frozen records; nothing here reads files."""

from __future__ import annotations

from dataclasses import dataclass

from pavedroad.core.errors import ScanError, Skip


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where something was seen: a file, the line when known, and a short non-secret detail."""

    path: str
    line: int | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    """One observation made in one file, e.g. category "framework", name "flask"."""

    category: str
    name: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Detection:
    """Everything of one name in one category, with all the places that showed it."""

    name: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class LanguageStats:
    """How much of one language the repository holds; `lines` counts non-blank lines."""

    language: str
    files: int
    lines: int


@dataclass(frozen=True, slots=True)
class Manifest:
    """A dependency manifest or lockfile and the package manager it belongs to."""

    path: str
    ecosystem: str
    package_manager: str
    lockfile: bool


@dataclass(frozen=True, slots=True)
class OwnershipRule:
    """One CODEOWNERS line: files matching `pattern` are owned by `owners` (none = unowned)."""

    path: str
    line: int
    pattern: str
    owners: tuple[str, ...]


# Everything an extractor may report about one file.
Discovery = Fact | Manifest | OwnershipRule


class DiscoveryError(Exception):
    """A file that could not be understood; it becomes a problem entry and discovery goes on."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class Inventory:
    """What a repository is made of and which analyzer families will have work to do."""

    root: str
    files: int
    languages: tuple[LanguageStats, ...]
    manifests: tuple[Manifest, ...]
    package_managers: tuple[str, ...]
    frameworks: tuple[Detection, ...]
    data_stores: tuple[Detection, ...]
    cloud_providers: tuple[Detection, ...]
    infrastructure: tuple[Detection, ...]
    containers: tuple[Detection, ...]
    container_images: tuple[Detection, ...]
    ci_systems: tuple[Detection, ...]
    ownership: tuple[OwnershipRule, ...]
    applicable_analyzers: tuple[str, ...]
    problems: tuple[ScanError, ...] = ()
    skipped: tuple[Skip, ...] = ()
