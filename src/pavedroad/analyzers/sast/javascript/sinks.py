"""Whether a call that names a sink really is one here, and which of its arguments carry input into it:
the receiver must be a response or a jQuery chain, a header sink needs its header, a fixed origin or an
object of options can make an argument harmless, `shell: true` makes more arguments dangerous."""

from __future__ import annotations

import re
from collections.abc import Iterable

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript import specs
from pavedroad.analyzers.sast.javascript.analysis import Analysis
from pavedroad.analyzers.sast.javascript.modules import string_value
from pavedroad.analyzers.sast.javascript.parse import text
from pavedroad.analyzers.sast.javascript.scope import Scope
from pavedroad.analyzers.sast.javascript.taint_rules import WHERE
from pavedroad.analyzers.sast.python.taint import Taint, merge

CONTENT_TYPE_SETTERS = frozenset({"type", "contentType", "header", "set", "setHeader"})
FIXED_ORIGIN = re.compile(r"^(?:(?:https?:)?//[^/?#\s]+[/?#]|/[^/\\])")  # "https://api.host/..." or "/path"


def check_sink(
    analysis: Analysis,
    node: Node,
    sink: specs.Sink,
    receiver: Node | None,
    arguments: list[Node],
    values: list[Taint | None],
    scope: Scope,
) -> bool:
    """Report the sink when input reaches a dangerous argument; False when this call is not the sink
    after all (a `.send` on something that is not a response)."""
    if sink.receiver == specs.RESPONSE and not scope.is_response(receiver):
        return False
    if sink.receiver == specs.JQUERY and not _jquery_chain(receiver):
        return False
    if sink.header and (not arguments or (string_value(arguments[0]) or "").lower() != sink.header):
        return False
    if sink.category == "xss" and _fastify_text_reply(receiver):
        return True
    if sink.root_option and any(_has_key(argument, "root") for argument in arguments[1:]):
        return True
    positions = set(range(len(arguments)) if sink.arguments is None else sink.arguments)
    if sink.shell_arguments and any(_shell_enabled(argument) for argument in arguments):
        positions |= set(sink.shell_arguments)
    callee_text = text(node.child_by_field_name("function") or node.child_by_field_name("constructor"))
    for position in sorted(positions):
        if position >= len(arguments):
            continue
        argument = arguments[position]
        taint = values[position]
        if sink.json_objects and argument.type == "object":
            continue
        if sink.url_keys and argument.type == "object":
            taint = merge(
                *(analysis.value(pair.child_by_field_name("value"), scope) for pair in _pairs(argument, sink.url_keys))
            )
        if sink.category in {"ssrf", "redirect"} and _fixed_origin(argument):
            continue
        if sink.category == "nosql" and argument.type == "object":
            where = merge(
                *(analysis.value(pair.child_by_field_name("value"), scope) for pair in _pairs(argument, {"$where"}))
            )
            if where is not None:
                analysis.sink(WHERE, where, node, f"reaches $where of {callee_text}()")
        if taint is not None:
            analysis.sink(sink.category, taint, node, f"reaches {callee_text}()")
    return True


def _pairs(node: Node, keys: Iterable[str]) -> list[Node]:
    wanted = set(keys)
    found = []
    for entry in node.named_children:
        if entry.type == "pair":
            key = entry.child_by_field_name("key")
            name = string_value(key) if key is not None and key.type == "string" else text(key)
            if name in wanted:
                found.append(entry)
    return found


def _has_key(node: Node, key: str) -> bool:
    return node.type == "object" and bool(_pairs(node, {key}))


def _shell_enabled(node: Node) -> bool:
    return (
        any(text(pair.child_by_field_name("value")) != "false" for pair in _pairs(node, {"shell"}))
        if node.type == "object"
        else False
    )


def _fixed_origin(node: Node) -> bool:
    """`https://api.example.com/users/${id}` or `/profile/${id}`: input cannot choose where it goes."""
    while node.type == "binary_expression":
        left = node.child_by_field_name("left")
        if left is None:
            return False
        node = left
    if node.type == "template_string":
        leading = next(iter(node.named_children), None)
        return leading is not None and leading.type == "string_fragment" and bool(FIXED_ORIGIN.match(text(leading)))
    if node.type == "string":
        return bool(FIXED_ORIGIN.match(string_value(node) or ""))
    return False


def _jquery_chain(receiver: Node | None) -> bool:
    """`$("#id")`, `$(el).find("p").first()`: a chain that starts with a jQuery call."""
    while receiver is not None and receiver.type in {"call_expression", "member_expression"}:
        inner = receiver.child_by_field_name("function") if receiver.type == "call_expression" else None
        if inner is not None and text(inner) in specs.JQUERY_FUNCTIONS:
            return True
        receiver = inner if inner is not None else receiver.child_by_field_name("object")
    return False


def _fastify_text_reply(receiver: Node | None) -> bool:
    """Not HTML: the chain declares another content type (`res.type("text/plain")`, `.header("Content-Type",
    "application/json")`), or it is a Fastify reply, which sends strings as text/plain unless told otherwise."""
    chain = receiver
    while chain is not None and chain.type in {"call_expression", "member_expression"}:
        if chain.type == "call_expression":
            function = chain.child_by_field_name("function")
            arguments = text(chain.child_by_field_name("arguments")).lower()
            method = text(function.child_by_field_name("property")) if function is not None else ""
            if "html" in arguments:
                return False
            if method in CONTENT_TYPE_SETTERS and (method in {"type", "contentType"} or "content-type" in arguments):
                return True
            chain = function
        else:
            chain = chain.child_by_field_name("object")
    return chain is not None and text(chain) == "reply"
