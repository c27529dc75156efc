"""rpm databases in SQLite form (`rpmdb.sqlite`: Fedora 33+, RHEL/AlmaLinux/Rocky 9), without librpm.

The database file is loaded into an in-memory SQLite connection (never opened in place,
never written), and each row's blob is an rpm header: an index of (tag, type, offset, count)
entries followed by a data store. Only a few string tags are read, every offset checked; the License tag is kept as the
package states it (SPDX in Fedora 37+ and RHEL 10, Fedora's older short names before).
Berkeley DB (`Packages`, RHEL 8 and older) and NDB (`Packages.db`, SUSE) databases are
reported as present but not inventoried.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Mapping

from packageurl import PackageURL

from pavedroad.core.components import Component
from pavedroad.image.distro import Distro
from pavedroad.image.problems import ImageProblem

RPM_SQLITE_PATHS = ("var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite")
RPM_UNSUPPORTED_PATHS = ("var/lib/rpm/Packages", "var/lib/rpm/Packages.db", "usr/lib/sysimage/rpm/Packages.db")

TAG_NAME, TAG_VERSION, TAG_RELEASE, TAG_EPOCH, TAG_LICENSE = 1000, 1001, 1002, 1003, 1014
TAG_ARCH, TAG_SOURCERPM = 1022, 1044
TYPE_INT32, TYPE_STRING, TYPE_STRING_ARRAY, TYPE_I18NSTRING = 4, 6, 8, 9
WANTED_TAGS = frozenset({TAG_NAME, TAG_VERSION, TAG_RELEASE, TAG_EPOCH, TAG_LICENSE, TAG_ARCH, TAG_SOURCERPM})
MAX_INDEX_ENTRIES = 0x10000
# Public keys imported into the database are stored as pseudo-packages.
PSEUDO_PACKAGES = frozenset({"gpg-pubkey"})


class HeaderError(ValueError):
    """An rpm header blob that does not hold together."""


def parse_header(blob: bytes) -> dict[int, str | int]:
    """The wanted tags of one rpm header blob (without the 8-byte magic, as rpmdb stores it)."""
    if len(blob) < 8:
        raise HeaderError("header shorter than its preamble")
    entries, data_length = struct.unpack_from(">II", blob, 0)
    store = 8 + 16 * entries
    if entries > MAX_INDEX_ENTRIES or store + data_length > len(blob):
        raise HeaderError("header index or data larger than the blob")
    values: dict[int, str | int] = {}
    for index in range(entries):
        tag, kind, offset, count = struct.unpack_from(">iIiI", blob, 8 + 16 * index)
        if tag not in WANTED_TAGS or not 0 <= offset < data_length:
            continue
        start = store + offset
        if kind == TYPE_INT32 and count >= 1 and start + 4 <= store + data_length:
            values[tag] = struct.unpack_from(">i", blob, start)[0]
        elif kind in (TYPE_STRING, TYPE_STRING_ARRAY, TYPE_I18NSTRING):
            end = blob.find(b"\0", start, store + data_length)
            if end < 0:
                raise HeaderError(f"string of tag {tag} is not terminated")
            values[tag] = blob[start:end].decode("utf-8", "replace")
    return values


def inventory_rpm(files: Mapping[str, bytes], distro: Distro | None) -> tuple[list[Component], list[ImageProblem]]:
    """Components from the SQLite rpm database among `files`; a problem for formats not read."""
    components: list[Component] = []
    problems: list[ImageProblem] = []
    for path in RPM_UNSUPPORTED_PATHS:
        if path in files:
            problems.append(ImageProblem(path, "rpm database present (Berkeley DB/NDB format), not inventoried", False))
    effective = distro or Distro("rpm", "", "rpm", "rpm", "unknown", known=False)
    for path in RPM_SQLITE_PATHS:
        if path not in files:
            continue
        try:
            blobs = _header_blobs(files[path])
        except sqlite3.Error as error:
            problems.append(ImageProblem(path, f"rpm database unreadable: {error}"))
            continue
        for number, blob in blobs:
            try:
                tags = parse_header(blob)
            except (HeaderError, struct.error) as error:
                problems.append(ImageProblem(path, f"package {number}: {error}; skipped"))
                continue
            component = _component(tags, effective, path)
            if component is not None:
                components.append(component)
    return components, problems


def _header_blobs(data: bytes) -> list[tuple[int, bytes]]:
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        # A hostile schema could hide functions in views or triggers; run none of them.
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA query_only = ON")
        rows = connection.execute("SELECT hnum, blob FROM Packages ORDER BY hnum").fetchall()
    finally:
        connection.close()
    return [(int(number), bytes(blob)) for number, blob in rows if isinstance(blob, bytes | bytearray | memoryview)]


def _component(tags: dict[int, str | int], distro: Distro, path: str) -> Component | None:
    name, version, release = tags.get(TAG_NAME), tags.get(TAG_VERSION), tags.get(TAG_RELEASE)
    if not isinstance(name, str) or not isinstance(version, str) or name in PSEUDO_PACKAGES:
        return None
    epoch = tags.get(TAG_EPOCH)
    full_version = f"{version}-{release}" if isinstance(release, str) and release else version
    qualifiers = {"arch": str(tags.get(TAG_ARCH, "")), "distro": distro.purl_distro}
    if isinstance(epoch, int) and epoch:
        qualifiers["epoch"] = str(epoch)
    if isinstance(tags.get(TAG_SOURCERPM), str):
        qualifiers["upstream"] = str(tags[TAG_SOURCERPM])
    purl = PackageURL(
        type="rpm", namespace=distro.purl_namespace, name=name, version=full_version,
        qualifiers={key: value for key, value in qualifiers.items() if value},
    )  # fmt: skip
    license = tags.get(TAG_LICENSE)
    return Component(
        ecosystem=distro.ecosystem,
        name=name,
        # OSV's rpm advisories spell the epoch inside the version ("1:3.0.7-27.el9").
        version=f"{epoch}:{full_version}" if isinstance(epoch, int) and epoch else full_version,
        source=path,
        purl=purl.to_string(),
        licenses=(license.strip(),) if isinstance(license, str) and license.strip() else (),
    )
