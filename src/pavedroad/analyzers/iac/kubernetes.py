"""Kubernetes manifests: every object of every document (List kinds unrolled), and its pod spec."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
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


KUSTOMIZE_NAMESPACE = "kustomize_namespace"  # Resource.facts key: the namespace a kustomization gives
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")

# Build-tool configuration that looks like an object but is never applied to a cluster.
NOT_CLUSTER_OBJECTS = ("kustomize.config.k8s.io/", "config.kubernetes.io/", "skaffold/")


def is_manifest(document: Any) -> bool:
    if not (isinstance(document, Node) and isinstance(document.get("kind"), str) and "apiVersion" in document):
        return False
    return not str(document["apiVersion"]).startswith(NOT_CLUSTER_OBJECTS)


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


def apply_kustomize_namespaces(kustomizations: dict[str, Any], resources: list[Resource]) -> None:
    """A kustomization's `namespace:` applies to the manifests it lists (files, or every file of a
    listed directory); overlays' patches are not applied, so only the namespace is taken over."""
    for relpath, document in kustomizations.items():
        namespace = document.get("namespace") if isinstance(document, Node) else None
        listed = document.get("resources") if isinstance(document, Node) else None
        if not isinstance(namespace, str) or not isinstance(listed, list):
            continue
        base = PurePosixPath(relpath).parent
        targets = {_normalise(base / str(entry)) for entry in listed if isinstance(entry, str) and "://" not in entry}
        for resource in resources:
            if resource.framework != "kubernetes":
                continue
            path = PurePosixPath(resource.path)
            if str(path) in targets or any(str(parent) in targets for parent in path.parents):
                resource.facts.setdefault(KUSTOMIZE_NAMESPACE, namespace)


def _normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts) or "."
