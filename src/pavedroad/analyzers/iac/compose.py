"""docker-compose files: one resource per service."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pavedroad.analyzers.iac.model import Node, Resource


def compose_resources(document: Any, relpath: str) -> Iterator[Resource]:
    if not isinstance(document, Node):
        return
    services = document.get("services")
    if not isinstance(services, Node):
        return
    for name, service in services.items():
        if isinstance(service, Node):
            line = services.line_of(name)
            yield Resource("compose", "service", name, service, relpath, line, 0, f"service.{name}")
