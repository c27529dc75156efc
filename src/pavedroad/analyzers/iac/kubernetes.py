"""Kubernetes manifests: every object of every document (List kinds unrolled), and its pod spec."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pavedroad.analyzers.iac.model import MISSING, Node, Resource, lookup

# Where each workload kind keeps its pod spec.
POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "PodTemplate": ("template", "spec"),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    "DeploymentConfig": ("spec", "template", "spec"),
}
WORKLOAD_KINDS = tuple(POD_SPEC_PATHS)
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


def is_manifest(document: Any) -> bool:
    return isinstance(document, Node) and isinstance(document.get("kind"), str) and "apiVersion" in document


def manifest_resources(document: Any, relpath: str) -> Iterator[Resource]:
    """One Resource per object; `kind: List` (and `*List`) documents yield their items."""
    if not is_manifest(document):
        return
    kind = document["kind"]
    if kind == "List" or (kind.endswith("List") and isinstance(document.get("items"), list)):
        for item in document.get("items") or []:
            yield from manifest_resources(item, relpath)
        return
    metadata = document.get("metadata") if isinstance(document.get("metadata"), Node) else Node(document.line)
    name = str(metadata.get("name", ""))
    namespace = metadata.get("namespace")
    address = f"{kind}/{namespace}/{name}" if isinstance(namespace, str) else f"{kind}/{name}"
    yield Resource("kubernetes", kind, name, document, relpath, document.line, 0, address)


def pod_spec(resource: Resource) -> tuple[Node | None, tuple[str, ...]]:
    """The pod spec of a workload and its path, or (None, ()) for other kinds."""
    path = POD_SPEC_PATHS.get(resource.kind)
    if path is None:
        return None, ()
    spec = lookup(resource.body, path)
    return (spec, path) if isinstance(spec, Node) else (None, ())


def containers(resource: Resource) -> Iterator[tuple[Node, tuple[str | int, ...]]]:
    """Every container (init and ephemeral too) of a workload, with its path from the resource body."""
    spec, path = pod_spec(resource)
    if spec is None:
        return
    for list_name in CONTAINER_LISTS:
        items = spec.get(list_name, MISSING)
        if not isinstance(items, list):
            continue
        for index, container in enumerate(items):
            if isinstance(container, Node):
                yield container, (*path, list_name, index)
