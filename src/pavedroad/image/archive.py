"""An image tarball's layout: `docker save` (manifest.json) or OCI image layout (index.json, blobs/).

A tarball may hold several images (`docker save a b`, an index listing several manifests);
each is one `ImageLayout`. Only the JSON documents are read here; layer blobs are named
(`LayerRef`) for `layers.py` to stream. Blob names come from digests checked against `sha256:<64 hex>`, so a manifest
cannot point a read anywhere but at a member of the tarball.
"""

from __future__ import annotations

import json
import re
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pavedroad.image.config_document import ImageConfig, parse_image_config, strings
from pavedroad.image.layers import STREAM_ERRORS, LayerRef
from pavedroad.image.problems import ImageLimits, ImageProblem
from pavedroad.image.tree import UnsafePathError, member_path

DIGEST = re.compile(r"^sha256:([0-9a-f]{64})$")
OCI_INDEX_TYPES = frozenset(
    {"application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"}
)
MAX_INDEX_DEPTH = 4
# Annotations naming an image in an OCI index: the full name (Docker 25+, containerd), then the OCI tag.
NAME_ANNOTATIONS = ("io.containerd.image.name", "org.opencontainers.image.ref.name")


class ImageFormatError(Exception):
    """The tarball is not a readable image: the scan of it cannot go on."""


@dataclass(slots=True)
class ImageLayout:
    """Where one image's parts are: its name, config and layers in order (lowest first).

    `names` are every name the tarball gives the image (its tags, its OCI ref names), which
    `--image` selects by; `reference` is the one reports use.
    """

    reference: str
    config: ImageConfig
    layers: list[LayerRef]
    names: tuple[str, ...] = ()


@dataclass(slots=True)
class TarballLayout:
    """The images of one tarball, and the problems of the tarball itself (unsafe member names, a bad index)."""

    images: list[ImageLayout]
    problems: list[ImageProblem] = field(default_factory=list)


class _Tarball:
    """The image tarball's members by normalised name, and bounded JSON reads of them."""

    def __init__(self, archive: tarfile.TarFile, label: str, limits: ImageLimits) -> None:
        self.archive = archive
        self.label = label
        self.limits = limits
        self.members: dict[str, tarfile.TarInfo] = {}
        self.problems: list[ImageProblem] = []
        try:
            for member in archive:
                try:
                    self.members[member_path(member.name)] = member
                except UnsafePathError as error:
                    self.problems.append(ImageProblem(label, f"member {member.name!r}: {error}; ignored"))
        except STREAM_ERRORS as error:
            self.problems.append(ImageProblem(label, f"image tarball truncated or corrupt: {error}"))

    def json(self, name: str) -> Any:
        member = self.members.get(name)
        if member is None or not member.isfile():
            raise ImageFormatError(f"{self.label}: {name} is missing")
        if member.size > self.limits.max_json_bytes:
            raise ImageFormatError(f"{self.label}: {name} is {member.size} bytes, over the JSON size limit")
        try:
            stream = self.archive.extractfile(member)
            data = stream.read() if stream is not None else b""
            if len(data) != member.size:
                raise ImageFormatError(f"{self.label}: {name} is truncated")
            return json.loads(data)
        except (ValueError, *STREAM_ERRORS) as error:
            raise ImageFormatError(f"{self.label}: {name} is not valid JSON ({error})") from None

    def layer(self, name: str, label: str) -> LayerRef | None:
        member = self.members.get(name)
        if member is None or not member.isfile():
            self.problems.append(ImageProblem(self.label, f"layer {label} is missing from the tarball; skipped"))
            return None
        return LayerRef(label, member.name, member.size)


def read_layouts(archive: tarfile.TarFile, label: str, limits: ImageLimits) -> TarballLayout:
    """Every image of a `docker save` or OCI-layout tarball; ImageFormatError if none can be read."""
    tarball = _Tarball(archive, label, limits)
    if "manifest.json" in tarball.members:
        try:
            images = _read_images(tarball, _docker_entries(tarball), _docker_image)
        except ImageFormatError as error:
            if "index.json" not in tarball.members:
                raise
            # Docker 25+ writes both layouts: a damaged manifest.json need not lose the images.
            tarball.problems.insert(0, ImageProblem(label, f"{error}; reading the OCI layout (index.json) instead"))
            images = _read_images(tarball, _oci_entries(tarball), _oci_image)
    elif "index.json" in tarball.members:
        images = _read_images(tarball, _oci_entries(tarball), _oci_image)
    else:
        detail = f" ({tarball.problems[0].message})" if tarball.problems else ""
        raise ImageFormatError(
            f"{label}: neither a docker save nor an OCI layout tarball (no manifest.json or index.json){detail}"
        )
    for image in images:
        if len(image.layers) > limits.max_layers:
            raise ImageFormatError(f"{label}: {len(image.layers)} layers, over the limit of {limits.max_layers}")
    if len(images) == 1 and not images[0].names:
        images[0].reference = label  # one unnamed image: the file is its name
    return TarballLayout(images, tarball.problems)


def _read_images(
    tarball: _Tarball, entries: list[dict[str, Any]], read: Callable[[_Tarball, dict[str, Any]], ImageLayout]
) -> list[ImageLayout]:
    """Each entry's image; one that cannot be read is a problem while the others are scanned."""
    images: list[ImageLayout] = []
    failures: list[ImageFormatError] = []
    for entry in entries:
        try:
            images.append(read(tarball, entry))
        except ImageFormatError as error:
            failures.append(error)
    if not images:
        raise failures[0]
    tarball.problems.extend(ImageProblem(tarball.label, f"{failure}; that image is skipped") for failure in failures)
    return images


def _docker_entries(tarball: _Tarball) -> list[dict[str, Any]]:
    manifest = tarball.json("manifest.json")
    if not isinstance(manifest, list) or not manifest or not all(isinstance(entry, dict) for entry in manifest):
        raise ImageFormatError(f"{tarball.label}: manifest.json is not a list of image manifests")
    return manifest


def _docker_image(tarball: _Tarball, entry: dict[str, Any]) -> ImageLayout:
    config_name = _safe_name(tarball, entry.get("Config"))
    config = tarball.json(config_name)
    layers = [tarball.layer(name, name) for name in (_safe_name(tarball, n) for n in strings(entry.get("Layers")))]
    names = tuple(strings(entry.get("RepoTags")))
    return ImageLayout(
        names[0] if names else _image_id(config_name), parse_image_config(config), [lr for lr in layers if lr], names
    )


def _oci_entries(tarball: _Tarball) -> list[dict[str, Any]]:
    """The index's manifests, one per image: entries for the same manifest (one image, two tags) merged."""
    document = tarball.json("index.json")
    manifests = document.get("manifests") if isinstance(document, dict) else None
    if not isinstance(manifests, list) or not manifests or not isinstance(manifests[0], dict):
        raise ImageFormatError(f"{tarball.label}: image index lists no manifests")
    by_digest: dict[str, dict[str, Any]] = {}
    for entry in manifests:
        if not isinstance(entry, dict):
            continue
        merged = by_digest.setdefault(str(entry.get("digest")), {"digest": entry.get("digest"), "names": []})
        merged["names"].extend(_annotated_names(entry))
    return list(by_digest.values())


def _annotated_names(entry: dict[str, Any]) -> list[str]:
    annotations = entry.get("annotations")
    if not isinstance(annotations, dict):
        return []
    return [annotations[key] for key in NAME_ANNOTATIONS if isinstance(annotations.get(key), str)]


def _oci_image(tarball: _Tarball, entry: dict[str, Any]) -> ImageLayout:
    names = tuple(dict.fromkeys(entry["names"]))
    document = tarball.json(_blob_name(tarball, entry["digest"]))
    for _ in range(MAX_INDEX_DEPTH):
        if not (isinstance(document, dict) and document.get("mediaType") in OCI_INDEX_TYPES):
            break
        # A multi-platform index: its first manifest stands for the image.
        nested = document.get("manifests")
        if not isinstance(nested, list) or not nested or not isinstance(nested[0], dict):
            raise ImageFormatError(f"{tarball.label}: image index lists no manifests")
        names = names or tuple(_annotated_names(nested[0]))
        document = tarball.json(_blob_name(tarball, nested[0].get("digest")))
    if not isinstance(document, dict) or not isinstance(document.get("config"), dict):
        raise ImageFormatError(f"{tarball.label}: image manifest has no config")
    config_name = _blob_name(tarball, document["config"].get("digest"))
    config = tarball.json(config_name)
    descriptors = [d for d in document.get("layers") or [] if isinstance(d, dict)]
    layers = [tarball.layer(_blob_name(tarball, d.get("digest")), str(d.get("digest"))) for d in descriptors]
    reference = names[0] if names else _image_id(config_name)
    return ImageLayout(reference, parse_image_config(config), [layer for layer in layers if layer], names)


def _image_id(config_name: str) -> str:
    """An unnamed image goes by its ID, as `docker images` shows it: the config's digest, shortened."""
    match = re.search(r"[0-9a-f]{64}", config_name)
    return f"sha256:{match.group(0)[:12]}" if match else config_name


def _blob_name(tarball: _Tarball, digest: object) -> str:
    match = DIGEST.match(digest) if isinstance(digest, str) else None
    if match is None:
        raise ImageFormatError(f"{tarball.label}: {digest!r} is not a sha256 digest")
    return f"blobs/sha256/{match.group(1)}"


def _safe_name(tarball: _Tarball, name: object) -> str:
    if not isinstance(name, str):
        raise ImageFormatError(f"{tarball.label}: manifest.json names no config or layer path")
    try:
        return member_path(name)
    except UnsafePathError as error:
        raise ImageFormatError(f"{tarball.label}: manifest.json path {name!r}: {error}") from None
