"""Small image tarballs built in tests: layers as tar bytes, docker save and OCI layouts around them."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sqlite3
import struct
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Member:
    """One tar entry: kind is file, dir, symlink, hardlink, char or fifo."""

    name: str
    data: bytes = b""
    kind: str = "file"
    target: str = ""


_TYPES = {
    "file": tarfile.REGTYPE,
    "dir": tarfile.DIRTYPE,
    "symlink": tarfile.SYMTYPE,
    "hardlink": tarfile.LNKTYPE,
    "char": tarfile.CHRTYPE,
    "fifo": tarfile.FIFOTYPE,
}


def tree(contents: dict[str, str | bytes]) -> list[Member]:
    """Regular files at the given paths."""
    return [Member(name, data.encode() if isinstance(data, str) else data) for name, data in contents.items()]


def layer_tar(members: list[Member], compress: bool = False) -> bytes:
    """A layer tarball holding `members` in order (gzip-compressed if asked)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for member in members:
            info = tarfile.TarInfo(member.name)
            info.type = _TYPES[member.kind]
            info.mode = 0o755 if member.kind == "dir" else 0o644
            info.linkname = member.target
            info.size = len(member.data) if member.kind == "file" else 0
            tar.addfile(info, io.BytesIO(member.data) if member.kind == "file" else None)
    data = buffer.getvalue()
    return gzip.compress(data, mtime=0) if compress else data


def zstd_layer(members: list[Member], frames: int = 1) -> bytes:
    """A zstd-compressed layer; `frames` > 1 splits it into several frames, as `zstd -T` and zstd:chunked write."""
    import zstandard

    data = layer_tar(members)
    step = -(-len(data) // frames)
    compressor = zstandard.ZstdCompressor()
    return b"".join(compressor.compress(data[start : start + step]) for start in range(0, len(data), step))


def layer_media_type(layer: bytes) -> str:
    """The OCI media type a registry would give this layer blob."""
    if layer.startswith(b"\x28\xb5\x2f\xfd"):
        return "application/vnd.oci.image.layer.v1.tar+zstd"
    if layer.startswith(b"\x1f\x8b"):
        return "application/vnd.oci.image.layer.v1.tar+gzip"
    return "application/vnd.oci.image.layer.v1.tar"


def bomb_layer(size: int) -> bytes:
    """A gzip layer whose one file is `size` zero bytes: tiny compressed, huge inflated."""
    return layer_tar([Member("zeros.bin", bytes(size))], compress=True)


def image_config(
    user: str | None = None,
    env: list[str] | None = None,
    ports: list[str] | None = None,
    history: list[str] | None = None,
) -> dict[str, Any]:
    config: dict[str, Any] = {"Env": env or ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}
    if user is not None:
        config["User"] = user
    if ports:
        config["ExposedPorts"] = {port: {} for port in ports}
    return {
        "architecture": "amd64",
        "os": "linux",
        "config": config,
        "history": [{"created_by": step} for step in (history or [])],
    }


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


@dataclass(frozen=True)
class ImageSpec:
    """One image of a multi-image tarball: its layers, config and names (RepoTags, or the OCI ref name)."""

    layers: list[bytes]
    config: dict[str, Any]
    tags: tuple[str, ...] = ("example/app:1.0",)


def docker_save(path: Path, layers: list[bytes], config: dict[str, Any], tag: str = "example/app:1.0") -> Path:
    """A `docker save` tarball: manifest.json, the config and one <id>/layer.tar per layer."""
    return docker_save_images(path, [ImageSpec(layers, config, (tag,))])


def docker_save_images(path: Path, images: list[ImageSpec]) -> Path:
    """`docker save a b …`: one manifest.json entry per image, layers they share written once."""
    files: dict[str, bytes] = {}
    manifest = []
    for image in images:
        names = [f"{hashlib.sha256(layer).hexdigest()}/layer.tar" for layer in image.layers]
        diff_ids = [f"sha256:{name.split('/')[0]}" for name in names]
        config_bytes = json.dumps({**image.config, "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
        config_name = f"{hashlib.sha256(config_bytes).hexdigest()}.json"
        manifest.append({"Config": config_name, "RepoTags": list(image.tags) or None, "Layers": names})
        files[config_name] = config_bytes
        files.update(zip(names, image.layers, strict=True))
    with tarfile.open(path, "w") as tar:
        _add(tar, "manifest.json", json.dumps(manifest).encode())
        for name, data in files.items():
            _add(tar, name, data)
    return path


def oci_layout(path: Path, layers: list[bytes], config: dict[str, Any], ref: str = "example/oci:2.0") -> Path:
    """An OCI image layout tarball: oci-layout, index.json and blobs/sha256/…"""
    return oci_layout_images(path, [ImageSpec(layers, config, (ref,))])


CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json"


def oci_layout_images(path: Path, images: list[ImageSpec]) -> Path:
    """An OCI image layout whose index.json lists one manifest per image (its first tag as the ref name)."""
    blobs: dict[str, bytes] = {}

    def blob(data: bytes) -> dict[str, Any]:
        digest = hashlib.sha256(data).hexdigest()
        blobs[digest] = data
        return {"digest": f"sha256:{digest}", "size": len(data)}

    entries = []
    for image in images:
        manifest = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": CONFIG_MEDIA_TYPE, **blob(json.dumps(image.config).encode())},
            "layers": [{"mediaType": layer_media_type(layer), **blob(layer)} for layer in image.layers],
        }
        annotations = {"org.opencontainers.image.ref.name": image.tags[0]} if image.tags else {}
        entries.append(
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", **blob(json.dumps(manifest).encode()),
             **({"annotations": annotations} if annotations else {})}
        )  # fmt: skip
    index = {"schemaVersion": 2, "manifests": entries}
    with tarfile.open(path, "w") as tar:
        _add(tar, "oci-layout", b'{"imageLayoutVersion": "1.0.0"}')
        _add(tar, "index.json", json.dumps(index).encode())
        for digest, data in blobs.items():
            _add(tar, f"blobs/sha256/{digest}", data)
    return path


OS_RELEASE_DEBIAN = (
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION="12 (bookworm)"\n'
)
OS_RELEASE_ALPINE = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n'

DPKG_STATUS = """\
Package: libssl3
Status: install ok installed
Architecture: amd64
Source: openssl
Version: 3.0.11-1~deb12u2
Depends: libc6 (>= 2.34)

Package: openssl
Status: install ok installed
Architecture: amd64
Version: 3.0.11-1~deb12u2
Depends: libc6 (>= 2.34), libssl3 (>= 3.0.9)

Package: libc6
Status: install ok installed
Architecture: amd64
Source: glibc
Version: 2.36-9+deb12u3
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.

Package: zlib1g
Status: install ok installed
Architecture: amd64
Source: zlib (1:1.2.13.dfsg-1)
Version: 1:1.2.13.dfsg-1+b1

Package: removed-tool
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1
"""

APK_INSTALLED = """\
C:Q1abc=
P:musl
V:1.2.4-r2
A:x86_64
L:MIT
o:musl

C:Q1def=
P:libcrypto3
V:3.1.4-r5
A:x86_64
L:Apache-2.0
o:openssl
D:so:libc.musl-x86_64.so.1 musl>=1.2
"""

REQUESTS_METADATA = "Metadata-Version: 2.1\nName: requests\nVersion: 2.19.1\nRequires-Dist: urllib3\n"
SITE_PACKAGES = "usr/local/lib/python3.11/site-packages"


def rpm_header(tags: dict[int, str | int]) -> bytes:
    """An rpm header blob as rpmdb.sqlite stores it: index entries then the data store."""
    index = b""
    store = b""
    for tag, value in tags.items():
        if isinstance(value, int):
            while len(store) % 4:
                store += b"\0"
            index += struct.pack(">iIiI", tag, 4, len(store), 1)
            store += struct.pack(">i", value)
        else:
            index += struct.pack(">iIiI", tag, 6, len(store), 1)
            store += value.encode() + b"\0"
    return struct.pack(">II", len(tags), len(store)) + index + store


def rpmdb_sqlite(headers: list[bytes]) -> bytes:
    """A SQLite rpm database (the table layout rpm 4.16+ writes) holding `headers`."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)")
    connection.executemany("INSERT INTO Packages (blob) VALUES (?)", [(header,) for header in headers])
    connection.commit()
    data = connection.serialize()
    connection.close()
    return data
