"""Statements: declarations, returns, branches (narrowed by the guards in their conditions and joined
afterwards), loops, `try`, `switch`, exports. Expressions inside them are evaluated by `expressions`."""

from __future__ import annotations

from collections.abc import Iterable

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript import specs
from pavedroad.analyzers.sast.javascript.analysis import Analysis
from pavedroad.analyzers.sast.javascript.binding import bind
from pavedroad.analyzers.sast.javascript.expressions import value
from pavedroad.analyzers.sast.javascript.guards import always_exits, proofs
from pavedroad.analyzers.sast.javascript.modules import FUNCTION_TYPES, qualified_name
from pavedroad.analyzers.sast.javascript.parse import text
from pavedroad.analyzers.sast.javascript.scope import Scope
from pavedroad.analyzers.sast.python.taint import merge


def body(analysis: Analysis, node: Node, scope: Scope) -> None:
    """Walk a function's body; what it returns is merged into the summary's return value."""
    block = node.child_by_field_name("body")
    if block is None:
        return
    if block.type == "statement_block":
        walk(analysis, block.named_children, scope)
    else:  # an arrow function's expression body is its return value
        analysis.summary.returns = merge(analysis.summary.returns, value(analysis, block, scope))


def walk(analysis: Analysis, nodes: Iterable[Node], scope: Scope) -> None:
    """Walk statements in order."""
    for node in nodes:
        statement(analysis, node, scope)


def statement(analysis: Analysis, node: Node, scope: Scope) -> None:
    """Walk one statement, updating `scope`."""
    kind = node.type
    if kind in {"lexical_declaration", "variable_declaration"}:
        for declarator in node.named_children:
            if declarator.type == "variable_declarator":
                _declarator(analysis, declarator, scope)
    elif kind == "expression_statement":
        for child in node.named_children:
            value(analysis, child, scope)
    elif kind == "return_statement":
        returned = node.named_children[0] if node.named_child_count else None
        if returned is not None:
            analysis.summary.returns = merge(analysis.summary.returns, value(analysis, returned, scope))
    elif kind == "if_statement":
        _conditional(analysis, node, scope)
    elif kind in {"for_statement", "while_statement", "do_statement"}:
        for part in ("initializer", "condition", "increment"):
            header = node.child_by_field_name(part)
            if header is not None and header.type.endswith("declaration"):
                statement(analysis, header, scope)
            elif header is not None:
                value(analysis, header, scope)
        _loop(analysis, node.child_by_field_name("body"), scope)
    elif kind == "for_in_statement":
        collection = value(analysis, node.child_by_field_name("right"), scope)
        left = node.child_by_field_name("left")
        if left is not None:
            bind(analysis, left, collection, scope, node)
        _loop(analysis, node.child_by_field_name("body"), scope)
    elif kind == "statement_block":
        walk(analysis, node.named_children, scope)
    elif kind == "try_statement":
        _attempt(analysis, node, scope)
    elif kind == "switch_statement":
        _switch(analysis, node, scope)
    elif kind == "export_statement":
        declaration = node.child_by_field_name("declaration")
        exported = node.child_by_field_name("value")
        if declaration is not None:
            statement(analysis, declaration, scope)
        elif exported is not None and exported.type not in FUNCTION_TYPES:  # a default-exported function is indexed
            value(analysis, exported, scope)
    elif kind == "labeled_statement":
        labelled = node.child_by_field_name("body")
        if labelled is not None:
            statement(analysis, labelled, scope)
    elif kind == "ERROR":
        value(analysis, node, scope)
    elif kind == "throw_statement":
        for child in node.named_children:
            value(analysis, child, scope)
    # function and class declarations are indexed and summarised on their own


def _declarator(analysis: Analysis, node: Node, scope: Scope) -> None:
    name = node.child_by_field_name("name")
    initial = node.child_by_field_name("value")
    if name is None or initial is None or initial.type in FUNCTION_TYPES:
        return
    taint = value(analysis, initial, scope)
    if name.type == "identifier" and initial.type == "call_expression":
        callee = initial.child_by_field_name("function")
        if callee is not None and qualified_name(analysis.module, callee) in specs.REQUEST_CALLS:
            scope.requests.add(text(name))
    if name.type == "identifier" and initial.type == "new_expression":
        arguments = initial.child_by_field_name("arguments")
        if arguments is not None and arguments.named_child_count:
            scope.derived[text(name)] = text(arguments.named_children[0])  # u = new URL(x)
    if scope.is_request(initial):
        if name.type == "identifier":
            scope.requests.add(text(name))  # const request = ctx.request
        else:
            _bind_request(analysis, name, initial, scope, node)  # const { query: { id } } = req
        return
    bind(analysis, name, taint, scope, node)


def _bind_request(analysis: Analysis, pattern: Node, request: Node, scope: Scope, node: Node) -> None:
    for part in pattern.named_children:
        key = part.child_by_field_name("key") if part.type == "pair_pattern" else part
        attribute = text(key)
        if attribute not in specs.REQUEST_ATTRIBUTES:
            continue
        taint = analysis.request_source(request, attribute, part)
        bind(analysis, part.child_by_field_name("value") or part, taint, scope, node)


def _conditional(analysis: Analysis, node: Node, scope: Scope) -> None:
    condition = node.child_by_field_name("condition")
    value(analysis, condition, scope)
    consequence = node.child_by_field_name("consequence")
    alternative = node.child_by_field_name("alternative")
    then_scope = scope.narrowed(proofs(condition, True))
    else_scope = scope.narrowed(proofs(condition, False))
    if consequence is not None:
        statement(analysis, consequence, then_scope)
    if alternative is not None:
        walk(analysis, alternative.named_children, else_scope)
    else_branch = alternative.named_children[0] if alternative is not None and alternative.named_child_count else None
    survivors = [
        branch for branch, taken in ((then_scope, consequence), (else_scope, else_branch)) if not always_exits(taken)
    ]
    if survivors:
        scope.join(*survivors)
        scope.requests |= then_scope.requests | else_scope.requests


def _loop(analysis: Analysis, loop_body: Node | None, scope: Scope) -> None:
    if loop_body is None:
        return
    for _ in range(2):  # a second pass carries taint assigned late in the body to its start
        inner = scope.copy()
        statement(analysis, loop_body, inner)
        if not scope.env.absorb(inner.env):
            break


def _attempt(analysis: Analysis, node: Node, scope: Scope) -> None:
    block = node.child_by_field_name("body")
    if block is not None:
        statement(analysis, block, scope)
    handler = node.child_by_field_name("handler")
    if handler is not None:
        branch = scope.copy()
        handler_block = handler.child_by_field_name("body")
        if handler_block is not None:
            statement(analysis, handler_block, branch)
        scope.env.absorb(branch.env)
    finalizer = node.child_by_field_name("finalizer")
    if finalizer is not None:
        for child in finalizer.named_children:
            statement(analysis, child, scope)


def _switch(analysis: Analysis, node: Node, scope: Scope) -> None:
    value(analysis, node.child_by_field_name("value"), scope)
    cases = node.child_by_field_name("body")
    branches = [scope]
    for case in cases.named_children if cases is not None else ():
        branch = scope.copy()
        walk(analysis, (child for child in case.children_by_field_name("body")), branch)
        branches.append(branch)
    scope.join(*branches)
