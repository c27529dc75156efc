"""Compiling a parsed Sigma condition into one Python predicate over Events.

pySigma parses the rule (YAML, modifiers, the condition grammar) into a tree of AND / OR /
NOT over field=value and keyword leaves; this module turns that tree into closures once,
so evaluating a rule is a few dictionary lookups and string tests — no rule text is ever
evaluated. Leaves that test the same field under one OR are merged into a single matcher
(set lookup for exact values, one pass over prefixes/suffixes/substrings), and AND
operands run cheapest first so that expensive tests (regular expressions, keyword
searches over the raw line) rarely run.
"""

from __future__ import annotations

import ipaddress
import operator
import re
from collections.abc import Callable, Sequence
from typing import Any

from sigma.conditions import (
    ConditionAND,
    ConditionFieldEqualsValueExpression,
    ConditionItem,
    ConditionNOT,
    ConditionOR,
    ConditionValueExpression,
)
from sigma.types import (
    CompareOperators,
    SigmaBool,
    SigmaCasedString,
    SigmaCIDRExpression,
    SigmaCompareExpression,
    SigmaExists,
    SigmaExpansion,
    SigmaNull,
    SigmaNumber,
    SigmaRegularExpression,
    SigmaRegularExpressionFlag,
    SigmaString,
    SigmaStringPartType,
    SigmaType,
    SpecialChars,
)

from pavedroad.monitor.detect.sigma.fields import RAW_LINE, URL_FULL, LogSource
from pavedroad.monitor.model import URL_PATH, URL_QUERY, Event

Predicate = Callable[[Event], bool]
ValueTest = Callable[[Any], bool]
Getter = Callable[[Event], Any]
ConditionNode = ConditionItem | ConditionFieldEqualsValueExpression | ConditionValueExpression

# Relative cost of a test, used to order AND operands.
_COST_EXACT, _COST_AFFIX, _COST_SCAN, _COST_REGEX, _COST_KEYWORD = 1, 2, 3, 5, 8

_REGEX_FLAGS = {
    SigmaRegularExpressionFlag.IGNORECASE: re.IGNORECASE,
    SigmaRegularExpressionFlag.MULTILINE: re.MULTILINE,
    SigmaRegularExpressionFlag.DOTALL: re.DOTALL,
}
_COMPARE = {
    CompareOperators.LT: operator.lt,
    CompareOperators.LTE: operator.le,
    CompareOperators.GT: operator.gt,
    CompareOperators.GTE: operator.ge,
    CompareOperators.NEQ: operator.ne,
}


class UnsupportedFeature(Exception):
    """The rule uses a Sigma feature pavedroad does not evaluate (named in the message)."""


def compile_condition(node: ConditionNode | None, source: LogSource) -> Predicate:
    """One predicate for a pySigma condition tree, reading fields the way `source` maps them."""
    if node is None:
        raise UnsupportedFeature("the condition selects no detection")
    return _compile(node, source)[0]


def _compile(node: ConditionNode, source: LogSource) -> tuple[Predicate, int]:
    if isinstance(node, ConditionNOT):
        inner, cost = _compile(_operand(node.args[0]), source)
        return (lambda event: not inner(event)), cost
    if isinstance(node, ConditionAND):
        parts = sorted((_compile(_operand(arg), source) for arg in node.args), key=operator.itemgetter(1))
        return _all([predicate for predicate, _ in parts]), sum(cost for _, cost in parts)
    if isinstance(node, ConditionOR):
        return _compile_or([_operand(arg) for arg in node.args], source)
    if isinstance(node, ConditionFieldEqualsValueExpression):
        return _field_test(node.field, [node.value], source)
    if isinstance(node, ConditionValueExpression):
        return _field_test(RAW_LINE, [node.value], source)
    raise UnsupportedFeature(f"condition element {type(node).__name__}")


def _operand(arg: object) -> ConditionNode:
    if not isinstance(arg, ConditionItem | ConditionFieldEqualsValueExpression | ConditionValueExpression):
        raise UnsupportedFeature(f"condition element {type(arg).__name__}")
    return arg


def _compile_or(args: Sequence[ConditionNode], source: LogSource) -> tuple[Predicate, int]:
    # Leaves on one field merge into one matcher: `field: [a, b, c]` reads the field once.
    by_field: dict[str, list[SigmaType]] = {}
    parts: list[tuple[Predicate, int]] = []
    for arg in args:
        if isinstance(arg, ConditionFieldEqualsValueExpression):
            by_field.setdefault(arg.field, []).append(arg.value)
        elif isinstance(arg, ConditionValueExpression):
            by_field.setdefault(RAW_LINE, []).append(arg.value)
        else:
            parts.append(_compile(arg, source))
    parts.extend(_field_test(name, values, source) for name, values in by_field.items())
    parts.sort(key=operator.itemgetter(1))
    return _any([predicate for predicate, _ in parts]), max(cost for _, cost in parts)


def _all(predicates: list[Predicate]) -> Predicate:
    if len(predicates) == 1:
        return predicates[0]
    if len(predicates) == 2:
        first, second = predicates
        return lambda event: first(event) and second(event)

    # Plain loops, not all()/any() over generators: this runs per event per rule, and a
    # generator costs a frame allocation each time.
    def all_of(event: Event) -> bool:
        for predicate in predicates:  # noqa: SIM110
            if not predicate(event):
                return False
        return True

    return all_of


def _any(predicates: list[Predicate]) -> Predicate:
    if len(predicates) == 1:
        return predicates[0]

    def any_of(event: Event) -> bool:
        for predicate in predicates:  # noqa: SIM110
            if predicate(event):
                return True
        return False

    return any_of


def _getter(name: str, source: LogSource) -> Getter:
    mapped = source.fields.get(name, name)
    if name == RAW_LINE:
        return operator.attrgetter("raw")
    if mapped == URL_FULL:
        return _full_url
    return lambda event: event.fields.get(mapped)


def _full_url(event: Event) -> str | None:
    path = event.fields.get(URL_PATH)
    query = event.fields.get(URL_QUERY)
    if path is None:
        return None
    return f"{path}?{query}" if query else str(path)


def _field_test(name: str, values: list[SigmaType], source: LogSource) -> tuple[Predicate, int]:
    keyword = name == RAW_LINE
    test, cost = value_test(values, keyword=keyword)
    get = _getter(name, source)
    return (lambda event: test(get(event))), cost + (_COST_KEYWORD if keyword else 0)


class _Matcher:
    """The values one field is tested against, sorted into buckets by how they are matched."""

    def __init__(self) -> None:
        self.exact: set[str] = set()
        self.prefixes: list[str] = []
        self.suffixes: list[str] = []
        self.substrings: list[str] = []
        self.tests: list[Callable[[str], object]] = []  # cased strings, regexes, CIDRs, comparisons
        self.any_value = False  # a lone `*`: any present value
        self.null = False  # null / `exists: false`: the field is absent or empty
        self.cost = _COST_EXACT

    def add(self, value: SigmaType, keyword: bool) -> None:
        if isinstance(value, SigmaExpansion):
            for item in value.values:
                self.add(item, keyword)
        elif isinstance(value, SigmaCasedString):
            self._add_test(_wildcard_test(self._keyword_shape(value) if keyword else value, cased=True), _COST_REGEX)
        elif isinstance(value, SigmaString):
            self._add_string(value, keyword)
        elif isinstance(value, SigmaNumber):
            self.exact.add(str(value.number).lower())
        elif isinstance(value, SigmaBool):
            self.exact.add("true" if value.boolean else "false")
        elif isinstance(value, SigmaNull):
            self.null = True
        elif isinstance(value, SigmaExists):
            if value.exists:
                self.any_value = True
            else:
                self.null = True
        elif isinstance(value, SigmaRegularExpression):
            flags = 0
            for flag in value.flags:
                flags |= _REGEX_FLAGS[flag]
            self._add_test(re.compile(str(value.regexp), flags).search, _COST_REGEX)
        elif isinstance(value, SigmaCIDRExpression):
            self._add_test(_in_network(value.network), _COST_SCAN)
        elif isinstance(value, SigmaCompareExpression):
            self._add_test(_compare(value), _COST_AFFIX)
        else:
            raise UnsupportedFeature(f"value type {type(value).__name__} (modifier without a pavedroad evaluation)")

    def _add_test(self, test: Callable[[str], object], cost: int) -> None:
        self.tests.append(test)
        self.cost = max(self.cost, cost)

    def _add_string(self, value: SigmaString, keyword: bool) -> None:
        if any(not isinstance(part, str | SpecialChars) for part in value.s):
            raise UnsupportedFeature("placeholders (the `expand` modifier)")
        # A keyword is searched anywhere in the line, as Sigma's full-text semantics say.
        parts = list(self._keyword_shape(value).s if keyword else value.s)
        star = SpecialChars.WILDCARD_MULTI
        texts = [part for part in parts if isinstance(part, str)]
        shape = tuple(part is star for part in parts)
        if any(isinstance(part, SpecialChars) and part is not star for part in parts) or len(texts) > 1:
            self._add_test(_wildcard_test(_with_parts(value, parts), cased=False), _COST_REGEX)
        elif shape == (True,):
            self.any_value = True
        elif shape == (False,):
            self.exact.add(texts[0].lower())
        elif shape == (False, True):
            self.prefixes.append(texts[0].lower())
            self.cost = max(self.cost, _COST_AFFIX)
        elif shape == (True, False):
            self.suffixes.append(texts[0].lower())
            self.cost = max(self.cost, _COST_AFFIX)
        elif shape == (True, False, True):
            self.substrings.append(texts[0].lower())
            self.cost = max(self.cost, _COST_SCAN)
        else:  # only stars, e.g. "**"
            self.any_value = True

    @staticmethod
    def _keyword_shape(value: SigmaString) -> SigmaString:
        """`value` with `*` at both ends (a keyword matches anywhere in the line)."""
        star = SpecialChars.WILDCARD_MULTI
        parts = list(value.s)
        if not parts or parts[0] is not star:
            parts.insert(0, star)
        if parts[-1] is not star:
            parts.append(star)
        return _with_parts(value, parts)

    def build(self) -> ValueTest:
        exact = frozenset(self.exact)
        prefixes = tuple(self.prefixes)
        suffixes = tuple(self.suffixes)
        substrings = tuple(self.substrings)
        tests = tuple(self.tests)
        any_value, null = self.any_value, self.null
        needs_lower = bool(exact or prefixes or suffixes or substrings)

        def test(value: Any) -> bool:
            if value is None:
                return null
            if value == "":
                return null or any_value or "" in exact
            if any_value:
                return True
            text = value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
            if needs_lower:
                lowered = text.lower()
                if lowered in exact:
                    return True
                if prefixes and lowered.startswith(prefixes):
                    return True
                if suffixes and lowered.endswith(suffixes):
                    return True
                for needle in substrings:
                    if needle in lowered:
                        return True
            for extra in tests:  # noqa: SIM110
                if extra(text):
                    return True
            return False

        return test


def _with_parts(value: SigmaString, parts: list[SigmaStringPartType]) -> SigmaString:
    copy = SigmaString()
    copy.s = list(parts)
    copy.original = value.original
    return copy


def value_test(values: Sequence[SigmaType], *, keyword: bool = False) -> tuple[ValueTest, int]:
    """A test that is true when a field value matches any of `values` (Sigma's list = OR)."""
    matcher = _Matcher()
    for value in values:
        matcher.add(value, keyword)
    return matcher.build(), matcher.cost


def _wildcard_test(value: SigmaString, *, cased: bool) -> Callable[[str], bool]:
    """A test for a wildcard pattern with several literal parts, e.g. `*COMMAND=*/etc/sudoers*`.

    Leading and trailing `*` become an unanchored search (never `.*` at the ends, which
    backtracks badly on long lines), and the literal parts are checked with `in` first, so
    the regular expression only runs on lines that hold every literal.
    """
    parts = list(value.s)
    star = SpecialChars.WILDCARD_MULTI
    anchored_start = not parts or parts[0] is not star
    anchored_end = not parts or parts[-1] is not star
    pattern = ""
    previous: object = None
    for part in parts:
        if part is star:
            if previous is not star:
                pattern += ".*"
        elif part is SpecialChars.WILDCARD_SINGLE:
            pattern += "."
        elif isinstance(part, str):
            pattern += re.escape(part)
        else:
            raise UnsupportedFeature("placeholders (the `expand` modifier)")
        previous = part
    pattern = pattern.removeprefix(".*") if not anchored_start else "^" + pattern
    pattern = pattern.removesuffix(".*") if not anchored_end else pattern + r"\Z"
    compiled = re.compile(pattern, re.DOTALL if cased else re.DOTALL | re.IGNORECASE)
    literals = tuple(part if cased else part.lower() for part in parts if isinstance(part, str))
    search = compiled.search

    def test(text: str) -> bool:
        haystack = text if cased else text.lower()
        for literal in literals:
            if literal not in haystack:
                return False
        return search(text) is not None

    return test


def _in_network(network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> Callable[[str], bool]:
    def test(text: str) -> bool:
        try:
            return ipaddress.ip_address(text) in network
        except ValueError:
            return False

    return test


def _compare(expression: SigmaCompareExpression) -> Callable[[str], bool]:
    compare = _COMPARE[expression.op]
    limit = expression.number.number

    def test(text: str) -> bool:
        try:
            return bool(compare(float(text), limit))
        except ValueError:
            return False

    return test
