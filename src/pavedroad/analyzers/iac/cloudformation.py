"""CloudFormation templates: resources with their Properties, intrinsic functions resolved where certain.

`Ref` to a parameter with a Default gives the default; `Ref`/`Fn::GetAtt` to a resource
becomes an Unknown that references it (so the graph links them); `Fn::Sub` and `Fn::Join`
of known parts are computed; `Fn::If` and anything else stays Unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pavedroad.analyzers.iac.model import Node, NodeList, Resource, Unknown

_SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")
_MAX_DEPTH = 50


def is_template(document: Any) -> bool:
    if not isinstance(document, Node):
        return False
    resources = document.get("Resources")
    if "AWSTemplateFormatVersion" in document:
        return True
    return isinstance(resources, Node) and any(
        isinstance(item, Node) and str(item.get("Type", "")).startswith(("AWS::", "Alexa::", "Custom::"))
        for item in resources.values()
    )


def template_resources(document: Node, relpath: str) -> Iterator[Resource]:
    parameters = _parameter_defaults(document.get("Parameters"))
    resources = document.get("Resources")
    if not isinstance(resources, Node):
        return
    logical_ids = set(resources)
    resolver = _Resolver(parameters, logical_ids)
    for logical_id, item in resources.items():
        if not isinstance(item, Node) or not isinstance(item.get("Type"), str):
            continue
        properties = item.get("Properties")
        body = resolver.resolve(properties) if isinstance(properties, Node) else Node(item.line)
        if not isinstance(body, Node):
            body = Node(item.line)
        line = resources.line_of(logical_id)
        resource = Resource("cloudformation", item["Type"], logical_id, body, relpath, line, 0, logical_id)
        resource.facts["template_entry"] = item
        yield resource


def _parameter_defaults(parameters: Any) -> dict[str, Any]:
    if not isinstance(parameters, Node):
        return {}
    return {name: spec["Default"] for name, spec in parameters.items() if isinstance(spec, Node) and "Default" in spec}


class _Resolver:
    def __init__(self, parameters: dict[str, Any], logical_ids: set[str]) -> None:
        self.parameters = parameters
        self.logical_ids = logical_ids

    def resolve(self, value: Any, depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            return Unknown("nested too deeply")
        if isinstance(value, Node):
            if len(value) == 1:
                ((key, argument),) = value.items()
                if key == "Ref" or key.startswith("Fn::"):
                    return self._function(key, argument, depth)
            result = Node(value.line)
            for key, item in value.items():
                result.set(key, self.resolve(item, depth + 1), value.line_of(key))
            return result
        if isinstance(value, NodeList):
            items = NodeList(value.line)
            for index, item in enumerate(value):
                items.add(self.resolve(item, depth + 1), value.line_of(index))
            return items
        return value

    def _function(self, name: str, argument: Any, depth: int) -> Any:
        if name == "Ref" and isinstance(argument, str):
            if argument in self.parameters:
                return self.resolve(self.parameters[argument], depth + 1)
            references = (argument,) if argument in self.logical_ids else ()
            return Unknown(f"Ref {argument}", references)
        if name == "Fn::GetAtt":
            target = argument[0] if isinstance(argument, list) and argument else str(argument).split(".")[0]
            return Unknown(f"GetAtt {target}", (str(target),) if target in self.logical_ids else ())
        if name == "Fn::Sub":
            return self._sub(argument, depth)
        if name == "Fn::Join" and isinstance(argument, list) and len(argument) == 2:
            separator, parts = argument
            resolved = self.resolve(parts, depth + 1)
            if (
                isinstance(separator, str)
                and isinstance(resolved, list)
                and all(isinstance(part, str | int | float) for part in resolved)
            ):
                return separator.join(str(part) for part in resolved)
        return Unknown(name, tuple(sorted(self._references(argument))))

    def _sub(self, argument: Any, depth: int) -> Any:
        template, variables = (
            (argument[0], argument[1])
            if isinstance(argument, list) and len(argument) == 2
            else (
                argument,
                {},
            )
        )
        if not isinstance(template, str):
            return Unknown("Fn::Sub")
        values = {**self.parameters, **(variables if isinstance(variables, dict) else {})}
        unknown: list[str] = []

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            value = self.resolve(values[name], depth + 1) if name in values else None
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                return str(value)
            unknown.append(name.split(".")[0])
            return match.group(0)

        text = _SUB_VARIABLE.sub(replace, template)
        if unknown:
            return Unknown(f"Sub {template}", tuple(name for name in unknown if name in self.logical_ids))
        return text

    def _references(self, value: Any) -> set[str]:
        if isinstance(value, str):
            return {value} if value in self.logical_ids else set()
        if isinstance(value, dict):
            return {ref for item in value.values() for ref in self._references(item)}
        if isinstance(value, list):
            return {ref for item in value for ref in self._references(item)}
        return set()
