"""Calls: resolving the callee (a source, a project function with a summary, a sink, a sanitiser),
tagged templates, constructors, and callbacks interpreted where they are passed.

Callbacks are walked inline so they see the enclosing variables (a route handler registered inline,
a `.then` continuation); named project functions are summarised once per calling context and the
summary is reused at every call site.
"""

from __future__ import annotations

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript import specs
from pavedroad.analyzers.sast.javascript.analysis import Analysis
from pavedroad.analyzers.sast.javascript.binding import bind, name_roles, parameters, rest_index
from pavedroad.analyzers.sast.javascript.modules import FUNCTION_TYPES, FunctionInfo, qualified_name, string_value
from pavedroad.analyzers.sast.javascript.parse import text
from pavedroad.analyzers.sast.javascript.scope import Scope
from pavedroad.analyzers.sast.javascript.sinks import check_sink
from pavedroad.analyzers.sast.python.interpreter import SinkHit
from pavedroad.analyzers.sast.python.taint import PARAM, Taint, merge, substitute

MAX_INLINE_DEPTH = 24  # callbacks inside callbacks: deeper nesting is generated code


def call(analysis: Analysis, node: Node, scope: Scope) -> Taint | None:
    """The taint a call returns, after checking it as a source, project function, sink or sanitiser."""
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None:
        return None
    if arguments is not None and arguments.type == "template_string":
        return _tagged_template(analysis, function, arguments, scope)
    immediate = (
        function.named_children[0]
        if function.type == "parenthesized_expression" and function.named_child_count
        else function
    )
    if immediate.type in FUNCTION_TYPES:  # (function () { ... })(): runs right here
        inline(analysis, immediate, scope, {})
        return None
    qualified = qualified_name(analysis.module, function)
    method = text(function.child_by_field_name("property")) if function.type == "member_expression" else None
    receiver = function.child_by_field_name("object") if function.type == "member_expression" else None
    argument_nodes = [child for child in arguments.named_children if child.type != "comment"] if arguments else []
    if qualified in specs.SOURCE_CALLS:
        return analysis.source(specs.SOURCE_CALLS[qualified], node, None)
    callee = analysis.value(function, scope) if function.type == "member_expression" else None
    values = [None if child.type in FUNCTION_TYPES else analysis.value(child, scope) for child in argument_nodes]
    returned = _callbacks(analysis, argument_nodes, method, callee, scope)
    target = analysis.project.function_for(analysis.module, qualified, analysis.function)
    if target is not None:
        return _call_function(analysis, node, target, argument_nodes, values, scope)
    sink = analysis.project.sink_for(qualified, method)
    if sink is not None and check_sink(analysis, node, sink, receiver, argument_nodes, values, scope):
        return None
    cleared = _sanitiser(qualified, method)
    result = merge(callee, returned, *values)
    if cleared is not None:
        return result.clear(cleared) if result is not None else None
    if method in specs.MUTATING_METHODS and receiver is not None and receiver.type == "identifier":
        added = merge(*values)
        if added is not None:
            scope.env.add(text(receiver), added.through(analysis.step(node, f"stored in {text(receiver)}")))
    return result


def construct(analysis: Analysis, node: Node, scope: Scope) -> Taint | None:
    """`new X(...)`: a sink when the constructor is one, else its arguments' taint."""
    constructor = node.child_by_field_name("constructor")
    arguments = node.child_by_field_name("arguments")
    argument_nodes = list(arguments.named_children) if arguments is not None else []
    values = [analysis.value(child, scope) for child in argument_nodes]
    qualified = qualified_name(analysis.module, constructor) if constructor is not None else None
    sink = analysis.project.sink_for(qualified, None)
    if sink is not None:
        check_sink(analysis, node, sink, None, argument_nodes, values, scope)
        return None
    return merge(*values)


def inline(analysis: Analysis, node: Node, scope: Scope, given: dict[int, Taint], route: bool = False) -> Taint | None:
    """Walk a function expression where it appears; its return value, for the caller to use."""
    if analysis.depth >= MAX_INLINE_DEPTH:
        return None
    inner = scope.copy()
    for index, parameter in enumerate(parameters(node)):
        if route and index == 0 and parameter.type == "identifier":
            inner.requests.add(text(parameter))
        elif route and index == 1 and parameter.type == "identifier":
            inner.responses.add(text(parameter))
        else:
            bind(analysis, parameter, given.get(index), inner, parameter, announce=False)
        name_roles(parameter, inner)
    returns = analysis.summary.returns
    analysis.summary.returns = None
    analysis.depth += 1
    try:
        analysis.body(node, inner)
        return analysis.summary.returns
    finally:
        analysis.depth -= 1
        analysis.summary.returns = returns  # a callback's return value is not this function's


def _tagged_template(analysis: Analysis, function: Node, template: Node, scope: Scope) -> Taint | None:
    taint = analysis.value(template, scope)
    method = text(function.child_by_field_name("property")) if function.type == "member_expression" else ""
    if text(function) in specs.SAFE_TEMPLATE_TAGS or f".{method}" in specs.SAFE_TEMPLATE_TAGS:
        return None  # values become bound parameters
    return taint


def _callbacks(
    analysis: Analysis, arguments: list[Node], method: str | None, callee: Taint | None, scope: Scope
) -> Taint | None:
    """Interpret functions passed as arguments where they are passed, so they see the closure; what
    they return may be what the call returns (`useMemo(() => ...)`, `.then(body => body.x)`)."""
    route = method in specs.ROUTE_METHODS
    returned = []
    for argument in arguments:
        if argument.type not in FUNCTION_TYPES:
            continue
        given: dict[int, Taint] = {}
        if method in specs.ELEMENT_CALLBACKS and callee is not None:
            given[1 if method == "reduce" else 0] = callee
        if method == "addEventListener" and string_value(arguments[0]) == specs.MESSAGE_EVENT:
            given[0] = analysis.source("message event", argument, None)
        returned.append(inline(analysis, argument, scope, given, route=route))
    return merge(*returned)


def _call_function(
    analysis: Analysis,
    node: Node,
    target: FunctionInfo,
    arguments: list[Node],
    values: list[Taint | None],
    scope: Scope,
) -> Taint | None:
    """A call of a project function: its summary, with parameters replaced by what is passed here."""
    requests = frozenset(index for index, argument in enumerate(arguments) if scope.is_request(argument))
    responses = frozenset(
        index
        for index, argument in enumerate(arguments)
        if argument.type == "identifier" and text(argument) in scope.responses
    )
    summary = analysis.project.summary(target, requests, responses)
    rest = rest_index(target.node)

    def value_of(symbol: str) -> Taint | None:
        index = int(symbol.removeprefix(PARAM)) if symbol.startswith(PARAM) else -1
        if index < 0:
            return None
        if rest is not None and index == rest:
            return merge(*values[index:])
        return values[index] if index < len(values) else None

    call_step = analysis.step(node, f"passed to {target.name}()")
    for symbol, hit in summary.sinks:
        value = value_of(symbol)
        cleared = value.clear(hit.taint.cleared_for(symbol)) if value is not None else None
        if cleared is None or not cleared.dangerous_for(hit.category):
            continue
        combined = Taint(cleared.labels, (*cleared.through(call_step).trace, *hit.taint.trace))
        analysis.report(SinkHit(hit.category, combined, hit.step, hit.context))
    return substitute(summary.returns, value_of, call_step) if summary.returns is not None else None


def _sanitiser(qualified: str | None, method: str | None) -> frozenset[str] | None:
    if qualified is not None and qualified in specs.SANITISERS:
        return specs.SANITISERS[qualified]
    if method is not None and f".{method}" in specs.SANITISERS:
        return specs.SANITISERS[f".{method}"]
    return None
