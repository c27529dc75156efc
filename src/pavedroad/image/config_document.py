"""An image config document (the JSON a manifest's `config` points at): the parts the checks read."""

from __future__ import annotations

from dataclasses import dataclass


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


def parse_image_config(document: object) -> ImageConfig:
    """The config fields the checks use; history steps paired with the layers they created."""
    if not isinstance(document, dict):
        return ImageConfig()
    config = document.get("config")
    config = config if isinstance(config, dict) else {}
    rootfs = document.get("rootfs")
    diff_ids = strings(rootfs.get("diff_ids")) if isinstance(rootfs, dict) else []
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
        env=tuple(strings(config.get("Env"))),
        exposed_ports=tuple(sorted(ports)) if isinstance(ports, dict) else (),
        entrypoint=tuple(strings(config.get("Entrypoint"))),
        cmd=tuple(strings(config.get("Cmd"))),
        history=tuple(steps),
    )


def strings(value: object) -> list[str]:
    """The strings of a JSON list (anything else in it, or a non-list, is ignored)."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
