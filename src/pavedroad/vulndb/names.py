"""Ecosystem and package names as OSV spells them, normalised so lookups find every spelling."""

from __future__ import annotations

import functools
import re

# OSV ecosystem names (the part before any ":release" suffix), looked up case-insensitively.
KNOWN_ECOSYSTEMS = (
    "AlmaLinux", "Alpine", "Android", "Bitnami", "Chainguard", "ConanCenter", "CRAN", "crates.io",
    "Debian", "GHC", "GitHub Actions", "Go", "Hackage", "Hex", "Julia", "Linux", "Mageia", "Maven",
    "MinimOS", "npm", "NuGet", "openEuler", "openSUSE", "OSS-Fuzz", "Packagist", "Photon OS", "Pub",
    "PyPI", "Red Hat", "Rocky Linux", "RubyGems", "SUSE", "SwiftURL", "Ubuntu", "Wolfi",
)  # fmt: skip
_CANONICAL = {name.lower(): name for name in KNOWN_ECOSYSTEMS}

# Registries whose package names are case-insensitive: one lower-case spelling is the key.
_CASE_INSENSITIVE = frozenset({"npm", "NuGet", "Packagist", "RubyGems", "Hex", "Pub", "crates.io"})
_PEP503_SEPARATORS = re.compile(r"[-_.]+")


def base_ecosystem(ecosystem: str) -> str:
    """The ecosystem without its release suffix: `AlmaLinux:9` → `AlmaLinux`."""
    return canonical_ecosystem(ecosystem).partition(":")[0]


@functools.lru_cache(maxsize=1024)
def canonical_ecosystem(ecosystem: str) -> str:
    """OSV's spelling of an ecosystem name (`pypi` → `PyPI`), keeping any `:release` suffix."""
    base, separator, release = ecosystem.strip().partition(":")
    return _CANONICAL.get(base.strip().lower(), base.strip()) + separator + release.strip()


def normalize_name(ecosystem: str, name: str) -> str:
    """The lookup key for a package name in its ecosystem.

    PyPI follows PEP 503 (`PyYAML`, `pyyaml` and `py_yaml` are one project); crates.io treats
    `-` and `_` as the same and ignores case; npm, NuGet, Packagist, RubyGems, Hex and Pub
    ignore case; Go module paths, Maven coordinates and the rest are compared as written.
    """
    base = base_ecosystem(ecosystem)
    stripped = name.strip()
    if base == "PyPI":
        return _PEP503_SEPARATORS.sub("-", stripped).lower()
    if base == "crates.io":
        return stripped.lower().replace("_", "-")
    if base in _CASE_INSENSITIVE:
        return stripped.lower()
    return stripped
