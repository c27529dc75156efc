"""Conditions that pin a value down, so the branch they guard (or the code after an early exit) is safe.

`ALLOWED.includes(x)`, `ALLOWED.has(x)`, `x === "literal"`, `/^[a-z]+$/.test(x)`, `validator.isInt(x)`
pin `x` completely; `ALLOWED_HOSTS.includes(new URL(x).hostname)` (or `u.hostname` of a parsed
`u`) fixes the host of `x` for SSRF and redirects; `resolved.startsWith(BASE)` confines a path.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript.parse import text
from pavedroad.analyzers.sast.javascript.specs import (
    ALL,
    MEMBERSHIP_METHODS,
    PATH_CHECKS,
    SENDER_PARTS,
    URL_CATEGORIES,
    URL_PARTS,
    VALIDATORS,
)

Proof = dict[str, frozenset[str]]  # the text of a name or member path -> categories it is safe for
EVERYTHING = frozenset({ALL})
LITERALS = frozenset({"string", "number", "template_string", "true", "false", "null"})
CONSTANT_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
EXITS = frozenset({"return_statement", "throw_statement", "break_statement", "continue_statement"})


def proofs(condition: Node | None, positive: bool) -> Proof:
    """What `condition` being `positive` proves about the names it tests."""
    if condition is None:
        return {}
    kind = condition.type
    if kind == "parenthesized_expression" and condition.named_child_count:
        return proofs(condition.named_children[0], positive)
    if kind == "unary_expression" and text(condition.child_by_field_name("operator")) == "!":
        return proofs(condition.child_by_field_name("argument"), not positive)
    if kind == "binary_expression":
        operator = text(condition.child_by_field_name("operator"))
        left, right = condition.child_by_field_name("left"), condition.child_by_field_name("right")
        if (operator == "&&" and positive) or (operator == "||" and not positive):
            return _join(proofs(left, positive), proofs(right, positive))
        if (operator in {"===", "=="} and positive) or (operator in {"!==", "!="} and not positive):
            return _equality(left, right)
        return {}
    if kind == "call_expression" and positive:
        return _call(condition)
    return {}


def always_exits(node: Node | None) -> bool:
    """The statement never falls through (`return`, `throw`, or a block ending in one)."""
    if node is None:
        return False
    if node.type in EXITS:
        return True
    if node.type == "statement_block":
        return any(always_exits(child) for child in node.named_children)
    if node.type == "if_statement":
        alternative = node.child_by_field_name("alternative")
        branch = alternative.named_children[0] if alternative is not None and alternative.named_child_count else None
        return always_exits(node.child_by_field_name("consequence")) and always_exits(branch)
    return False


def _join(first: Proof, second: Proof) -> Proof:
    joined = dict(first)
    for name, categories in second.items():
        joined[name] = joined.get(name, frozenset()) | categories
    return joined


def _subject(node: Node | None) -> Proof:
    """What knowing `node`'s exact value proves: the name itself, or the host of a parsed URL."""
    if node is None:
        return {}
    if node.type in {"identifier", "member_expression", "subscript_expression"}:
        if node.type == "member_expression" and text(node.child_by_field_name("property")) in SENDER_PARTS:
            return {text(node.child_by_field_name("object")): EVERYTHING}
        if node.type == "member_expression" and text(node.child_by_field_name("property")) in URL_PARTS:
            parsed = node.child_by_field_name("object")
            if parsed is not None:
                if parsed.type == "parenthesized_expression" and parsed.named_child_count:
                    parsed = parsed.named_children[0]
                if parsed.type == "new_expression":  # new URL(x).hostname
                    arguments = parsed.child_by_field_name("arguments")
                    if arguments is not None and arguments.named_child_count:
                        return {text(arguments.named_children[0]): URL_CATEGORIES}
                return {text(parsed): URL_CATEGORIES}
        return {text(node): EVERYTHING}
    return {}


def _equality(left: Node | None, right: Node | None) -> Proof:
    if _constant(left):
        return _subject(right)
    if _constant(right):
        return _subject(left)
    return {}


def _constant(node: Node | None) -> bool:
    """A literal, or a name spelled like a module constant (`TRUSTED_ORIGIN`)."""
    if node is None:
        return False
    return node.type in LITERALS or (node.type == "identifier" and CONSTANT_NAME.fullmatch(text(node)) is not None)


def _call(node: Node) -> Proof:
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or arguments is None or function.type != "member_expression":
        return {}
    method = text(function.child_by_field_name("property"))
    receiver = function.child_by_field_name("object")
    first = arguments.named_children[0] if arguments.named_child_count else None
    if method in MEMBERSHIP_METHODS or method in VALIDATORS:
        return _subject(first)
    if method == "test" and receiver is not None and receiver.type == "regex":
        pattern = text(receiver.child_by_field_name("pattern"))
        return _subject(first) if pattern.startswith("^") and pattern.endswith("$") else {}
    if method in PATH_CHECKS and receiver is not None and receiver.type in {"identifier", "member_expression"}:
        return {text(receiver): frozenset({"path"})}
    return {}
