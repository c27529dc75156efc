"""Manifests: which package manager they belong to, and the frameworks and data stores they pull in."""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase

from pavedroad.discover.catalog import (
    DEFAULT_PACKAGE_MANAGER,
    PACKAGE_MANAGER_BY_FILE_NAME,
    PACKAGE_SIGNALS,
    SIGNAL_ECOSYSTEM,
)
from pavedroad.discover.manifests import parser_for
from pavedroad.discover.model import Discovery, Evidence, Fact, Manifest

MANIFEST_KIND_PREFIX = "manifest:"


def extract_manifest(relpath: str, kinds: frozenset[str], text: str) -> Iterator[Discovery]:
    """The manifest record first, then a fact for each declared package the catalogue knows.

    The record comes before parsing so that a manifest that fails to parse is still listed.
    """
    file_name = relpath.rsplit("/", 1)[-1]
    for kind in sorted(kinds):
        if not kind.startswith(MANIFEST_KIND_PREFIX):
            continue
        ecosystem = kind.removeprefix(MANIFEST_KIND_PREFIX)
        package_manager = PACKAGE_MANAGER_BY_FILE_NAME.get(
            file_name, DEFAULT_PACKAGE_MANAGER.get(ecosystem, ecosystem)
        )
        yield Manifest(relpath, ecosystem, package_manager, lockfile="lockfile" in kinds)
        parser = parser_for(ecosystem, file_name)
        if parser is None:
            continue
        signal_ecosystem = SIGNAL_ECOSYSTEM.get(ecosystem, ecosystem)
        for dependency in parser(text):
            package = dependency.name.lower()
            for signal in PACKAGE_SIGNALS:
                if signal.ecosystem == signal_ecosystem and fnmatchcase(package, signal.package.lower()):
                    yield Fact(
                        signal.category, signal.name, Evidence(relpath, dependency.line, dependency.name)
                    )
