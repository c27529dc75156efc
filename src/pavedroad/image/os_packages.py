"""OS package inventories: dpkg (Debian, Ubuntu, distroless) and apk (Alpine, Wolfi) databases.

apk records each package's licence (`L:`, SPDX in current Alpine) and it is kept as given;
dpkg keeps licences in copyright files, which `debian_copyright.py` reads.

Each installed binary package becomes one Component, named and versioned as the package
manager knows it, with a purl in the form other scanners use
(`pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl`).
Advisories for these distributions are published per *source* package, so the source
package travels in the purl's `upstream` qualifier (`name` or `name@version` when the source
version differs); `advisories.py` turns it back into the component that is matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from packageurl import PackageURL

from pavedroad.core.components import Component
from pavedroad.image.distro import Distro
from pavedroad.image.problems import ImageProblem

DPKG_STATUS = "var/lib/dpkg/status"
DPKG_STATUS_DIRECTORY = "var/lib/dpkg/status.d/"
APK_INSTALLED = "lib/apk/db/installed"

# dpkg states (the last word of `Status:`) in which a package's files are on disk.
DPKG_PRESENT_STATES = frozenset(
    {"installed", "half-configured", "unpacked", "half-installed", "triggers-awaited", "triggers-pending"}
)
_DPKG_SOURCE = re.compile(r"^(?P<name>[^\s(]+)(?:\s*\((?P<version>[^)]+)\))?$")
_DEPENDENCY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9+.\-_]*")


@dataclass(frozen=True, slots=True)
class InstalledPackage:
    """A binary package as its database records it."""

    name: str
    version: str
    architecture: str | None
    source_name: str | None
    source_version: str | None
    line: int
    dependencies: tuple[str, ...] = ()
    license: str | None = None  # as the database states it (apk's `L:`); dpkg's come from copyright files


@dataclass(slots=True)
class Inventory:
    """The OS packages found, and what could not be read."""

    components: list[Component] = field(default_factory=list)
    problems: list[ImageProblem] = field(default_factory=list)


def is_os_database(path: str) -> bool:
    """Whether `path` is a package database this module reads."""
    if path in (DPKG_STATUS, APK_INSTALLED):
        return True
    return (
        path.startswith(DPKG_STATUS_DIRECTORY)
        and "/" not in path[len(DPKG_STATUS_DIRECTORY) :]
        and not (path.endswith(".md5sums"))
    )


def package_component(package: InstalledPackage, distro: Distro, source: str) -> Component:
    """A binary package as a Component with its purl; the source package rides in `upstream`."""
    qualifiers = {"arch": package.architecture or "", "distro": distro.purl_distro}
    upstream = package.source_name or package.name
    source_version = package.source_version or package.version
    if upstream != package.name or source_version != package.version:
        qualifiers["upstream"] = upstream if source_version == package.version else f"{upstream}@{source_version}"
    purl = PackageURL(
        type=distro.purl_type,
        namespace=distro.purl_namespace,
        name=package.name,
        version=package.version,
        qualifiers={key: value for key, value in qualifiers.items() if value},
    )
    return Component(
        ecosystem=distro.ecosystem,
        name=package.name,
        version=package.version,
        source=source,
        line=package.line,
        purl=purl.to_string(),
        dependencies=package.dependencies,
        licenses=(package.license,) if package.license else (),
    )


def control_paragraphs(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """dpkg's control-file paragraphs: (first line number, fields); continuation lines joined."""
    fields: dict[str, str] = {}
    start = 0
    last_key = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if fields:
                yield start, fields
            fields, last_key = {}, ""
            continue
        if line[0] in " \t":
            if last_key:
                fields[last_key] += "\n" + line.strip()
            continue
        key, separator, value = line.partition(":")
        if separator:
            if not fields:
                start = number
            last_key = key.strip()
            fields[last_key] = value.strip()
    if fields:
        yield start, fields


def _dependency_names(*fields: str | None) -> tuple[str, ...]:
    """Names from `Depends:`-style fields: the first alternative of each, without versions or arch."""
    names: list[str] = []
    for value in fields:
        for clause in (value or "").replace("\n", " ").split(","):
            match = _DEPENDENCY_NAME.match(clause.split("|")[0].strip())
            if match:
                names.append(match.group(0))
    return tuple(dict.fromkeys(names))


def parse_dpkg_status(text: str) -> tuple[list[InstalledPackage], list[tuple[int, str]]]:
    """Installed packages of a dpkg status file (or a distroless status.d entry); problems by line."""
    packages: list[InstalledPackage] = []
    problems: list[tuple[int, str]] = []
    for line, fields in control_paragraphs(text):
        name, version = fields.get("Package"), fields.get("Version")
        status = fields.get("Status")
        if status is not None and status.split()[-1:] and status.split()[-1] not in DPKG_PRESENT_STATES:
            continue  # removed, only its config files remain
        if not name or not version:
            problems.append((line, "package entry without Package or Version; skipped"))
            continue
        source_name = source_version = None
        source = _DPKG_SOURCE.match(fields.get("Source", ""))
        if source:
            source_name, source_version = source.group("name"), source.group("version")
        packages.append(
            InstalledPackage(
                name, version, fields.get("Architecture"), source_name, source_version, line,
                _dependency_names(fields.get("Pre-Depends"), fields.get("Depends")),
            )
        )  # fmt: skip
    return packages, problems


def parse_apk_installed(text: str) -> tuple[list[InstalledPackage], list[tuple[int, str]]]:
    """Installed packages of an apk database (`K:value` lines, a blank line between packages)."""
    packages: list[InstalledPackage] = []
    problems: list[tuple[int, str]] = []
    fields: dict[str, str] = {}
    start = 0
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        if not line.strip():
            if fields:
                package = _apk_package(fields, start)
                if package is None:
                    problems.append((start, "package entry without P: or V:; skipped"))
                else:
                    packages.append(package)
            fields = {}
            continue
        key, separator, value = line.partition(":")
        if separator and len(key) == 1:
            if not fields:
                start = number
            fields.setdefault(key, value)
    return packages, problems


def _apk_package(fields: Mapping[str, str], line: int) -> InstalledPackage | None:
    name, version = fields.get("P"), fields.get("V")
    if not name or not version:
        return None
    # `D:` mixes package names with provided capabilities (so:libc.musl…, cmd:…): keep the names.
    depends = [word for word in fields.get("D", "").split() if ":" not in word and not word.startswith("!")]
    return InstalledPackage(
        name, version, fields.get("A"), fields.get("o") or None, None, line,
        _dependency_names(",".join(depends)), fields.get("L", "").strip() or None,
    )  # fmt: skip


Parser = Callable[[str], tuple[list[InstalledPackage], list[tuple[int, str]]]]


def _parser_for(path: str) -> Parser | None:
    if path == APK_INSTALLED:
        return parse_apk_installed
    if path == DPKG_STATUS or path.startswith(DPKG_STATUS_DIRECTORY):
        return parse_dpkg_status
    return None


def inventory_os_packages(files: Mapping[str, bytes], distro: Distro | None) -> Inventory:
    """Components for every installed package in the package databases among `files`."""
    inventory = Inventory()
    databases = sorted(path for path in files if is_os_database(path))
    if databases and distro is None:
        inventory.problems.append(
            ImageProblem(databases[0], "no etc/os-release: the distribution and release are unknown, "
                         "so OS packages cannot be checked for vulnerabilities", is_error=False)
        )  # fmt: skip
    elif databases and distro is not None and not distro.known:
        inventory.problems.append(
            ImageProblem(databases[0], f"distribution {distro.id!r} has no known advisory source; "
                         "OS packages are listed but not checked for vulnerabilities", is_error=False)
        )  # fmt: skip
    for path in databases:
        parse = _parser_for(path)
        if parse is None:
            continue
        effective = distro or _fallback_distro(path)
        packages, problems = parse(files[path].decode("utf-8", "replace"))
        inventory.components.extend(package_component(package, effective, path) for package in packages)
        inventory.problems.extend(ImageProblem(path, message, line=line) for line, message in problems)
    return inventory


def _fallback_distro(path: str) -> Distro:
    if path == APK_INSTALLED:
        return Distro("alpine", "", "Alpine", "apk", "alpine", known=False)
    return Distro("debian", "", "Debian", "deb", "debian", known=False)
