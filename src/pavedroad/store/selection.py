"""Which versions an `affected` query asks about: `PACKAGE@VERSION` or `PACKAGE@RANGE`.

A bare version matches equal versions in the ecosystem's order (`2.10` is `2.10.0` in
PEP 440, `v1.2.0` is `1.2.0` in Go). A PyPI range is a PEP 440 specifier set, read by
`packaging` (`>=2.0,<2.17.1`, `~=1.4`). Every other ecosystem takes comparators
`<, <=, >, >=, ==, =, !=` joined by commas or spaces, with `||` between alternatives as npm
writes them (`<1.2.3 || >=2.0.0`), compared in the ecosystem's order from
`pavedroad.vulndb.versions` (SemVer through `semver` for npm, crates.io and Go).

`matches()` answers True, False, or None when the recorded version cannot be compared
(unpinned, or not readable in the ecosystem's order): the caller shows those as "maybe".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pavedroad.store.errors import InvalidSelectionError
from pavedroad.vulndb.names import base_ecosystem
from pavedroad.vulndb.versions import VersionKey, VersionOrder, order_for_ecosystem

_RANGE_CHARACTERS = re.compile(r"[<>=!~^*|,\s]")
_COMPARATOR = re.compile(r"\s*(<=|>=|==|!=|<|>|=)?\s*([^\s,<>=!|]+)\s*,?")
_UNSUPPORTED_OPERATOR = re.compile(r"[~^*]|(?:^|\s)-(?:\s|$)")

# A comparison result (-1, 0, 1) passes an operator when it is in that operator's set.
_OPERATORS: dict[str, frozenset[int]] = {
    "<": frozenset({-1}),
    "<=": frozenset({-1, 0}),
    ">": frozenset({1}),
    ">=": frozenset({1, 0}),
    "==": frozenset({0}),
    "=": frozenset({0}),
    "!=": frozenset({-1, 1}),
}

Verdict = bool | None
Matcher = Callable[[str], Verdict]


def _compare(left: VersionKey, right: VersionKey) -> int:
    return -1 if left < right else 1 if right < left else 0


def _exact_matcher(order: VersionOrder | None, wanted: str) -> Matcher:
    if order is None or not order.is_valid(wanted):
        canonical = order.canonical(wanted) if order else wanted
        return lambda version: (order.canonical(version) if order else version) == canonical
    wanted_key = order.key(wanted)

    def matches(version: str) -> Verdict:
        if not order.is_valid(version):
            return version == wanted
        return _compare(order.key(version), wanted_key) == 0

    return matches


def _pep440_matcher(text: str) -> Matcher:
    # Imported here: only PyPI ranges need specifiers, and `affected` should start fast.
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    try:
        specifiers = SpecifierSet(text)
    except InvalidSpecifier as error:
        raise InvalidSelectionError(f"{text!r} is not a valid PEP 440 version specifier ({error})") from error

    def matches(version: str) -> Verdict:
        try:
            parsed = Version(version)
        except InvalidVersion:
            return None
        # A zero-day question includes pre-releases: "<2.17.1" must find 2.17.1rc1.
        return specifiers.contains(parsed, prereleases=True)

    return matches


@dataclass(frozen=True, slots=True)
class _Comparator:
    operator: str
    bound: str


def _is_npm_only(bound: str) -> bool:
    """npm's caret, tilde, wildcard and hyphen ranges (a Debian `~` inside a version is fine)."""
    return bound[0] in "~^" or "*" in bound or bound == "-" or bound.lower() in ("x", "latest")


# Ecosystems whose own manifests write caret, tilde and x-ranges (node-semver, Cargo).
_CARET_TILDE_ECOSYSTEMS = frozenset({"npm", "crates.io"})
_PARTIAL = re.compile(r"^[v=]?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(-[0-9A-Za-z.-]+)?$")


def _expand_npm_range(operator: str, bound: str) -> list[_Comparator] | None:
    """`^1.2.3` -> >=1.2.3 <2.0.0, `~1.2` -> >=1.2.0 <1.3.0, `1.x` -> >=1.0.0 <2.0.0 (node-semver's
    rules, also Cargo's); None when `bound` is not such a range."""
    caret, tilde = bound.startswith("^"), bound.startswith("~")
    body = bound[1:] if caret or tilde else bound
    found = _PARTIAL.match(body)
    if operator not in ("", "==", "=") or found is None:
        return None
    parts = [None if part is None or part in "xX*" else int(part) for part in found.groups()[:3]]
    prerelease = found.group(4) or ""
    if not (caret or tilde) and all(part is not None for part in parts):
        return None  # a plain version: not a range
    major, minor, patch = parts
    if major is None:
        return [_Comparator(">=", "0.0.0-0")]
    lower = f"{major}.{minor or 0}.{patch or 0}{prerelease if patch is not None else ''}"
    if caret:
        if major > 0 or minor is None:
            upper = f"{major + 1}.0.0"
        elif minor > 0 or patch is None:
            upper = f"0.{minor + 1}.0"
        else:
            upper = f"0.0.{patch + 1}"
    elif minor is None:
        upper = f"{major + 1}.0.0"
    elif tilde or patch is None:
        upper = f"{major}.{minor + 1}.0"
    else:
        return None
    return [_Comparator(">=", lower), _Comparator("<", f"{upper}-0")]


def _parse_alternative(text: str, where: str, ecosystem: str) -> tuple[_Comparator, ...]:
    comparators: list[_Comparator] = []
    position = 0
    while position < len(text):
        found = _COMPARATOR.match(text, position)
        if found is None or found.end() == position:
            raise InvalidSelectionError(f"{where!r}: cannot read a comparator at {text[position:]!r}")
        expanded = _expand_npm_range(found[1] or "", found[2]) if ecosystem in _CARET_TILDE_ECOSYSTEMS else None
        if expanded is not None:
            comparators.extend(expanded)
            position = found.end()
            continue
        if _is_npm_only(found[2]):
            raise InvalidSelectionError(
                f"{where!r}: only comparators <, <=, >, >=, ==, != (joined by commas, alternatives by ||) "
                f"are supported for {ecosystem}"
                + ("; write ^1.2.0 as >=1.2.0,<2.0.0" if ecosystem not in _CARET_TILDE_ECOSYSTEMS else "")
            )
        comparators.append(_Comparator(found[1] or "==", found[2]))
        position = found.end()
    if not comparators:
        raise InvalidSelectionError(f"{where!r}: empty alternative between ||")
    return tuple(comparators)


def _comparator_matcher(text: str, order: VersionOrder | None, ecosystem: str) -> Matcher:
    alternatives = [_parse_alternative(part, text, ecosystem) for part in text.split("||")]
    if order is None:
        if any(c.operator not in ("==", "=", "!=") for alternative in alternatives for c in alternative):
            raise InvalidSelectionError(f"{text!r}: pavedroad has no version order for {ecosystem}; use == or !=")
        return lambda version: any(
            all((version == c.bound) == (c.operator != "!=") for c in alternative) for alternative in alternatives
        )
    for alternative in alternatives:
        for comparator in alternative:
            if not order.is_valid(comparator.bound):
                raise InvalidSelectionError(f"{text!r}: {comparator.bound!r} is not a valid {order.name} version")
    bounds = [[(order.key(c.bound), _OPERATORS[c.operator]) for c in alternative] for alternative in alternatives]

    def matches(version: str) -> Verdict:
        if not order.is_valid(version):
            return None
        key = order.key(version)
        return any(all(_compare(key, bound) in passing for bound, passing in alt) for alt in bounds)

    return matches


@dataclass(slots=True)
class VersionSelection:
    """A parsed `@VERSION` or `@RANGE`, read in each ecosystem's syntax the first time it is needed."""

    text: str
    _matchers: dict[str, Matcher] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text = self.text.strip()
        if not self.text:
            raise InvalidSelectionError("empty version after '@'")

    @property
    def is_exact(self) -> bool:
        """Whether this is one version rather than a range."""
        return _RANGE_CHARACTERS.search(self.text) is None

    def matcher(self, ecosystem: str) -> Matcher:
        """The test for versions of `ecosystem`; raises InvalidSelectionError if the text is not valid there."""
        base = base_ecosystem(ecosystem)
        if base not in self._matchers:
            order = order_for_ecosystem(base)
            x_range = base in _CARET_TILDE_ECOSYSTEMS and _expand_npm_range("", self.text) is not None
            if self.is_exact and not x_range:  # `4.17.x` and `4` are ranges in npm's syntax
                self._matchers[base] = _exact_matcher(order, self.text)
            elif base == "PyPI":
                self._matchers[base] = _pep440_matcher(self.text)
            else:
                self._matchers[base] = _comparator_matcher(self.text, order, base)
        return self._matchers[base]

    def matches(self, ecosystem: str, version: str | None) -> Verdict:
        """True/False, or None when `version` is missing or cannot be compared."""
        if version is None:
            return None
        return self.matcher(ecosystem)(version)
