"""Giving names the taint of a value: destructuring patterns, function parameters and the roles their
names imply, and writes into objects (`obj.prop = ...`, `obj[key] = ...`), where property sinks and
prototype pollution live."""

from __future__ import annotations

import re

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript import specs
from pavedroad.analyzers.sast.javascript.analysis import Analysis
from pavedroad.analyzers.sast.javascript.modules import FunctionInfo, ModuleIndex
from pavedroad.analyzers.sast.javascript.parse import text
from pavedroad.analyzers.sast.javascript.scope import Scope
from pavedroad.analyzers.sast.python.taint import Taint, merge


def bind(
    analysis: Analysis, target: Node, taint: Taint | None, scope: Scope, node: Node, announce: bool = True
) -> None:
    """Give every name in a pattern (`{id, ...rest}`, `[a, b = 1]`) the taint of the whole value."""
    kind = target.type
    if kind in {"identifier", "shorthand_property_identifier_pattern"}:
        name = text(target)
        if announce and taint is not None:
            taint = taint.through(analysis.step(node, f"assigned to {name}"))
        scope.env.set(name, taint)
        scope.pinned.pop(name, None)
    elif kind in {"object_pattern", "array_pattern"}:
        for part in target.named_children:
            bind(analysis, part, taint, scope, node, announce)
    elif kind == "pair_pattern":
        value = target.child_by_field_name("value")
        if value is not None:
            bind(analysis, value, taint, scope, node, announce)
    elif kind in {"assignment_pattern", "object_assignment_pattern"}:
        left = target.child_by_field_name("left")
        default = analysis.value(target.child_by_field_name("right"), scope)
        if left is not None:
            bind(analysis, left, merge(taint, default), scope, node, announce)
    elif kind in {"rest_pattern", "required_parameter", "optional_parameter"}:
        inner = target.child_by_field_name("pattern") or (
            target.named_children[0] if target.named_child_count else None
        )
        if inner is not None:
            bind(analysis, inner, taint, scope, node, announce)
    elif kind in {"member_expression", "subscript_expression"}:
        _store(analysis, target, taint, scope, node)


def name_roles(parameter: Node, scope: Scope) -> None:
    """Parameters named like a request or a response are one, whoever calls the function."""
    name = text(parameter.child_by_field_name("pattern") or parameter)
    if parameter.type not in {"identifier", "required_parameter", "optional_parameter"}:
        return
    if name in specs.REQUEST_NAMES:
        scope.requests.add(name)
        scope.env.set(name, None)
        if name == "ctx":  # Koa's context is the response too (`ctx.body`, `ctx.redirect`)
            scope.responses.add(name)
    elif name in specs.RESPONSE_NAMES:
        scope.responses.add(name)
        scope.env.set(name, None)


def parameters(node: Node) -> list[Node]:
    """A function's parameter patterns in order (`x => ...` has one, unparenthesised)."""
    single = node.child_by_field_name("parameter")
    if single is not None:
        return [single]
    formal = node.child_by_field_name("parameters")
    return [child for child in formal.named_children if child.type != "comment"] if formal is not None else []


def rest_index(node: Node) -> int | None:
    """The position of a function's `...rest` parameter, if it has one."""
    for index, parameter in enumerate(parameters(node)):
        if parameter.type == "rest_pattern" or (
            parameter.named_child_count and parameter.named_children[0].type == "rest_pattern"
        ):
            return index
    return None


def pollution_shape(function: FunctionInfo | None) -> bool:
    """The function calls itself or walks into its object (`cur = cur[key]`)."""
    if function is None:
        return False
    body = text(function.node)
    own = function.name.rsplit(".", 1)[-1]
    recursive = re.search(rf"\b{re.escape(own)}\s*\(", body[body.find("{") :] if "{" in body else body)
    walks = re.search(r"\b(\w+)\s*=\s*\1\s*\[", body)
    return bool(recursive or walks)


def _store(analysis: Analysis, target: Node, taint: Taint | None, scope: Scope, node: Node) -> None:
    """An assignment to `obj.prop` or `obj[key]`: a sink for some properties, else `obj` now holds it."""
    obj = target.child_by_field_name("object")
    if target.type == "member_expression":
        prop = text(target.child_by_field_name("property"))
        category = specs.PROPERTY_SINKS.get(prop)
        if category is not None and taint is not None:
            analysis.sink(category, taint, node, f"assigned to {text(target)}")
        if text(target) in specs.LOCATION_TARGETS and taint is not None:
            analysis.sink("redirect", taint, node, f"assigned to {text(target)}")
        if prop == specs.KOA_BODY and obj is not None and text(obj) in scope.responses and taint is not None:
            right = node.child_by_field_name("right")
            if right is None or right.type != "object":  # an object is sent as JSON
                analysis.sink("xss", taint, node, f"assigned to {text(target)}")
    elif not _creates_container(target, node.child_by_field_name("right")):
        _pollution(analysis, target, scope, node)
    root = obj
    while root is not None and root.type in {"member_expression", "subscript_expression"}:
        root = root.child_by_field_name("object")
    if root is not None and root.type == "identifier" and taint is not None:
        scope.env.add(text(root), taint.through(analysis.step(node, f"stored in {text(root)}")))


def _pollution(analysis: Analysis, target: Node, scope: Scope, node: Node) -> None:
    """`obj[key] = ...` with a key from input, where `obj` may itself be `something[key]`:
    a recursive merge, a path setter or a two-level write reach `Object.prototype`."""
    key = analysis.value(target.child_by_field_name("index"), scope)
    if key is None:
        return
    obj = target.child_by_field_name("object")
    two_level = obj is not None and obj.type == "subscript_expression"
    if (two_level or analysis.pollution_shape()) and not _refuses_prototype(analysis.module):
        analysis.sink("prototype", key, node, f"key written in {text(target)}")


def _refuses_prototype(module: ModuleIndex) -> bool:
    """The module names `__proto__` (a deny-list, a comparison): it knows about the attack. Checked on
    the module, not the function, because deny-lists are usually module constants."""
    source = text(module.root)
    return any(guard in source for guard in specs.PROTOTYPE_GUARDS)


def _creates_container(target: Node, value: Node | None) -> bool:
    """`obj[k] = {}` or `obj[k] = obj[k] || {}`: making room on the way down is not the polluting write."""
    if value is not None and value.type == "binary_expression":
        operator = text(value.child_by_field_name("operator"))
        if operator in {"||", "??"} and text(value.child_by_field_name("left")) == text(target):
            value = value.child_by_field_name("right")
    return _is_constant(value)


def _is_constant(node: Node | None) -> bool:
    if node is None:
        return True
    if node.type in {"object", "array"}:
        return node.named_child_count == 0
    return node.type in {"string", "number", "true", "false", "null", "undefined"}
