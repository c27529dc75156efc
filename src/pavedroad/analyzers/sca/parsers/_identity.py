"""Per-ecosystem identity rules as data: how names are normalised, spelled in a purl, and versions checked."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from packageurl import PackageURL
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from pavedroad.core.components import CRATES_IO, GO, MAVEN, NPM, NUGET, PACKAGIST, PYPI, RUBYGEMS

# SemVer 2.0.0 as its specification gives it.
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
_NO_WHITESPACE = re.compile(r"^\S+$")


def _is_pep440(version: str) -> bool:
    try:
        Version(version)
    except InvalidVersion:
        return False
    return True


def _is_semver(version: str) -> bool:
    return _SEMVER.match(version) is not None


def _is_go_version(version: str) -> bool:
    # Go module versions are SemVer with a "v" prefix; pseudo-versions are SemVer pre-releases.
    return version.startswith("v") and _is_semver(version[1:])


def _is_token(version: str) -> bool:
    return _NO_WHITESPACE.match(version) is not None


def _split_last_slash(name: str) -> tuple[str | None, str]:
    namespace, _, short = name.rpartition("/")
    return namespace or None, short


def _split_maven(name: str) -> tuple[str | None, str]:
    group, _, artifact = name.partition(":")
    return (group, artifact) if artifact else (None, group)


def _no_namespace(name: str) -> tuple[str | None, str]:
    return None, name


def _unchanged(name: str) -> str:
    return name


@dataclass(frozen=True, slots=True)
class EcosystemRules:
    """How one ecosystem names packages and spells versions."""

    purl_type: str
    normalise_name: Callable[[str], str]
    purl_parts: Callable[[str], tuple[str | None, str]]  # (namespace, name)
    version_is_valid: Callable[[str], bool]


RULES: dict[str, EcosystemRules] = {
    PYPI: EcosystemRules("pypi", lambda name: str(canonicalize_name(name)), _no_namespace, _is_pep440),
    NPM: EcosystemRules("npm", _unchanged, _split_last_slash, _is_semver),
    GO: EcosystemRules("golang", _unchanged, _split_last_slash, _is_go_version),
    CRATES_IO: EcosystemRules("cargo", _unchanged, _no_namespace, _is_semver),
    RUBYGEMS: EcosystemRules("gem", _unchanged, _no_namespace, _is_token),
    PACKAGIST: EcosystemRules("composer", lambda name: name.lower(), _split_last_slash, _is_token),
    MAVEN: EcosystemRules("maven", _unchanged, _split_maven, _is_token),
    NUGET: EcosystemRules("nuget", _unchanged, _no_namespace, _is_token),
}


def normalise_name(ecosystem: str, name: str) -> str:
    """The name as the ecosystem compares it (PEP 503 for PyPI, lower case for Packagist)."""
    return RULES[ecosystem].normalise_name(name)


def make_purl(ecosystem: str, name: str, version: str | None) -> str | None:
    """The package URL of `name` at `version` (without a version when it is unknown); None if there is none."""
    rules = RULES[ecosystem]
    namespace, short_name = rules.purl_parts(name)
    try:
        return PackageURL(type=rules.purl_type, namespace=namespace, name=short_name, version=version).to_string()
    except ValueError:
        return None


def version_is_valid(ecosystem: str, version: str) -> bool:
    """Whether `version` is a version the ecosystem's version order can place."""
    return RULES[ecosystem].version_is_valid(version)
