"""Taint values and the per-function abstract interpreter that moves them through Python code.

A `Taint` says which sources a value may carry and which sink categories it has been
sanitised for. Inside a function being summarised, parameters carry `param:N` labels; a
sink reached by such a label becomes part of the function's summary, reported when a call
site passes real untrusted data. Every path counts: a value tainted on any branch is tainted.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from pavedroad.analyzers.sast.python.specs import FACT_RULES

MAX_TRACE = 12
PARAM = "param:"
ATTRIBUTE = "attr:"  # `self.<name>` as the method found it: resolved where the object is known
SYMBOLIC = (PARAM, ATTRIBUTE)
LOW_CONFIDENCE_PREFIX = "environment"


@dataclass(frozen=True, slots=True)
class Step:
    path: str
    line: int
    column: int
    message: str


Labels = tuple[tuple[str, frozenset[str]], ...]  # (source label, categories sanitised for), sorted


@dataclass(frozen=True, slots=True)
class Taint:
    """Where a value may come from, each source with the sink categories it was sanitised for.

    Sanitising is tracked per source, so `join(base, secure_filename(name))` stays safe for paths
    as far as `name` is concerned even though `base` (another source) was never sanitised.
    """

    labels: Labels
    trace: tuple[Step, ...] = ()

    @staticmethod
    def of(label: str, trace: tuple[Step, ...] = ()) -> Taint:
        return Taint(((label, frozenset()),), trace)

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(label for label, _ in self.labels)

    def through(self, step: Step) -> Taint:
        if len(self.trace) >= MAX_TRACE or (self.trace and self.trace[-1] == step):
            return self
        return replace(self, trace=(*self.trace, step))

    def clear(self, categories: frozenset[str]) -> Taint | None:
        """Sanitised for `categories` (which may hold facts: specs.FACT_RULES turns facts into categories)."""
        if "*" in categories:
            return None
        if not categories:
            return self
        return replace(self, labels=tuple((label, _with_rules(cleared | categories)) for label, cleared in self.labels))

    def holds(self, fact: str) -> bool:
        """Every source established `fact` (specs.RESOLVED_PATH...)."""
        return all(fact in cleared for _, cleared in self.labels)

    def cleared_for(self, label: str) -> frozenset[str]:
        return next((cleared for name, cleared in self.labels if name == label), frozenset())

    def dangerous_for(self, category: str) -> bool:
        return any(category not in cleared and "*" not in cleared for _, cleared in self.labels)

    @property
    def low_confidence(self) -> bool:
        """Every real source is one only some deployments let an attacker set (the environment)."""
        real = self.real_sources
        return bool(real) and all(source.startswith(LOW_CONFIDENCE_PREFIX) for source in real)

    @property
    def real_sources(self) -> frozenset[str]:
        return frozenset(label for label, _ in self.labels if not label.startswith(SYMBOLIC))

    @property
    def symbols(self) -> frozenset[str]:
        """The parameter (`param:N`) and attribute (`attr:name`) labels a summary is written in."""
        return frozenset(label for label, _ in self.labels if label.startswith(SYMBOLIC))

    def only(self, sources: frozenset[str]) -> Taint:
        return replace(self, labels=tuple(item for item in self.labels if item[0] in sources))


def _with_rules(cleared: frozenset[str]) -> frozenset[str]:
    for facts, categories in FACT_RULES:
        if facts <= cleared:
            cleared |= categories
    return cleared


def merge(*taints: Taint | None) -> Taint | None:
    """The union of the sources; a source present in several keeps only the sanitising all of them had."""
    present = [taint for taint in taints if taint is not None]
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    combined: dict[str, frozenset[str]] = {}
    for taint in present:
        for label, cleared in taint.labels:
            combined[label] = combined[label] & cleared if label in combined else cleared
    trace = (
        min((taint.trace for taint in present), key=len)
        if all(t.trace for t in present)
        else next((taint.trace for taint in present if taint.trace), ())
    )
    return Taint(tuple(sorted(combined.items())), trace)


@dataclass(slots=True)
class Environment:
    """What each local name (and `self.attr`) may hold at this point."""

    values: dict[str, Taint] = field(default_factory=dict)

    def copy(self) -> Environment:
        return Environment(dict(self.values))

    def get(self, name: str) -> Taint | None:
        return self.values.get(name)

    def set(self, name: str, taint: Taint | None) -> None:
        if taint is None:
            self.values.pop(name, None)
        else:
            self.values[name] = taint

    def add(self, name: str, taint: Taint | None) -> None:
        self.set(name, merge(self.values.get(name), taint))

    def absorb(self, other: Environment) -> bool:
        """Merge `other` in; True when anything changed."""
        changed = False
        for name, taint in other.values.items():
            mine = self.values.get(name)
            if mine is taint:
                continue
            merged = merge(mine, taint)
            if merged != mine:
                self.values[name] = merged  # type: ignore[assignment]
                changed = True
        return changed


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def assigned_names(target: ast.expr) -> Iterator[ast.expr]:
    if isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from assigned_names(element)
    elif isinstance(target, ast.Starred):
        yield from assigned_names(target.value)
    else:
        yield target


def substitute(taint: Taint, value_of: Callable[[str], Taint | None], step: Step) -> Taint | None:
    """A summary's taint with its symbols replaced by what the call site passes; sanitising done
    inside the callee still applies to what replaced each symbol."""
    parts: list[Taint | None] = []
    if taint.real_sources:
        parts.append(taint.only(taint.real_sources).through(step))
    for symbol in taint.symbols:
        value = value_of(symbol)
        if value is not None:
            cleared = value.clear(taint.cleared_for(symbol))
            parts.append(cleared.through(step) if cleared is not None else None)
    return merge(*parts)
