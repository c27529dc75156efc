"""Which distribution a root filesystem is, spelled as OSV ecosystems and purl qualifiers.

`etc/os-release` (or `usr/lib/os-release`) decides; `etc/debian_version` and
`etc/alpine-release` stand in when it is missing. The OSV ecosystem carries the release the
advisories are published for: `Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.19`, `AlmaLinux:9`.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass

OS_RELEASE_PATHS = ("etc/os-release", "usr/lib/os-release")
DEBIAN_VERSION_PATH = "etc/debian_version"
ALPINE_RELEASE_PATH = "etc/alpine-release"
RELEASE_FILES = (*OS_RELEASE_PATHS, DEBIAN_VERSION_PATH, ALPINE_RELEASE_PATH)


def _major(version: str, name: str) -> str:
    return version.split(".")[0]


def _alpine_branch(version: str, name: str) -> str:
    return "v" + ".".join(version.split(".")[:2]) if version else ""


def _ubuntu_release(version: str, name: str) -> str:
    return f"{version}:LTS" if "LTS" in name else version


def _none(version: str, name: str) -> str:
    return ""


@dataclass(frozen=True, slots=True)
class DistroKind:
    """One distribution: its OSV ecosystem, how its release is spelled there, its purl type/namespace."""

    ecosystem: str
    release: Callable[[str, str], str]  # (VERSION_ID, VERSION) → OSV release suffix
    purl_type: str
    purl_namespace: str


# os-release ID → how pavedroad names that distribution's packages.
DISTROS: dict[str, DistroKind] = {
    "debian": DistroKind("Debian", _major, "deb", "debian"),
    "ubuntu": DistroKind("Ubuntu", _ubuntu_release, "deb", "ubuntu"),
    "alpine": DistroKind("Alpine", _alpine_branch, "apk", "alpine"),
    "wolfi": DistroKind("Wolfi", _none, "apk", "wolfi"),
    "chainguard": DistroKind("Chainguard", _none, "apk", "chainguard"),
    "almalinux": DistroKind("AlmaLinux", _major, "rpm", "almalinux"),
    "rocky": DistroKind("Rocky Linux", _major, "rpm", "rocky"),
    "rhel": DistroKind("Red Hat", _none, "rpm", "redhat"),
    "centos": DistroKind("CentOS", _major, "rpm", "centos"),
    "fedora": DistroKind("Fedora", _major, "rpm", "fedora"),
    "amzn": DistroKind("Amazon Linux", _major, "rpm", "amazon"),
    "opensuse-leap": DistroKind("openSUSE", _none, "rpm", "opensuse"),
    "sles": DistroKind("SUSE", _none, "rpm", "suse"),
}


@dataclass(frozen=True, slots=True)
class Distro:
    """The distribution found: `ecosystem` is what OS package components carry."""

    id: str
    version_id: str
    ecosystem: str
    purl_type: str
    purl_namespace: str
    known: bool = True

    @property
    def purl_distro(self) -> str:
        """The purl `distro` qualifier: `debian-12`, `alpine-3.19.1`."""
        return f"{self.id}-{self.version_id}" if self.version_id else self.id


def parse_os_release(text: str) -> dict[str, str]:
    """KEY=value pairs of an os-release file, shell quoting removed (never evaluated)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, separator, value = line.strip().partition("=")
        if not separator or not re.fullmatch(r"[A-Z0-9_]+", key):
            continue
        try:
            words = shlex.split(value)
        except ValueError:
            words = [value.strip("\"'")]
        fields[key] = " ".join(words)
    return fields


def detect_distro(files: Mapping[str, bytes]) -> Distro | None:
    """The distribution described by the release files among `files` (path → bytes), or None."""
    text = next((files[path].decode("utf-8", "replace") for path in OS_RELEASE_PATHS if path in files), None)
    fields = parse_os_release(text) if text is not None else {}
    if not fields.get("ID"):
        fields = _from_release_file(files)
    distro_id = fields.get("ID", "").lower()
    if not distro_id:
        return None
    version_id = fields.get("VERSION_ID", "")
    kind = DISTROS.get(distro_id)
    if kind is None:
        return Distro(distro_id, version_id, distro_id, "generic", distro_id, known=False)
    release = kind.release(version_id, fields.get("VERSION", ""))
    ecosystem = f"{kind.ecosystem}:{release}" if release else kind.ecosystem
    return Distro(distro_id, version_id, ecosystem, kind.purl_type, kind.purl_namespace)


def _from_release_file(files: Mapping[str, bytes]) -> dict[str, str]:
    if ALPINE_RELEASE_PATH in files:
        return {"ID": "alpine", "VERSION_ID": files[ALPINE_RELEASE_PATH].decode("ascii", "replace").strip()}
    if DEBIAN_VERSION_PATH in files:
        version = files[DEBIAN_VERSION_PATH].decode("ascii", "replace").strip()
        # "12.4" is a stable release; "trixie/sid" is testing, which OSV has no release for.
        return {"ID": "debian", "VERSION_ID": version.split(".")[0] if version[:1].isdigit() else ""}
    return {}
