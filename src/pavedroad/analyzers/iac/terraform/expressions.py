"""Static evaluation of the Terraform expressions that matter for checks.

Only what is certain is evaluated: literals, `var.*`, `local.*`, `each.*`, `count.index`,
interpolated strings whose parts are all known, `jsonencode(...)` of a known object, and
conditionals whose condition is known. Everything else becomes an `Unknown` that remembers
which resources it refers to, so the resource graph can still link them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hcl2.api import loads as load_hcl
from lark.exceptions import LarkError

from pavedroad.analyzers.iac.model import MISSING, Node, NodeList, Unknown

_REFERENCE = re.compile(
    r"(?<![\w.\"])(?:(?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*|module\.[A-Za-z_][\w-]*)"
)
_TRAVERSAL = re.compile(r"^([A-Za-z_][\w-]*)((?:\.[\w-]+|\[[^\]]+\])*)$")
_STEP = re.compile(r"\.([\w-]+)|\[\s*(\"[^\"]*\"|\d+)\s*\]")
_TERNARY = re.compile(r"^(?P<condition>[^?]+?)\s*\?\s*(?P<yes>[^:?]+?)\s*:\s*(?P<no>[^:?]+)$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_MAX_DEPTH = 20

Lookup = Callable[[str, str], Any]  # (namespace, name) -> value or MISSING


class Scope:
    """Where names resolve: variables, locals (evaluated lazily), and `each`/`count` of one instance."""

    def __init__(self, variables: dict[str, Any], locals_: dict[str, Any]) -> None:
        self.variables = variables
        self._raw_locals = locals_
        self._locals: dict[str, Any] = {}
        self._evaluating: set[str] = set()
        self.each: dict[str, Any] = {}
        self.count_index: int | None = None
        self.iterators: dict[str, dict[str, Any]] = {}

    def instance(self, each: dict[str, Any] | None = None, count_index: int | None = None) -> Scope:
        copy = Scope(self.variables, self._raw_locals)
        copy._locals = self._locals
        copy.each = each or {}
        copy.count_index = count_index
        return copy

    def with_iterator(self, name: str, key: Any, value: Any) -> Scope:
        """The scope inside a `dynamic "name"` block's content, where `name.key`/`name.value` resolve."""
        copy = self.instance(self.each, self.count_index)
        copy.iterators = {**self.iterators, name: {"key": key, "value": value}}
        return copy

    def resolve(self, namespace: str, name: str) -> Any:
        if namespace == "var":
            return self.variables.get(name, MISSING)
        if namespace == "local":
            if name in self._locals:
                return self._locals[name]
            if name not in self._raw_locals or name in self._evaluating:
                return MISSING
            self._evaluating.add(name)
            try:
                value = evaluate(self._raw_locals[name], self)
            finally:
                self._evaluating.discard(name)
            self._locals[name] = value
            return value
        if namespace == "each":
            return self.each.get(name, MISSING)
        if namespace == "count" and name == "index":
            return self.count_index if self.count_index is not None else MISSING
        if namespace in self.iterators:
            return self.iterators[namespace].get(name, MISSING)
        return MISSING


def evaluate(value: Any, scope: Scope, depth: int = 0) -> Any:
    """The value with every expression evaluated where certain; containers keep their lines."""
    if depth > _MAX_DEPTH:
        return Unknown("nested too deeply")
    if isinstance(value, str):
        return _string(value, scope, depth)
    if isinstance(value, Node):
        result = Node(value.line)
        for key, item in value.items():
            result.set(key, evaluate(item, scope, depth + 1), value.line_of(key))
        return result
    if isinstance(value, NodeList):
        items = NodeList(value.line)
        for index, item in enumerate(value):
            items.add(evaluate(item, scope, depth + 1), value.line_of(index))
        return items
    if isinstance(value, dict):
        return {key: evaluate(item, scope, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [evaluate(item, scope, depth + 1) for item in value]
    return value


def references_in(text: str) -> tuple[str, ...]:
    found = []
    for match in _REFERENCE.finditer(text):
        reference = match.group(0)
        if reference.split(".", 1)[0] not in ("var", "local", "each", "count", "path", "terraform", "self"):
            found.append(reference)
    return tuple(dict.fromkeys(found))


def _string(text: str, scope: Scope, depth: int) -> Any:
    if "${" not in text:
        return text
    parts = _split_interpolations(text)
    if parts is None:
        return Unknown(text, references_in(text))
    if len(parts) == 1 and isinstance(parts[0], tuple):
        return _expression(parts[0][0], scope, depth)
    pieces = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(part)
            continue
        value = _expression(part[0], scope, depth)
        if isinstance(value, (Unknown, dict | list)) or value is MISSING:
            return Unknown(text, references_in(text))
        pieces.append(_as_text(value))
    return "".join(pieces)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _split_interpolations(text: str) -> list[str | tuple[str]] | None:
    """Literal text and `${...}` expressions (as 1-tuples), braces and quotes balanced."""
    parts: list[str | tuple[str]] = []
    position = 0
    while True:
        start = text.find("${", position)
        if start < 0:
            if position < len(text):
                parts.append(text[position:])
            return parts
        if start > position:
            parts.append(text[position:start])
        depth, index, quoted = 1, start + 2, False
        while index < len(text) and depth:
            char = text[index]
            if char == '"' and text[index - 1] != "\\":
                quoted = not quoted
            elif not quoted and char == "{":
                depth += 1
            elif not quoted and char == "}":
                depth -= 1
            index += 1
        if depth:
            return None
        parts.append((text[start + 2 : index - 1].strip(),))
        position = index


def _expression(expression: str, scope: Scope, depth: int) -> Any:
    if expression in ("true", "false"):
        return expression == "true"
    if expression == "null":
        return None
    if _NUMBER.match(expression):
        return float(expression) if "." in expression else int(expression)
    if len(expression) >= 2 and expression[0] == expression[-1] == '"' and '"' not in expression[1:-1]:
        return _string(expression[1:-1], scope, depth + 1)
    traversal = _TRAVERSAL.match(expression)
    if traversal:
        return _traverse(traversal.group(1), traversal.group(2), scope, depth, expression)
    if expression.startswith("jsonencode(") and expression.endswith(")"):
        return _jsonencode(expression[len("jsonencode(") : -1], scope, depth)
    ternary = _TERNARY.match(expression)
    if ternary:
        condition = _expression(ternary["condition"].strip(), scope, depth + 1)
        if isinstance(condition, bool):
            return _expression(ternary["yes" if condition else "no"].strip(), scope, depth + 1)
    if expression.startswith("!"):
        negated = _expression(expression[1:].strip(), scope, depth + 1)
        if isinstance(negated, bool):
            return not negated
    return Unknown(expression, references_in(expression))


def _traverse(namespace: str, steps: str, scope: Scope, depth: int, expression: str) -> Any:
    names = [match.group(1) or match.group(2).strip('"') for match in _STEP.finditer(steps)]
    if not names:
        return Unknown(expression)
    value = scope.resolve(namespace, names[0])
    if value is MISSING:
        return Unknown(expression, references_in(expression))
    for name in names[1:]:
        if isinstance(value, dict) and name in value:
            value = value[name]
        elif isinstance(value, list) and name.isdigit() and int(name) < len(value):
            value = value[int(name)]
        else:
            return Unknown(expression, references_in(expression))
    if isinstance(value, str):
        return _string(value, scope, depth + 1)
    return value


def _jsonencode(argument: str, scope: Scope, depth: int) -> Any:
    """jsonencode({...}) of HCL object syntax: parsed with python-hcl2, then evaluated."""
    try:
        parsed = load_hcl(f"__value = {argument}\n")
    except (LarkError, ValueError, TypeError, KeyError, IndexError, RecursionError):
        return Unknown(f"jsonencode({argument})", references_in(argument))
    value = parsed.get("__value", MISSING)
    if value is MISSING:
        return Unknown(f"jsonencode({argument})", references_in(argument))
    return evaluate(value, scope, depth + 1)
