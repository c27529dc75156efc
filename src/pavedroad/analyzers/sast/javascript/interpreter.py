"""The abstract interpreter: walks one function (or a module's top level) and moves taint through it.

The taint model is the Python engine's (`Taint`, `Environment`, summaries with `param:N` symbols);
the JavaScript side only knows JavaScript's shapes: template literals, destructuring, spread,
callbacks, `await`, JSX. The walk is split by what it handles — `statements`, `expressions`,
`calls` (with `sinks`), `binding` — and this module holds what they share: the state of one walk,
its entry points, the sources it creates and the sinks it reports (see `analysis.Analysis`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript import expressions, specs, statements
from pavedroad.analyzers.sast.javascript.binding import bind, name_roles, parameters, pollution_shape
from pavedroad.analyzers.sast.javascript.modules import FUNCTION_TYPES, FunctionInfo, ModuleIndex
from pavedroad.analyzers.sast.javascript.parse import text
from pavedroad.analyzers.sast.javascript.scope import Scope
from pavedroad.analyzers.sast.javascript.taint_rules import RULE_FOR_CATEGORY
from pavedroad.analyzers.sast.python.interpreter import SinkHit, Summary
from pavedroad.analyzers.sast.python.taint import PARAM, Step, Taint

if TYPE_CHECKING:
    from pavedroad.analyzers.sast.javascript.project import Project

NOT_BROWSER = frozenset(RULE_FOR_CATEGORY) - specs.BROWSER_CATEGORIES


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
        """Walk the module's top level."""
        statements.walk(self, self.module.root.named_children, Scope())

    def run_function(self, requests: frozenset[int], responses: frozenset[int]) -> Summary:
        """Walk the function with these parameter positions holding a request / a response."""
        node = self.function.node if self.function else None
        if node is None or node.type not in FUNCTION_TYPES:
            return self.summary
        scope = Scope()
        for index, parameter in enumerate(parameters(node)):
            if index in requests and parameter.type == "identifier":
                scope.requests.add(text(parameter))
            elif index == 1 and self.function and self.function.name in specs.ROUTE_EXPORTS:
                bind(self, parameter, self.source("params", parameter, "params"), scope, parameter)
            elif index in responses and parameter.type == "identifier":
                scope.responses.add(text(parameter))
            else:
                bind(self, parameter, Taint.of(f"{PARAM}{index}"), scope, parameter, announce=False)
            name_roles(parameter, scope)
        self.body(node, scope)
        return self.summary

    # -- the walkers, for one another -----------------------------------------------------------

    def value(self, node: Node | None, scope: Scope) -> Taint | None:
        """The taint of an expression, reporting any sink it reaches on the way."""
        return expressions.value(self, node, scope)

    def statement(self, node: Node, scope: Scope) -> None:
        """Walk one statement, updating `scope`."""
        statements.statement(self, node, scope)

    def body(self, node: Node, scope: Scope) -> None:
        """Walk a function's body; what it returns goes to the summary."""
        statements.body(self, node, scope)

    def pollution_shape(self) -> bool:
        """The function calls itself or walks into its object (`cur = cur[key]`); computed once."""
        if self._pollution_shape is None:
            self._pollution_shape = pollution_shape(self.function)
        return self._pollution_shape

    # -- sources and reporting ------------------------------------------------------------------

    def source(self, label: str, node: Node, attribute: str | None) -> Taint:
        """A fresh taint; sources that are always strings are born safe for MongoDB operators, and the
        page's URL only matters where the page turns it into markup, code or navigation."""
        cleared: frozenset[str] = frozenset()
        if attribute is None:
            cleared = NOT_BROWSER
        elif attribute not in specs.STRUCTURED_ATTRIBUTES:
            cleared = specs.STRING_ONLY_CATEGORIES
        return Taint(((label, cleared),), (self.step(node, f"source: {label}"),))

    def request_source(self, request: Node, attribute: str, node: Node) -> Taint:
        """A fresh taint for `attribute` (`query`, `body` ...) of a request object, labelled `req.query`."""
        return self.source(f"{_short(request)}.{attribute}", node, attribute)

    def sink(self, category: str, taint: Taint, node: Node, message: str) -> None:
        """Real sources reaching the sink are reported; parameters reaching it go into the summary."""
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
        """Pass a hit on to the project when real input reaches it."""
        if hit.taint.real_sources and hit.taint.dangerous_for(hit.category):
            self.project.report(hit)

    def step(self, node: Node, message: str) -> Step:
        """One step of a trace, at `node`."""
        row, column = node.start_point
        return Step(self.module.relpath, row + 1, column + 1, message)


def _short(node: Node) -> str:
    value = text(node)
    return value if len(value) <= 40 else value[:37] + "..."
