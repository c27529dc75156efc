"""Expressions to taint: literals, names and member paths (with what guards have proven about them),
request and browser sources, template literals and string concatenation, assignments, object and
array literals, JSX attributes that are sinks. Calls are handed to `calls`."""

from __future__ import annotations

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript import specs
from pavedroad.analyzers.sast.javascript.analysis import Analysis
from pavedroad.analyzers.sast.javascript.binding import bind
from pavedroad.analyzers.sast.javascript.calls import call, construct, inline
from pavedroad.analyzers.sast.javascript.guards import proofs
from pavedroad.analyzers.sast.javascript.modules import FUNCTION_TYPES
from pavedroad.analyzers.sast.javascript.parse import text
from pavedroad.analyzers.sast.javascript.scope import Scope
from pavedroad.analyzers.sast.python.taint import Taint, merge

WRAPPERS = frozenset(
    {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression",
     "type_assertion", "await_expression", "spread_element", "yield_expression"}
)  # fmt: skip
UNTAINTED = frozenset(
    {"string", "number", "true", "false", "null", "undefined", "regex", "this", "super", "unary_expression",
     "update_expression", "class", "import", "meta_property", "string_fragment", "comment"}
)  # fmt: skip
STRING_OPERATORS = frozenset({"+"})
EITHER_OPERATORS = frozenset({"&&", "||", "??"})


def value(analysis: Analysis, node: Node | None, scope: Scope) -> Taint | None:
    """The taint of an expression, reporting any sink it reaches on the way."""
    if node is None:
        return None
    kind = node.type
    if kind in UNTAINTED:
        if kind == "unary_expression":
            value(analysis, node.child_by_field_name("argument"), scope)
        return None
    if kind == "identifier" or kind == "shorthand_property_identifier":
        return _pinned(node, scope.env.get(text(node)), scope)
    if kind in WRAPPERS:
        return merge(
            *(value(analysis, child, scope) for child in node.named_children if child.type != "type_annotation")
        )
    if kind == "member_expression":
        return _member(analysis, node, scope)
    if kind == "subscript_expression":
        value(analysis, node.child_by_field_name("index"), scope)
        return _pinned(node, value(analysis, node.child_by_field_name("object"), scope), scope)
    if kind == "call_expression":
        return call(analysis, node, scope)
    if kind == "new_expression":
        return construct(analysis, node, scope)
    if kind == "template_string":
        parts = [
            value(analysis, child, scope) for child in node.named_children if child.type == "template_substitution"
        ]
        return _stringified(merge(*parts))
    if kind == "template_substitution":
        return merge(*(value(analysis, child, scope) for child in node.named_children))
    if kind == "binary_expression":
        operator = text(node.child_by_field_name("operator"))
        left = value(analysis, node.child_by_field_name("left"), scope)
        right = value(analysis, node.child_by_field_name("right"), scope)
        if operator in STRING_OPERATORS:
            return _stringified(merge(left, right))
        return merge(left, right) if operator in EITHER_OPERATORS else None
    if kind == "ternary_expression":
        condition = node.child_by_field_name("condition")
        value(analysis, condition, scope)
        return merge(
            value(analysis, node.child_by_field_name("consequence"), scope.narrowed(proofs(condition, True))),
            value(analysis, node.child_by_field_name("alternative"), scope.narrowed(proofs(condition, False))),
        )
    if kind in {"assignment_expression", "augmented_assignment_expression"}:
        return _assignment(analysis, node, scope)
    if kind == "object":
        return _object_literal(analysis, node, scope)
    if kind == "pair":
        return value(analysis, node.child_by_field_name("value"), scope)
    if kind in {"array", "sequence_expression"}:
        values = [value(analysis, child, scope) for child in node.named_children]
        return values[-1] if kind == "sequence_expression" and values else merge(*values)
    if kind in FUNCTION_TYPES:
        inline(analysis, node, scope, {})
        return None
    if kind == "ERROR":  # tree-sitter's recovery: the statements and expressions it kept are still code
        parts = []
        for child in node.named_children:
            if child.type.endswith(("statement", "declaration")):
                analysis.statement(child, scope)
            else:
                parts.append(value(analysis, child, scope))
        return merge(*parts)
    if kind == "jsx_expression":
        return merge(*(value(analysis, child, scope) for child in node.named_children))
    if kind in {"jsx_element", "jsx_self_closing_element", "jsx_opening_element"}:
        _jsx(analysis, node, scope)
        return None
    return None


def _pinned(node: Node, taint: Taint | None, scope: Scope) -> Taint | None:
    if taint is None or not scope.pinned:
        return taint
    proven = scope.pinned.get(text(node))
    return taint.clear(proven) if taint is not None and proven else taint


def _member(analysis: Analysis, node: Node, scope: Scope) -> Taint | None:
    obj = node.child_by_field_name("object")
    prop = text(node.child_by_field_name("property"))
    if obj is not None and prop in specs.REQUEST_ATTRIBUTES and scope.is_request(obj):
        return _pinned(node, analysis.request_source(obj, prop, node), scope)
    path = text(node).removeprefix("window.") if prop in specs.BROWSER_PROPERTIES else ""
    if path in specs.BROWSER_SOURCES:
        return _pinned(node, analysis.source(path, node, None), scope)
    if prop in specs.NUMERIC_PROPERTIES or (prop in specs.SERVER_SET_UPLOAD_PROPERTIES and _upload(obj, scope)):
        value(analysis, obj, scope)
        return None
    return _pinned(node, value(analysis, obj, scope), scope)


def _assignment(analysis: Analysis, node: Node, scope: Scope) -> Taint | None:
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if left is None:
        return None
    if right is not None and right.id in analysis.module.function_nodes:
        return None  # `exports.handler = function ...`: indexed and summarised on its own
    taint = value(analysis, right, scope)
    if node.type == "augmented_assignment_expression":
        taint = merge(value(analysis, left, scope), taint)
    bind(analysis, left, taint, scope, node)
    return taint


def _object_literal(analysis: Analysis, node: Node, scope: Scope) -> Taint | None:
    parts = []
    for entry in node.named_children:
        if entry.type == "method_definition":
            continue
        parts.append(value(analysis, entry, scope))
    return merge(*parts)


def _jsx(analysis: Analysis, node: Node, scope: Scope) -> None:
    for child in node.named_children:
        if child.type == "jsx_attribute" and child.named_child_count >= 2:
            name = text(child.named_children[0])
            category = specs.JSX_SINKS.get(name)
            taint = value(analysis, child.named_children[1], scope)
            if category is not None and taint is not None:
                analysis.sink(category, taint, child, f"rendered through {name}")
        elif child.type in {"jsx_expression", "jsx_element", "jsx_self_closing_element", "jsx_opening_element"}:
            value(analysis, child, scope)


def _stringified(taint: Taint | None) -> Taint | None:
    """A string built from input cannot carry MongoDB operators any more."""
    return taint.clear(specs.STRING_ONLY_CATEGORIES) if taint is not None else None


def _upload(node: Node | None, scope: Scope) -> bool:
    """`req.file`: the upload middleware's record of a stored file."""
    if node is None or node.type != "member_expression":
        return False
    prop = text(node.child_by_field_name("property"))
    return prop in specs.UPLOAD_OBJECTS and scope.is_request(node.child_by_field_name("object"))
