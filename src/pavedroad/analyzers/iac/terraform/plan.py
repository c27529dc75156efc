"""`terraform show -json` plans: every value resolved, so every check can decide."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pavedroad.analyzers.iac.model import Node, Resource


def is_plan(document: Any) -> bool:
    return isinstance(document, dict) and "planned_values" in document and "format_version" in document


def plan_resources(document: Node, relpath: str) -> Iterator[Resource]:
    planned = document.get("planned_values")
    if isinstance(planned, Node):
        yield from _module(planned.get("root_module"), relpath)


def _module(module: Any, relpath: str) -> Iterator[Resource]:
    if not isinstance(module, Node):
        return
    for item in module.get("resources") or []:
        if not isinstance(item, Node) or not isinstance(item.get("type"), str):
            continue
        values = item.get("values")
        body = values if isinstance(values, Node) else Node(item.line)
        kind = item["type"] if item.get("mode") != "data" else f"data.{item['type']}"
        address = str(item.get("address", f"{kind}.{item.get('name', '')}"))
        yield Resource("terraform", kind, str(item.get("name", "")), body, relpath, item.line, 0, address)
    for child in module.get("child_modules") or []:
        yield from _module(child, relpath)
