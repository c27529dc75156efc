"""What the statement, expression, binding and call walkers need from the analysis of one body.

The walkers recurse into one another (an expression holds a callback whose body holds statements),
so they do not import each other upwards: `value`, `statement` and `body` are reached through this
protocol, which `interpreter.FunctionAnalysis` implements; everything else is imported downwards
(statements → expressions → calls → sinks, binding).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript.modules import FunctionInfo, ModuleIndex
from pavedroad.analyzers.sast.javascript.scope import Scope
from pavedroad.analyzers.sast.python.interpreter import SinkHit, Summary
from pavedroad.analyzers.sast.python.taint import Step, Taint

if TYPE_CHECKING:
    from pavedroad.analyzers.sast.javascript.project import Project


class Analysis(Protocol):
    """One walk of one body (a function, or a module's top level) and where its results go."""

    project: Project
    module: ModuleIndex
    function: FunctionInfo | None
    summary: Summary
    depth: int  # callbacks being interpreted inline, one inside another

    def value(self, node: Node | None, scope: Scope) -> Taint | None:
        """The taint of an expression, reporting any sink it reaches on the way."""
        ...

    def statement(self, node: Node, scope: Scope) -> None:
        """Walk one statement, updating `scope`."""
        ...

    def body(self, node: Node, scope: Scope) -> None:
        """Walk a function's body; what it returns goes to the summary."""
        ...

    def pollution_shape(self) -> bool:
        """The function calls itself or walks into its object (`cur = cur[key]`)."""
        ...

    def source(self, label: str, node: Node, attribute: str | None) -> Taint:
        """A fresh taint from a source at `node`."""
        ...

    def request_source(self, request: Node, attribute: str, node: Node) -> Taint:
        """A fresh taint for `attribute` (`query`, `body` ...) of a request object."""
        ...

    def sink(self, category: str, taint: Taint, node: Node, message: str) -> None:
        """`taint` reaches a sink of `category` at `node`."""
        ...

    def report(self, hit: SinkHit) -> None:
        """Pass a hit on to the project when real input reaches it."""
        ...

    def step(self, node: Node, message: str) -> Step:
        """One step of a trace, at `node`."""
        ...
