"""YAML (and JSON) into line-aware `Node` values, safely.

Composition is done by libyaml where available; construction is ours, so that every key
keeps its line and so that alias bombs ("billion laughs") and absurd nesting stop with a
clear error instead of eating the machine. Custom tags (CloudFormation's `!Ref`, `!Sub`...)
become their long form (`{"Ref": ...}`, `{"Fn::Sub": ...}`); nothing is ever constructed
from a tag into a Python object.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from pavedroad.analyzers.iac.model import Node, NodeList

MAX_NODES = 2_000_000  # values visited, counting every expansion of an alias
MAX_DEPTH = 200

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.SafeLoader("")

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_SHORT_FUNCTIONS = {"Ref": "Ref", "Condition": "Condition"}


class YamlError(ValueError):
    """A document that cannot be read; `line` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def load_documents(text: str, *, json_input: bool = False) -> Iterator[Any]:
    """Every document of a (multi-document) YAML stream as Node/NodeList/scalars.

    `json_input` replaces tabs first: JSON allows them as whitespace, YAML indentation does not,
    and a valid JSON string cannot contain a raw tab, so the replacement changes no value.
    """
    if json_input:
        text = text.replace("\t", " ")
    try:
        for node in yaml.compose_all(text, Loader=_Loader):
            if node is not None:
                yield _Builder().build(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlError(f"invalid YAML: {error.problem or error}", line) from None
    except yaml.YAMLError as error:
        raise YamlError(f"invalid YAML: {error}") from None
    except RecursionError:
        raise YamlError(f"document nested deeper than the parser can follow (limit {MAX_DEPTH})") from None


class _Builder:
    def __init__(self) -> None:
        self.visited = 0

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise YamlError(
                f"document expands to more than {MAX_NODES:,} values (an alias bomb?)", node.start_mark.line + 1
            )
        if depth > MAX_DEPTH:
            raise YamlError(f"document nested deeper than {MAX_DEPTH} levels", node.start_mark.line + 1)
        line = node.start_mark.line + 1
        tag = node.tag or ""
        if tag.startswith("!") and not tag.startswith("!!"):
            return self._custom_tag(node, tag[1:], depth, line)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth, line)
        if isinstance(node, yaml.SequenceNode):
            items = NodeList(line)
            for child in node.value:
                items.add(self.build(child, depth + 1), child.start_mark.line + 1)
            return items
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, depth: int, line: int) -> Node:
        mapping = Node(line)
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.build(value_node, depth + 1)
                merges.extend(merged if isinstance(merged, list) else [merged])
                continue
            # Keys stay the text written: YAML 1.1 would read GitHub's `on:` as the boolean true.
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else key_node.start_mark.line
            mapping.set(
                str(key) if not isinstance(key, str) else key,
                self.build(value_node, depth + 1),
                key_node.start_mark.line + 1,
            )
        for merged in merges:
            if isinstance(merged, Node):
                for key, value in merged.items():
                    if key not in mapping:
                        mapping.set(key, value, merged.line_of(key))
        return mapping

    def _scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return None
        if ":" in node.value and node.tag in (_INT_TAG, _FLOAT_TAG):
            return node.value  # YAML 1.1 base 60 ("22:22" is 1342); every format read here means the text
        try:
            return (
                _CONSTRUCTOR.construct_object(node, deep=False) if node.tag != "tag:yaml.org,2002:str" else node.value
            )
        except (yaml.YAMLError, ValueError, TypeError):
            return node.value
        finally:
            _CONSTRUCTOR.constructed_objects.clear()

    def _custom_tag(self, node: yaml.Node, name: str, depth: int, line: int) -> Node:
        """`!Ref x` -> {"Ref": "x"}; `!GetAtt a.b` -> {"Fn::GetAtt": ["a", "b"]}; `!Sub` -> {"Fn::Sub": ...}."""
        if isinstance(node, yaml.ScalarNode):
            value: Any = node.value
            if name == "GetAtt" and "." in value:
                value = value.split(".", 1)
        elif isinstance(node, yaml.MappingNode):
            value = self._mapping(node, depth, line)
        else:
            value = self.build(
                yaml.SequenceNode("tag:yaml.org,2002:seq", node.value, node.start_mark, node.end_mark), depth + 1
            )
        wrapped = Node(line)
        wrapped.set(_SHORT_FUNCTIONS.get(name, f"Fn::{name}"), value, line)
        return wrapped
