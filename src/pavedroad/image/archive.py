"""An image tarball's layout: `docker save` (manifest.json) or OCI image layout (index.json, blobs/).

Only the JSON documents are read here; layer blobs are named (`LayerRef`) for `layers.py`
to stream. Blob names come from digests checked against `sha256:<64 hex>`, so a manifest
cannot point a read anywhere but at a member of the tarball.
"""

from __future__ import annotations

import json
import re
import tarfile
from dataclasses import dataclass, field
from typing import Any

from pavedroad.image.layers import STREAM_ERRORS, LayerRef
from pavedroad.image.problems import ImageLimits, ImageProblem
from pavedroad.image.tree import UnsafePathError, member_path

DIGEST = re.compile(r"^sha256:([0-9a-f]{64})$")
OCI_INDEX_TYPES = frozenset(
    {"application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"}
)
MAX_INDEX_DEPTH = 4


class ImageFormatError(Exception):
    """The tarball is not a readable image: the scan of it cannot go on."""


@dataclass(frozen=True, slots=True)
class HistoryStep:
    """One build step: the command that created it and the layer it added (None for metadata-only steps)."""

    created_by: str
    layer: str | None


@dataclass(frozen=True, slots=True)
class ImageConfig:
    """The parts of an image config the checks read."""

    user: str | None = None
    env: tuple[str, ...] = ()
    exposed_ports: tuple[str, ...] = ()
    entrypoint: tuple[str, ...] = ()
    cmd: tuple[str, ...] = ()
    history: tuple[HistoryStep, ...] = ()


@dataclass(slots=True)
class ImageLayout:
    """Where an image's parts are: its name, config and layers in order (lowest first)."""

    reference: str
    config: ImageConfig
    layers: list[LayerRef]
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


def read_layout(archive: tarfile.TarFile, label: str, limits: ImageLimits) -> ImageLayout:
    """The layout of a `docker save` or OCI-layout tarball; ImageFormatError if it is neither."""
    tarball = _Tarball(archive, label, limits)
    if "manifest.json" in tarball.members:
        try:
            layout = _docker_layout(tarball)
        except ImageFormatError as error:
            if "index.json" not in tarball.members:
                raise
            # Docker 25+ writes both layouts: a damaged manifest.json need not lose the image.
            problem = ImageProblem(label, f"{error}; reading the OCI layout (index.json) instead")
            layout = _oci_layout(tarball)
            layout.problems.insert(0, problem)
    elif "index.json" in tarball.members:
        layout = _oci_layout(tarball)
    else:
        detail = f" ({tarball.problems[0].message})" if tarball.problems else ""
        raise ImageFormatError(
            f"{label}: neither a docker save nor an OCI layout tarball (no manifest.json or index.json){detail}"
        )
    if len(layout.layers) > limits.max_layers:
        raise ImageFormatError(f"{label}: {len(layout.layers)} layers, over the limit of {limits.max_layers}")
    return layout


def _docker_layout(tarball: _Tarball) -> ImageLayout:
    manifest = tarball.json("manifest.json")
    if not isinstance(manifest, list) or not manifest or not isinstance(manifest[0], dict):
        raise ImageFormatError(f"{tarball.label}: manifest.json is not a list of image manifests")
    entry = manifest[0]
    if len(manifest) > 1:
        tarball.problems.append(
            ImageProblem(tarball.label, f"{len(manifest)} images in one tarball; only the first is scanned", False)
        )
    config = tarball.json(_safe_name(tarball, entry.get("Config")))
    layers = [tarball.layer(name, name) for name in (_safe_name(tarball, n) for n in _strings(entry.get("Layers")))]
    tags = _strings(entry.get("RepoTags"))
    reference = tags[0] if tags else tarball.label
    return ImageLayout(reference, _image_config(config), [layer for layer in layers if layer], list(tarball.problems))


def _oci_layout(tarball: _Tarball) -> ImageLayout:
    document = tarball.json("index.json")
    reference = tarball.label
    for _ in range(MAX_INDEX_DEPTH):
        manifests = document.get("manifests") if isinstance(document, dict) else None
        if not isinstance(manifests, list) or not manifests or not isinstance(manifests[0], dict):
            raise ImageFormatError(f"{tarball.label}: image index lists no manifests")
        first = manifests[0]
        annotations = first.get("annotations")
        if isinstance(annotations, dict) and isinstance(annotations.get("org.opencontainers.image.ref.name"), str):
            reference = annotations["org.opencontainers.image.ref.name"]
        document = tarball.json(_blob_name(tarball, first.get("digest")))
        if not (isinstance(document, dict) and document.get("mediaType") in OCI_INDEX_TYPES):
            break
    if not isinstance(document, dict) or not isinstance(document.get("config"), dict):
        raise ImageFormatError(f"{tarball.label}: image manifest has no config")
    config = tarball.json(_blob_name(tarball, document["config"].get("digest")))
    descriptors = [d for d in document.get("layers") or [] if isinstance(d, dict)]
    layers = [tarball.layer(_blob_name(tarball, d.get("digest")), str(d.get("digest"))) for d in descriptors]
    return ImageLayout(reference, _image_config(config), [layer for layer in layers if layer], list(tarball.problems))


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


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _image_config(document: object) -> ImageConfig:
    """The config fields the checks use; history steps paired with the layers they created."""
    if not isinstance(document, dict):
        return ImageConfig()
    config = document.get("config")
    config = config if isinstance(config, dict) else {}
    rootfs = document.get("rootfs")
    diff_ids = _strings(rootfs.get("diff_ids")) if isinstance(rootfs, dict) else []
    steps: list[HistoryStep] = []
    layer_index = 0
    for step in document.get("history") or []:
        if not isinstance(step, dict):
            continue
        layer: str | None = None
        if not step.get("empty_layer"):
            layer = diff_ids[layer_index] if layer_index < len(diff_ids) else f"layer {layer_index + 1}"
            layer_index += 1
        steps.append(HistoryStep(str(step.get("created_by") or ""), layer))
    user = config.get("User")
    ports = config.get("ExposedPorts")
    return ImageConfig(
        user=user if isinstance(user, str) and user else None,
        env=tuple(_strings(config.get("Env"))),
        exposed_ports=tuple(sorted(ports)) if isinstance(ports, dict) else (),
        entrypoint=tuple(_strings(config.get("Entrypoint"))),
        cmd=tuple(_strings(config.get("Cmd"))),
        history=tuple(steps),
    )
