"""Version order per ecosystem: which library compares which ecosystem's versions.

PEP 440 comes from `packaging`; Maven, NuGet, RubyGems, Debian/Ubuntu and Alpine/Wolfi (apk)
from `univers`; SemVer (npm, crates.io, Go, Bitnami, Julia, Hex, Pub and every SEMVER range)
is parsed by `semver`. What no library does (or does fast enough: RPM for AlmaLinux, Rocky,
Red Hat, SUSE...) is in `version_schemes`. A version an order cannot read raises `UnparsableVersionError`, never
a guess: the caller reports it and does not claim the component is safe.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from packaging.version import Version as Pep440Version

from pavedroad.vulndb.names import base_ecosystem
from pavedroad.vulndb.version_schemes import parse_dotted_numeric, parse_packagist, parse_rpm, parse_semver

MAX_VERSION_LENGTH = 256


class UnparsableVersionError(ValueError):
    """A version string that its ecosystem's order cannot read."""

    def __init__(self, version: str, order: str) -> None:
        super().__init__(f"version {version!r} is not a valid {order} version")
        self.version = version
        self.order = order


class VersionKey(Protocol):
    """What every order's parsed versions support: comparison with each other."""

    def __lt__(self, other: Any, /) -> bool: ...
    def __le__(self, other: Any, /) -> bool: ...


@functools.total_ordering
class _UniversKey:
    """univers' classes do not all define every comparison; this gives them `<`, `<=`, `==`."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _UniversKey) and bool(self.value == other.value)

    def __lt__(self, other: _UniversKey) -> bool:
        return bool(self.value < other.value)

    __hash__ = None  # type: ignore[assignment]


def _univers_parser(class_name: str) -> Callable[[str], VersionKey]:
    """A parser through univers' `class_name`. univers is imported on the first parse: it costs
    tens of milliseconds, which `pavedroad affected` for a PyPI or npm package need not pay."""

    def parse(version: str) -> VersionKey:
        from univers import versions  # after the first call, a dictionary lookup

        return _UniversKey(getattr(versions, class_name)(version))

    return parse


def _pep440_canonical(version: str) -> str:
    # packaging.utils imports packaging.tags (sysconfig, platform...): only load it when asked.
    from packaging.utils import canonicalize_version

    return canonicalize_version(version)


def _semver_canonical(version: str) -> str:
    return version[1:] if version[:1] in ("v", "V") else version


def _as_written(version: str) -> str:
    return version


@dataclass(frozen=True, slots=True, eq=False)  # identity hash: a cheap cache key
class VersionOrder:
    """One version order: `key()` parses (cached) and raises on what it cannot read.

    `canonical()` is the spelling used to compare against an advisory's `versions` list, so
    that `2.10` and `2.10.0` (PEP 440) or `v1.2.0` and `1.2.0` (Go) are the same entry.
    """

    name: str
    parser: Callable[[str], VersionKey]
    canonicalizer: Callable[[str], str] = _as_written

    def key(self, version: str) -> VersionKey:
        """The comparable form of `version`; raises UnparsableVersionError."""
        parsed = _parse(self, version)
        if parsed is None:
            raise UnparsableVersionError(version, self.name)
        return parsed

    def is_valid(self, version: str) -> bool:
        """Whether `key(version)` would succeed."""
        return _parse(self, version) is not None

    def canonical(self, version: str) -> str:
        """The spelling of `version` used for exact `versions`-list membership."""
        return _canonical(self, version)

    def sorted(self, versions: list[str]) -> list[str]:
        """The parsable `versions`, lowest first (unparsable ones are left out)."""
        return sorted((v for v in versions if self.is_valid(v)), key=self.key)


@functools.lru_cache(maxsize=262_144)
def _parse(order: VersionOrder, version: str) -> VersionKey | None:
    if not version or len(version) > MAX_VERSION_LENGTH or version != version.strip():
        return None
    try:
        return order.parser(version)
    except Exception:  # third-party parsers raise assorted errors on junk input
        return None


@functools.lru_cache(maxsize=262_144)
def _canonical(order: VersionOrder, version: str) -> str:
    return order.canonicalizer(version)


PEP440 = VersionOrder("PEP 440", Pep440Version, _pep440_canonical)
SEMVER = VersionOrder("SemVer", parse_semver, _semver_canonical)
MAVEN = VersionOrder("Maven", _univers_parser("MavenVersion"))
NUGET = VersionOrder("NuGet", _univers_parser("NugetVersion"))
RUBYGEMS = VersionOrder("RubyGems", _univers_parser("RubygemsVersion"))
DEBIAN = VersionOrder("Debian", _univers_parser("DebianVersion"))
APK = VersionOrder("Alpine apk", _univers_parser("AlpineLinuxVersion"))
RPM = VersionOrder("RPM", parse_rpm)
PACKAGIST = VersionOrder("Packagist", parse_packagist, _semver_canonical)
DOTTED_NUMERIC = VersionOrder("dotted numeric", parse_dotted_numeric)

ECOSYSTEM_ORDERS: dict[str, VersionOrder] = {
    "PyPI": PEP440,
    **dict.fromkeys(("npm", "crates.io", "Go", "Bitnami", "Julia", "Hex", "Pub", "SwiftURL", "GitHub Actions"), SEMVER),
    "Maven": MAVEN,
    "NuGet": NUGET,
    "RubyGems": RUBYGEMS,
    "Packagist": PACKAGIST,
    **dict.fromkeys(("Debian", "Ubuntu"), DEBIAN),
    **dict.fromkeys(("Alpine", "Wolfi", "Chainguard", "MinimOS"), APK),
    **dict.fromkeys(
        ("AlmaLinux", "Rocky Linux", "Red Hat", "openSUSE", "SUSE", "Mageia", "Photon OS", "openEuler"), RPM
    ),
    **dict.fromkeys(("Hackage", "GHC", "CRAN"), DOTTED_NUMERIC),
}


@functools.lru_cache(maxsize=1024)
def order_for_ecosystem(ecosystem: str) -> VersionOrder | None:
    """The version order of an ecosystem (`AlmaLinux:9` → RPM), or None if pavedroad has none."""
    return ECOSYSTEM_ORDERS.get(base_ecosystem(ecosystem))


def order_for_range(range_type: str, ecosystem: str) -> VersionOrder | None:
    """The order an OSV range is evaluated in: SEMVER ranges always use SemVer; GIT has none."""
    if range_type == "SEMVER":
        return SEMVER
    if range_type == "ECOSYSTEM":
        return order_for_ecosystem(ecosystem)
    return None


def order_for_component(ecosystem: str) -> VersionOrder:
    """The order used to sort a component's candidate versions (SemVer where none is known)."""
    return order_for_ecosystem(ecosystem) or SEMVER
