"""Compiling a parsed Sigma condition into one Python predicate over Events.

pySigma parses the rule (YAML, modifiers, the condition grammar) into a tree of AND / OR /
NOT over field=value and keyword leaves; this module turns that tree into closures once,
so evaluating a rule is a few dictionary lookups and string tests — no rule text is ever
evaluated. Leaves that test the same field under one OR are merged into a single matcher
(set lookup for exact values, one pass over prefixes/suffixes/substrings), and AND
operands run cheapest first so that expensive tests (regular expressions, keyword
searches over the raw line) rarely run.

`condition_needles` derives from the same tree what any match needs: a few lower-case
literals, at least one of which must occur in a field. The detector checks those for all
rules of an Event kind at once and skips the rules when none occurs (see backend.py).
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
# (field key, lower-case literal) pairs: when the condition holds, at least one literal occurs
# in the lower-cased text (`field_text`) of its field. A field key is an Event field name,
# RAW_LINE or URL_FULL; `getter` reads it.
Needles = frozenset[tuple[str, str]]

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


def condition_needles(node: ConditionNode | None, source: LogSource) -> Needles | None:
    """Literals one of which occurs whenever the condition holds, or None when there are none.

    A leaf has them when every value it accepts contains a literal; AND needs one operand's
    (the one whose shortest literal is longest: the rarest), OR needs every operand's; NOT
    has none.
    """
    if node is None:
        return None
    if isinstance(node, ConditionNOT):
        return None
    if isinstance(node, ConditionAND):
        options = [needles for arg in node.args if (needles := condition_needles(_operand(arg), source)) is not None]
        return max(options, key=lambda needles: min(len(needle) for _, needle in needles), default=None)
    if isinstance(node, ConditionOR):
        union: set[tuple[str, str]] = set()
        for arg in node.args:
            needles = condition_needles(_operand(arg), source)
            if needles is None:
                return None
            union |= needles
        return frozenset(union)
    if isinstance(node, ConditionFieldEqualsValueExpression):
        return _leaf_needles(node.field, node.value, source)
    if isinstance(node, ConditionValueExpression):
        return _leaf_needles(RAW_LINE, node.value, source)
    raise UnsupportedFeature(f"condition element {type(node).__name__}")


def _leaf_needles(name: str, value: SigmaType, source: LogSource) -> Needles | None:
    matcher = _Matcher()
    matcher.add(value, name == RAW_LINE)
    if not matcher.needles:
        return None
    key = _field_key(name, source)
    return frozenset((key, needle) for needle in matcher.needles)


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


def _field_key(name: str, source: LogSource) -> str:
    """What a rule's field name reads in Events of `source`: RAW_LINE, URL_FULL or an Event field."""
    return RAW_LINE if name == RAW_LINE else source.fields.get(name, name)


def getter(key: str) -> Getter:
    """Reads the field `key` (from `_field_key`) of an Event; None when absent."""
    if key == RAW_LINE:
        return operator.attrgetter("raw")
    if key == URL_FULL:
        return _full_url
    return lambda event: event.fields.get(key)


def field_text(value: Any) -> str:
    """A present field value as the value tests read it (they compare its lower case)."""
    if isinstance(value, str):
        return value
    return str(value).lower() if isinstance(value, bool) else str(value)


def _full_url(event: Event) -> str | None:
    path = event.fields.get(URL_PATH)
    query = event.fields.get(URL_QUERY)
    if path is None:
        return None
    return f"{path}?{query}" if query else str(path)


def _field_test(name: str, values: list[SigmaType], source: LogSource) -> tuple[Predicate, int]:
    keyword = name == RAW_LINE
    test, cost = value_test(values, keyword=keyword)
    get = getter(_field_key(name, source))
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
        # Lower-case literals one of which any match contains; None once a value can match
        # without one (regexes, CIDRs, comparisons, cased strings, `*`, null, "").
        self.needles: set[str] | None = set()

    def _needle(self, literal: str | None) -> None:
        if self.needles is not None and literal:
            self.needles.add(literal)
        else:
            self.needles = None

    def add(self, value: SigmaType, keyword: bool) -> None:
        if isinstance(value, SigmaExpansion):
            for item in value.values:
                self.add(item, keyword)
        elif isinstance(value, SigmaCasedString):
            # no needle: lower-casing does not commute with `in` for every character
            self._add_test(_wildcard_test(self._keyword_shape(value) if keyword else value, cased=True), _COST_REGEX)
        elif isinstance(value, SigmaString):
            self._add_string(value, keyword)
        elif isinstance(value, SigmaNumber):
            self._exact(str(value.number).lower())
        elif isinstance(value, SigmaBool):
            self._exact("true" if value.boolean else "false")
        elif isinstance(value, SigmaNull):
            self.null = True
            self._needle(None)
        elif isinstance(value, SigmaExists):
            if value.exists:
                self.any_value = True
            else:
                self.null = True
            self._needle(None)
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

    def _add_test(self, test: Callable[[str], object], cost: int, needle: str | None = None) -> None:
        self.tests.append(test)
        self.cost = max(self.cost, cost)
        self._needle(needle)

    def _exact(self, text: str) -> None:
        self.exact.add(text)
        self._needle(text)

    def _affix(self, bucket: list[str], text: str, cost: int) -> None:
        bucket.append(text)
        self.cost = max(self.cost, cost)
        self._needle(text)

    def _add_string(self, value: SigmaString, keyword: bool) -> None:
        if any(not isinstance(part, str | SpecialChars) for part in value.s):
            raise UnsupportedFeature("placeholders (the `expand` modifier)")
        # A keyword is searched anywhere in the line, as Sigma's full-text semantics say.
        parts = list(self._keyword_shape(value).s if keyword else value.s)
        star = SpecialChars.WILDCARD_MULTI
        texts = [part for part in parts if isinstance(part, str)]
        shape = tuple(part is star for part in parts)
        if any(isinstance(part, SpecialChars) and part is not star for part in parts) or len(texts) > 1:
            # every literal part must occur (see _wildcard_test): the longest is the rarest
            longest = max((text.lower() for text in texts), key=len, default=None)
            self._add_test(_wildcard_test(_with_parts(value, parts), cased=False), _COST_REGEX, longest)
        elif shape == (True,):
            self.any_value = True
            self._needle(None)
        elif shape == (False,):
            self._exact(texts[0].lower())
        elif shape == (False, True):
            self._affix(self.prefixes, texts[0].lower(), _COST_AFFIX)
        elif shape == (True, False):
            self._affix(self.suffixes, texts[0].lower(), _COST_AFFIX)
        elif shape == (True, False, True):
            self._affix(self.substrings, texts[0].lower(), _COST_SCAN)
        else:  # only stars, e.g. "**"
            self.any_value = True
            self._needle(None)

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
            text = field_text(value)
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
