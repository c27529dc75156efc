"""Rules that need no data flow: a call, an argument or an assignment is the problem by itself
(weak hashes, disabled TLS verification, debug mode...). Each rule is a row: metadata plus a
small matcher over one module's AST."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pavedroad.analyzers.sast.python.modules import ModuleInfo
from pavedroad.analyzers.sast.rule import SastRule

Matcher = Callable[[ModuleInfo], Iterator[tuple[ast.AST, str]]]


@dataclass(frozen=True, slots=True)
class PatternRule:
    rule: SastRule
    find: Matcher  # yields (node, message) for every occurrence


PATTERN_RULES: tuple[PatternRule, ...] = ()
