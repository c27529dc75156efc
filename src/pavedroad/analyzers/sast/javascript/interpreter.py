"""The abstract interpreter: walks one function (or a module's top level) and moves taint through it.

The taint model is the Python engine's (`Taint`, `Environment`, summaries with `param:N` symbols);
this module only knows JavaScript's shapes: template literals, destructuring, spread, callbacks,
`await`, JSX. Callbacks passed to calls are interpreted where they appear, seeing the enclosing
variables (a route handler registered inline, a `.then` continuation); named functions are
summarised once per calling context and reused at every call site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript import specs
from pavedroad.analyzers.sast.javascript.guards import Proof, always_exits, proofs
from pavedroad.analyzers.sast.javascript.modules import (
    FUNCTION_TYPES,
    FunctionInfo,
    ModuleIndex,
    qualified_name,
    string_value,
)
from pavedroad.analyzers.sast.javascript.parse import text
from pavedroad.analyzers.sast.javascript.taint_rules import RULE_FOR_CATEGORY, WHERE
from pavedroad.analyzers.sast.python.interpreter import SinkHit, Summary
from pavedroad.analyzers.sast.python.taint import PARAM, Environment, Step, Taint, merge, substitute

if TYPE_CHECKING:
    from pavedroad.analyzers.sast.javascript.project import Project

MAX_INLINE_DEPTH = 24  # callbacks inside callbacks: deeper nesting is generated code
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
NOT_BROWSER = frozenset(RULE_FOR_CATEGORY) - specs.BROWSER_CATEGORIES
CONTENT_TYPE_SETTERS = frozenset({"type", "contentType", "header", "set", "setHeader"})
FIXED_ORIGIN = re.compile(r"^(?:(?:https?:)?//[^/?#\s]+[/?#]|/[^/\\])")  # "https://api.host/..." or "/path"


@dataclass(slots=True)
class Scope:
    """What the code walked so far has established: taints, request objects, proofs from guards."""

    env: Environment = field(default_factory=Environment)
    requests: set[str] = field(default_factory=set)
    responses: set[str] = field(default_factory=set)
    pinned: dict[str, frozenset[str]] = field(default_factory=dict)  # member paths proven safe
    derived: dict[str, str] = field(default_factory=dict)  # `u = new URL(x)`: u -> x

    def copy(self) -> Scope:
        return Scope(self.env.copy(), set(self.requests), set(self.responses), dict(self.pinned), dict(self.derived))

    def join(self, *others: Scope) -> None:
        """After branches: tainted on any path is tainted; proven only if proven on every path."""
        environments = [other.env for other in others]
        keys = set.intersection(*(set(other.pinned) for other in others))
        pinned = {key: frozenset.intersection(*(other.pinned[key] for other in others)) for key in keys}
        self.env = Environment()
        for environment in environments:
            self.env.absorb(environment)
        self.pinned = pinned


class FunctionAnalysis:
    """One walk of one body; sinks reached by real sources are reported to the project, those reached
    by parameters (`param:N`) become the function's summary."""

    def __init__(self, project: Project, module: ModuleIndex, function: FunctionInfo | None) -> None:
        self.project = project
        self.module = module
        self.function = function
        self.summary = Summary()
        self.depth = 0
        self._pollution_shape: bool | None = None

    # -- entry points ---------------------------------------------------------------------------

    def run_module(self) -> None:
        self.statements(self.module.root.named_children, Scope())

    def run_function(self, requests: frozenset[int], responses: frozenset[int]) -> Summary:
        node = self.function.node if self.function else None
        if node is None or node.type not in FUNCTION_TYPES:
            return self.summary
        scope = Scope()
        for index, parameter in enumerate(parameters(node)):
            if index in requests and parameter.type == "identifier":
                scope.requests.add(text(parameter))
            elif index == 1 and self.function and self.function.name in specs.ROUTE_EXPORTS:
                self.bind(parameter, self.source("params", parameter, "params"), scope, parameter)
            elif index in responses and parameter.type == "identifier":
                scope.responses.add(text(parameter))
            else:
                self.bind(parameter, Taint.of(f"{PARAM}{index}"), scope, parameter, announce=False)
            self.name_roles(parameter, scope)
        self.body(node, scope)
        return self.summary

    def body(self, node: Node, scope: Scope) -> None:
        body = node.child_by_field_name("body")
        if body is None:
            return
        if body.type == "statement_block":
            self.statements(body.named_children, scope)
        else:  # an arrow function's expression body is its return value
            self.summary.returns = merge(self.summary.returns, self.value(body, scope))

    # -- statements -----------------------------------------------------------------------------

    def statements(self, nodes: Iterable[Node], scope: Scope) -> None:
        for node in nodes:
            self.statement(node, scope)

    def statement(self, node: Node, scope: Scope) -> None:
        kind = node.type
        if kind in {"lexical_declaration", "variable_declaration"}:
            for declarator in node.named_children:
                if declarator.type == "variable_declarator":
                    self.declarator(declarator, scope)
        elif kind == "expression_statement":
            for child in node.named_children:
                self.value(child, scope)
        elif kind == "return_statement":
            returned = node.named_children[0] if node.named_child_count else None
            if returned is not None:
                self.summary.returns = merge(self.summary.returns, self.value(returned, scope))
        elif kind == "if_statement":
            self.conditional(node, scope)
        elif kind in {"for_statement", "while_statement", "do_statement"}:
            for part in ("initializer", "condition", "increment"):
                header = node.child_by_field_name(part)
                if header is not None and header.type.endswith("declaration"):
                    self.statement(header, scope)
                elif header is not None:
                    self.value(header, scope)
            self.loop(node.child_by_field_name("body"), scope)
        elif kind == "for_in_statement":
            collection = self.value(node.child_by_field_name("right"), scope)
            left = node.child_by_field_name("left")
            if left is not None:
                self.bind(left, collection, scope, node)
            self.loop(node.child_by_field_name("body"), scope)
        elif kind == "statement_block":
            self.statements(node.named_children, scope)
        elif kind == "try_statement":
            self.attempt(node, scope)
        elif kind == "switch_statement":
            self.switch(node, scope)
        elif kind == "export_statement":
            declaration = node.child_by_field_name("declaration")
            value = node.child_by_field_name("value")
            if declaration is not None:
                self.statement(declaration, scope)
            elif value is not None and value.type not in FUNCTION_TYPES:  # a default-exported function is indexed
                self.value(value, scope)
        elif kind == "labeled_statement":
            body = node.child_by_field_name("body")
            if body is not None:
                self.statement(body, scope)
        elif kind == "ERROR":
            self.value(node, scope)
        elif kind == "throw_statement":
            for child in node.named_children:
                self.value(child, scope)
        # function and class declarations are indexed and summarised on their own

    def declarator(self, node: Node, scope: Scope) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None or value is None or value.type in FUNCTION_TYPES:
            return
        taint = self.value(value, scope)
        if name.type == "identifier" and value.type == "call_expression":
            callee = value.child_by_field_name("function")
            if callee is not None and qualified_name(self.module, callee) in specs.REQUEST_CALLS:
                scope.requests.add(text(name))
        if name.type == "identifier" and value.type == "new_expression":
            arguments = value.child_by_field_name("arguments")
            if arguments is not None and arguments.named_child_count:
                scope.derived[text(name)] = text(arguments.named_children[0])  # u = new URL(x)
        if self.is_request(value, scope):
            if name.type == "identifier":
                scope.requests.add(text(name))  # const request = ctx.request
            else:
                self.bind_request(name, value, scope, node)  # const { query: { id } } = req
            return
        self.bind(name, taint, scope, node)

    def bind_request(self, pattern: Node, request: Node, scope: Scope, node: Node) -> None:
        for part in pattern.named_children:
            key = part.child_by_field_name("key") if part.type == "pair_pattern" else part
            attribute = text(key)
            if attribute not in specs.REQUEST_ATTRIBUTES:
                continue
            taint = self.source(f"{_short(request)}.{attribute}", part, attribute)
            self.bind(part.child_by_field_name("value") or part, taint, scope, node)

    def conditional(self, node: Node, scope: Scope) -> None:
        condition = node.child_by_field_name("condition")
        self.value(condition, scope)
        consequence = node.child_by_field_name("consequence")
        alternative = node.child_by_field_name("alternative")
        then_scope = self.narrowed(scope, proofs(condition, True))
        else_scope = self.narrowed(scope, proofs(condition, False))
        if consequence is not None:
            self.statement(consequence, then_scope)
        if alternative is not None:
            self.statements(alternative.named_children, else_scope)
        else_branch = (
            alternative.named_children[0] if alternative is not None and alternative.named_child_count else None
        )
        survivors = [
            branch
            for branch, statement in ((then_scope, consequence), (else_scope, else_branch))
            if not always_exits(statement)
        ]
        if survivors:
            scope.join(*survivors)
            scope.requests |= then_scope.requests | else_scope.requests

    def narrowed(self, scope: Scope, proof: Proof) -> Scope:
        branch = scope.copy()
        for name, categories in proof.items():
            for target in (name, scope.derived.get(name)):
                if target is None:
                    continue
                branch.pinned[target] = branch.pinned.get(target, frozenset()) | categories
                taint = branch.env.get(target)
                if taint is not None:
                    branch.env.set(target, taint.clear(categories))
        return branch

    def loop(self, body: Node | None, scope: Scope) -> None:
        if body is None:
            return
        for _ in range(2):  # a second pass carries taint assigned late in the body to its start
            inner = scope.copy()
            self.statement(body, inner)
            if not scope.env.absorb(inner.env):
                break

    def attempt(self, node: Node, scope: Scope) -> None:
        body = node.child_by_field_name("body")
        if body is not None:
            self.statement(body, scope)
        handler = node.child_by_field_name("handler")
        if handler is not None:
            branch = scope.copy()
            block = handler.child_by_field_name("body")
            if block is not None:
                self.statement(block, branch)
            scope.env.absorb(branch.env)
        finalizer = node.child_by_field_name("finalizer")
        if finalizer is not None:
            for child in finalizer.named_children:
                self.statement(child, scope)

    def switch(self, node: Node, scope: Scope) -> None:
        self.value(node.child_by_field_name("value"), scope)
        body = node.child_by_field_name("body")
        branches = [scope]
        for case in body.named_children if body is not None else ():
            branch = scope.copy()
            self.statements((child for child in case.children_by_field_name("body")), branch)
            branches.append(branch)
        scope.join(*branches)

    # -- binding --------------------------------------------------------------------------------

    def bind(self, target: Node, taint: Taint | None, scope: Scope, node: Node, announce: bool = True) -> None:
        """Give every name in a pattern (`{id, ...rest}`, `[a, b = 1]`) the taint of the whole value."""
        kind = target.type
        if kind in {"identifier", "shorthand_property_identifier_pattern"}:
            name = text(target)
            if announce and taint is not None:
                taint = taint.through(self.step(node, f"assigned to {name}"))
            scope.env.set(name, taint)
            scope.pinned.pop(name, None)
        elif kind in {"object_pattern", "array_pattern"}:
            for part in target.named_children:
                self.bind(part, taint, scope, node, announce)
        elif kind == "pair_pattern":
            value = target.child_by_field_name("value")
            if value is not None:
                self.bind(value, taint, scope, node, announce)
        elif kind in {"assignment_pattern", "object_assignment_pattern"}:
            left = target.child_by_field_name("left")
            default = self.value(target.child_by_field_name("right"), scope)
            if left is not None:
                self.bind(left, merge(taint, default), scope, node, announce)
        elif kind in {"rest_pattern", "required_parameter", "optional_parameter"}:
            inner = target.child_by_field_name("pattern") or (
                target.named_children[0] if target.named_child_count else None
            )
            if inner is not None:
                self.bind(inner, taint, scope, node, announce)
        elif kind in {"member_expression", "subscript_expression"}:
            self.store(target, taint, scope, node)

    def name_roles(self, parameter: Node, scope: Scope) -> None:
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

    def store(self, target: Node, taint: Taint | None, scope: Scope, node: Node) -> None:
        """An assignment to `obj.prop` or `obj[key]`: a sink for some properties, else `obj` now holds it."""
        obj = target.child_by_field_name("object")
        if target.type == "member_expression":
            prop = text(target.child_by_field_name("property"))
            category = specs.PROPERTY_SINKS.get(prop)
            if category is not None and taint is not None:
                self.sink(category, taint, node, f"assigned to {text(target)}")
            if text(target) in specs.LOCATION_TARGETS and taint is not None:
                self.sink("redirect", taint, node, f"assigned to {text(target)}")
            if prop == specs.KOA_BODY and obj is not None and text(obj) in scope.responses and taint is not None:
                right = node.child_by_field_name("right")
                if right is None or right.type != "object":  # an object is sent as JSON
                    self.sink("xss", taint, node, f"assigned to {text(target)}")
        elif not _creates_container(target, node.child_by_field_name("right")):
            self.pollution(target, scope, node)
        root = obj
        while root is not None and root.type in {"member_expression", "subscript_expression"}:
            root = root.child_by_field_name("object")
        if root is not None and root.type == "identifier" and taint is not None:
            scope.env.add(text(root), taint.through(self.step(node, f"stored in {text(root)}")))

    def pollution(self, target: Node, scope: Scope, node: Node) -> None:
        """`obj[key] = ...` with a key from input, where `obj` may itself be `something[key]`:
        a recursive merge, a path setter or a two-level write reach `Object.prototype`."""
        key = self.value(target.child_by_field_name("index"), scope)
        if key is None:
            return
        obj = target.child_by_field_name("object")
        two_level = obj is not None and obj.type == "subscript_expression"
        if (two_level or self.pollution_shape()) and not self.refuses_prototype():
            self.sink("prototype", key, node, f"key written in {text(target)}")

    def pollution_shape(self) -> bool:
        """The function calls itself or walks into its object (`cur = cur[key]`)."""
        if self._pollution_shape is None:
            self._pollution_shape = False
            function = self.function
            if function is not None:
                body = text(function.node)
                own = function.name.rsplit(".", 1)[-1]
                recursive = re.search(rf"\b{re.escape(own)}\s*\(", body[body.find("{") :] if "{" in body else body)
                walks = re.search(r"\b(\w+)\s*=\s*\1\s*\[", body)
                self._pollution_shape = bool(recursive or walks)
        return self._pollution_shape

    def refuses_prototype(self) -> bool:
        """The module names `__proto__` (a deny-list, a comparison): it knows about the attack. Checked on
        the module, not the function, because deny-lists are usually module constants."""
        source = text(self.module.root)
        return any(guard in source for guard in specs.PROTOTYPE_GUARDS)

    # -- expressions ----------------------------------------------------------------------------

    def value(self, node: Node | None, scope: Scope) -> Taint | None:
        """The taint of an expression, reporting any sink it reaches on the way."""
        if node is None:
            return None
        kind = node.type
        if kind in UNTAINTED:
            if kind == "unary_expression":
                self.value(node.child_by_field_name("argument"), scope)
            return None
        if kind == "identifier" or kind == "shorthand_property_identifier":
            return self.pinned(node, scope.env.get(text(node)), scope)
        if kind in WRAPPERS:
            return merge(
                *(self.value(child, scope) for child in node.named_children if child.type != "type_annotation")
            )
        if kind == "member_expression":
            return self.member(node, scope)
        if kind == "subscript_expression":
            self.value(node.child_by_field_name("index"), scope)
            return self.pinned(node, self.value(node.child_by_field_name("object"), scope), scope)
        if kind == "call_expression":
            return self.call(node, scope)
        if kind == "new_expression":
            return self.construct(node, scope)
        if kind == "template_string":
            parts = [self.value(child, scope) for child in node.named_children if child.type == "template_substitution"]
            return _stringified(merge(*parts))
        if kind == "template_substitution":
            return merge(*(self.value(child, scope) for child in node.named_children))
        if kind == "binary_expression":
            operator = text(node.child_by_field_name("operator"))
            left = self.value(node.child_by_field_name("left"), scope)
            right = self.value(node.child_by_field_name("right"), scope)
            if operator in STRING_OPERATORS:
                return _stringified(merge(left, right))
            return merge(left, right) if operator in EITHER_OPERATORS else None
        if kind == "ternary_expression":
            condition = node.child_by_field_name("condition")
            self.value(condition, scope)
            return merge(
                self.value(node.child_by_field_name("consequence"), self.narrowed(scope, proofs(condition, True))),
                self.value(node.child_by_field_name("alternative"), self.narrowed(scope, proofs(condition, False))),
            )
        if kind in {"assignment_expression", "augmented_assignment_expression"}:
            return self.assignment(node, scope)
        if kind == "object":
            return self.object_literal(node, scope)
        if kind == "pair":
            return self.value(node.child_by_field_name("value"), scope)
        if kind in {"array", "sequence_expression"}:
            values = [self.value(child, scope) for child in node.named_children]
            return values[-1] if kind == "sequence_expression" and values else merge(*values)
        if kind in FUNCTION_TYPES:
            self.inline(node, scope, {})
            return None
        if kind == "ERROR":  # tree-sitter's recovery: the statements and expressions it kept are still code
            parts = []
            for child in node.named_children:
                if child.type.endswith(("statement", "declaration")):
                    self.statement(child, scope)
                else:
                    parts.append(self.value(child, scope))
            return merge(*parts)
        if kind == "jsx_expression":
            return merge(*(self.value(child, scope) for child in node.named_children))
        if kind in {"jsx_element", "jsx_self_closing_element", "jsx_opening_element"}:
            self.jsx(node, scope)
            return None
        return None

    def pinned(self, node: Node, taint: Taint | None, scope: Scope) -> Taint | None:
        if taint is None or not scope.pinned:
            return taint
        proven = scope.pinned.get(text(node))
        return taint.clear(proven) if taint is not None and proven else taint

    def member(self, node: Node, scope: Scope) -> Taint | None:
        obj = node.child_by_field_name("object")
        prop = text(node.child_by_field_name("property"))
        if obj is not None and prop in specs.REQUEST_ATTRIBUTES and self.is_request(obj, scope):
            return self.pinned(node, self.source(f"{_short(obj)}.{prop}", node, prop), scope)
        path = text(node).removeprefix("window.") if prop in specs.BROWSER_PROPERTIES else ""
        if path in specs.BROWSER_SOURCES:
            return self.pinned(node, self.source(path, node, None), scope)
        if prop in specs.NUMERIC_PROPERTIES or (
            prop in specs.SERVER_SET_UPLOAD_PROPERTIES and _upload(obj, scope, self)
        ):
            self.value(obj, scope)
            return None
        return self.pinned(node, self.value(obj, scope), scope)

    def source(self, label: str, node: Node, attribute: str | None) -> Taint:
        """A fresh taint; sources that are always strings are born safe for MongoDB operators, and the
        page's URL only matters where the page turns it into markup, code or navigation."""
        cleared: frozenset[str] = frozenset()
        if attribute is None:
            cleared = NOT_BROWSER
        elif attribute not in specs.STRUCTURED_ATTRIBUTES:
            cleared = specs.STRING_ONLY_CATEGORIES
        return Taint(((label, cleared),), (self.step(node, f"source: {label}"),))

    def is_request(self, node: Node | None, scope: Scope) -> bool:
        if node is None:
            return False
        if node.type == "identifier":
            return text(node) in scope.requests
        if node.type == "member_expression":
            prop = text(node.child_by_field_name("property"))
            return prop in specs.REQUEST_WRAPPERS and self.is_request(node.child_by_field_name("object"), scope)
        return False

    def is_response(self, node: Node | None, scope: Scope) -> bool:
        """`res`, `res.status(404)`, `reply.code(200).type("text/html")`: a chain rooted at a response."""
        while node is not None and node.type in {"call_expression", "member_expression"}:
            if node.type == "call_expression":
                node = node.child_by_field_name("function")
            else:
                if text(node.child_by_field_name("property")) in {"res", "response"}:
                    return True  # ctx.res, ctx.response
                node = node.child_by_field_name("object")
        return node is not None and node.type == "identifier" and text(node) in scope.responses

    def assignment(self, node: Node, scope: Scope) -> Taint | None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None:
            return None
        if right is not None and right.id in self.module.function_nodes:
            return None  # `exports.handler = function ...`: indexed and summarised on its own
        taint = self.value(right, scope)
        if node.type == "augmented_assignment_expression":
            taint = merge(self.value(left, scope), taint)
        self.bind(left, taint, scope, node)
        return taint

    def object_literal(self, node: Node, scope: Scope) -> Taint | None:
        parts = []
        for entry in node.named_children:
            if entry.type == "method_definition":
                continue
            parts.append(self.value(entry, scope))
        return merge(*parts)

    def jsx(self, node: Node, scope: Scope) -> None:
        for child in node.named_children:
            if child.type == "jsx_attribute" and child.named_child_count >= 2:
                name = text(child.named_children[0])
                value = child.named_children[1]
                category = specs.JSX_SINKS.get(name)
                taint = self.value(value, scope)
                if category is not None and taint is not None:
                    self.sink(category, taint, child, f"rendered through {name}")
            elif child.type in {"jsx_expression", "jsx_element", "jsx_self_closing_element", "jsx_opening_element"}:
                self.value(child, scope)

    # -- calls ----------------------------------------------------------------------------------

    def call(self, node: Node, scope: Scope) -> Taint | None:
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if function is None:
            return None
        if arguments is not None and arguments.type == "template_string":
            return self.tagged_template(function, arguments, scope)
        immediate = (
            function.named_children[0]
            if function.type == "parenthesized_expression" and function.named_child_count
            else function
        )
        if immediate.type in FUNCTION_TYPES:  # (function () { ... })(): runs right here
            self.inline(immediate, scope, {})
            return None
        qualified = qualified_name(self.module, function)
        method = text(function.child_by_field_name("property")) if function.type == "member_expression" else None
        receiver = function.child_by_field_name("object") if function.type == "member_expression" else None
        argument_nodes = [child for child in arguments.named_children if child.type != "comment"] if arguments else []
        if qualified in specs.SOURCE_CALLS:
            return self.source(specs.SOURCE_CALLS[qualified], node, None)
        callee = self.value(function, scope) if function.type == "member_expression" else None
        values = [None if child.type in FUNCTION_TYPES else self.value(child, scope) for child in argument_nodes]
        returned = self.callbacks(argument_nodes, method, callee, scope)
        target = self.project.function_for(self.module, qualified, self.function)
        if target is not None:
            return self.call_function(node, target, argument_nodes, values, scope)
        sink = self.project.sink_for(qualified, method)
        if sink is not None and self.check_sink(node, sink, receiver, argument_nodes, values, scope):
            return None
        cleared = _sanitiser(qualified, method)
        result = merge(callee, returned, *values)
        if cleared is not None:
            return result.clear(cleared) if result is not None else None
        if method in specs.MUTATING_METHODS and receiver is not None and receiver.type == "identifier":
            added = merge(*values)
            if added is not None:
                scope.env.add(text(receiver), added.through(self.step(node, f"stored in {text(receiver)}")))
        return result

    def construct(self, node: Node, scope: Scope) -> Taint | None:
        constructor = node.child_by_field_name("constructor")
        arguments = node.child_by_field_name("arguments")
        argument_nodes = list(arguments.named_children) if arguments is not None else []
        values = [self.value(child, scope) for child in argument_nodes]
        qualified = qualified_name(self.module, constructor) if constructor is not None else None
        sink = self.project.sink_for(qualified, None)
        if sink is not None:
            self.check_sink(node, sink, None, argument_nodes, values, scope)
            return None
        return merge(*values)

    def tagged_template(self, function: Node, template: Node, scope: Scope) -> Taint | None:
        taint = self.value(template, scope)
        method = text(function.child_by_field_name("property")) if function.type == "member_expression" else ""
        if text(function) in specs.SAFE_TEMPLATE_TAGS or f".{method}" in specs.SAFE_TEMPLATE_TAGS:
            return None  # values become bound parameters
        return taint

    def callbacks(self, arguments: list[Node], method: str | None, callee: Taint | None, scope: Scope) -> Taint | None:
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
                given[0] = self.source("message event", argument, None)
            returned.append(self.inline(argument, scope, given, route=route))
        return merge(*returned)

    def inline(self, node: Node, scope: Scope, given: dict[int, Taint], route: bool = False) -> Taint | None:
        """Walk a function expression where it appears; its return value, for the caller to use."""
        if self.depth >= MAX_INLINE_DEPTH:
            return None
        inner = scope.copy()
        for index, parameter in enumerate(parameters(node)):
            if route and index == 0 and parameter.type == "identifier":
                inner.requests.add(text(parameter))
            elif route and index == 1 and parameter.type == "identifier":
                inner.responses.add(text(parameter))
            else:
                self.bind(parameter, given.get(index), inner, parameter, announce=False)
            self.name_roles(parameter, inner)
        returns = self.summary.returns
        self.summary.returns = None
        self.depth += 1
        try:
            self.body(node, inner)
            return self.summary.returns
        finally:
            self.depth -= 1
            self.summary.returns = returns  # a callback's return value is not this function's

    def call_function(
        self, node: Node, target: FunctionInfo, arguments: list[Node], values: list[Taint | None], scope: Scope
    ) -> Taint | None:
        """A call of a project function: its summary, with parameters replaced by what is passed here."""
        requests = frozenset(index for index, argument in enumerate(arguments) if self.is_request(argument, scope))
        responses = frozenset(
            index
            for index, argument in enumerate(arguments)
            if argument.type == "identifier" and text(argument) in scope.responses
        )
        summary = self.project.summary(target, requests, responses)
        rest = rest_index(target.node)

        def value_of(symbol: str) -> Taint | None:
            index = int(symbol.removeprefix(PARAM)) if symbol.startswith(PARAM) else -1
            if index < 0:
                return None
            if rest is not None and index == rest:
                return merge(*values[index:])
            return values[index] if index < len(values) else None

        call_step = self.step(node, f"passed to {target.name}()")
        for symbol, hit in summary.sinks:
            value = value_of(symbol)
            cleared = value.clear(hit.taint.cleared_for(symbol)) if value is not None else None
            if cleared is None or not cleared.dangerous_for(hit.category):
                continue
            combined = Taint(cleared.labels, (*cleared.through(call_step).trace, *hit.taint.trace))
            self.report(SinkHit(hit.category, combined, hit.step, hit.context))
        return substitute(summary.returns, value_of, call_step) if summary.returns is not None else None

    def check_sink(
        self,
        node: Node,
        sink: specs.Sink,
        receiver: Node | None,
        arguments: list[Node],
        values: list[Taint | None],
        scope: Scope,
    ) -> bool:
        """Report the sink when input reaches a dangerous argument; False when this call is not the sink
        after all (a `.send` on something that is not a response)."""
        if sink.receiver == specs.RESPONSE and not self.is_response(receiver, scope):
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
                    *(self.value(pair.child_by_field_name("value"), scope) for pair in _pairs(argument, sink.url_keys))
                )
            if sink.category in {"ssrf", "redirect"} and _fixed_origin(argument):
                continue
            if sink.category == "nosql" and argument.type == "object":
                where = merge(
                    *(self.value(pair.child_by_field_name("value"), scope) for pair in _pairs(argument, {"$where"}))
                )
                if where is not None:
                    self.sink(WHERE, where, node, f"reaches $where of {callee_text}()")
            if taint is not None:
                self.sink(sink.category, taint, node, f"reaches {callee_text}()")
        return True

    # -- reporting ------------------------------------------------------------------------------

    def sink(self, category: str, taint: Taint, node: Node, message: str) -> None:
        if not taint.dangerous_for(category):
            return
        step = self.step(node, message)
        where = self.function.key if self.function else self.module.relpath
        context = f"{where}\0{text(node)[:200]}"
        real = taint.real_sources
        if real:
            self.report(SinkHit(category, taint.only(real).through(step), step, context))
        for symbol in taint.symbols:
            self.summary.sinks.append(
                (symbol, SinkHit(category, taint.only(frozenset({symbol})).through(step), step, context))
            )

    def report(self, hit: SinkHit) -> None:
        if hit.taint.real_sources and hit.taint.dangerous_for(hit.category):
            self.project.report(hit)

    def step(self, node: Node, message: str) -> Step:
        row, column = node.start_point
        return Step(self.module.relpath, row + 1, column + 1, message)


def parameters(node: Node) -> list[Node]:
    """A function's parameter patterns in order (`x => ...` has one, unparenthesised)."""
    single = node.child_by_field_name("parameter")
    if single is not None:
        return [single]
    formal = node.child_by_field_name("parameters")
    return [child for child in formal.named_children if child.type != "comment"] if formal is not None else []


def rest_index(node: Node) -> int | None:
    for index, parameter in enumerate(parameters(node)):
        if parameter.type == "rest_pattern" or (
            parameter.named_child_count and parameter.named_children[0].type == "rest_pattern"
        ):
            return index
    return None


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


def _stringified(taint: Taint | None) -> Taint | None:
    """A string built from input cannot carry MongoDB operators any more."""
    return taint.clear(specs.STRING_ONLY_CATEGORIES) if taint is not None else None


def _sanitiser(qualified: str | None, method: str | None) -> frozenset[str] | None:
    if qualified is not None and qualified in specs.SANITISERS:
        return specs.SANITISERS[qualified]
    if method is not None and f".{method}" in specs.SANITISERS:
        return specs.SANITISERS[f".{method}"]
    return None


def _short(node: Node) -> str:
    value = text(node)
    return value if len(value) <= 40 else value[:37] + "..."


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


def _upload(node: Node | None, scope: Scope, analysis: FunctionAnalysis) -> bool:
    """`req.file`: the upload middleware's record of a stored file."""
    if node is None or node.type != "member_expression":
        return False
    prop = text(node.child_by_field_name("property"))
    return prop in specs.UPLOAD_OBJECTS and analysis.is_request(node.child_by_field_name("object"), scope)


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
