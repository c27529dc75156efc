"""Is a version affected by one OSV `affected[]` entry? The OSV evaluation algorithm, exactly.

A version is affected if it is in the entry's `versions` list or inside any of its ranges.
Within a range the events are sorted by version and walked upward: the version is affected
when the last event at or below it is `introduced` (`"0"` means the beginning of time);
`fixed` is an exclusive upper bound, `last_affected` an inclusive one, and a version at or
above every `limit` is outside the range.
"""

from __future__ import annotations

import functools
from collections.abc import Container
from dataclasses import dataclass

from pavedroad.vulndb.models import AffectedPackage, VersionRange
from pavedroad.vulndb.versions import (
    UnparsableVersionError,
    VersionKey,
    VersionOrder,
    order_for_ecosystem,
    order_for_range,
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """`affected` is True, False, or None when it could not be decided (see `reason`)."""

    affected: bool | None
    reason: str = ""


AFFECTED = Verdict(True)
NOT_AFFECTED = Verdict(False)


@dataclass(frozen=True, slots=True)
class _CompiledRange:
    """A range with its bounds parsed and sorted once: what the walk needs."""

    order: VersionOrder
    starts_affected: bool  # an `introduced: "0"` sorts before every version
    walk: tuple[tuple[VersionKey, str], ...]
    limits: tuple[VersionKey, ...]
    unlimited: bool  # a `limit` of "*" is infinity

    def includes(self, version: str) -> bool:
        """The OSV walk; raises UnparsableVersionError when `version` cannot be read."""
        target = self.order.key(version)
        if self.limits and not self.unlimited and not any(target < limit for limit in self.limits):
            return False
        affected = self.starts_affected
        for bound, kind in self.walk:
            if target < bound:
                break
            if kind == "introduced":
                affected = True
            elif kind == "fixed" or (kind == "last_affected" and not target <= bound):
                affected = False
        return affected


@functools.lru_cache(maxsize=65_536)  # entries often share a range (e.g. an RPM's subpackages)
def _compile(version_range: VersionRange, ecosystem: str) -> _CompiledRange:
    """Parse and sort a range's bounds; raises UnparsableVersionError or LookupError."""
    order = order_for_range(version_range.type, ecosystem)
    if order is None:
        raise LookupError(f"no version order for {version_range.type} ranges in {ecosystem}")
    walk: list[tuple[VersionKey, str]] = []
    limits: list[VersionKey] = []
    starts_affected = unlimited = False
    for event in version_range.events:
        if event.kind == "introduced" and event.version == "0":
            starts_affected = True
        elif event.kind == "limit":
            unlimited = unlimited or event.version == "*"
            if event.version != "*":
                limits.append(order.key(event.version))
        else:
            walk.append((order.key(event.version), event.kind))
    walk.sort(key=lambda pair: pair[0])
    return _CompiledRange(order, starts_affected, tuple(walk), tuple(limits), unlimited)


def range_includes(version_range: VersionRange, ecosystem: str, version: str) -> bool:
    """Whether `version` falls in `version_range`; raises UnparsableVersionError or LookupError."""
    return _compile(version_range, ecosystem).includes(version)


def listed_version_keys(package: AffectedPackage) -> frozenset[str]:
    """The entry's `versions` list, spelled as its ecosystem's order compares them."""
    order = order_for_ecosystem(package.ecosystem)
    if order is None:
        return frozenset(package.versions)
    return frozenset(order.canonical(version) for version in package.versions)


class RangeSet:
    """What evaluating one `affected[]` entry needs: its ranges and its (canonical) version list.

    Each range's bounds are parsed once, on the first evaluation.
    """

    __slots__ = ("_compiled", "ecosystem", "listed", "ranges")

    def __init__(self, ecosystem: str, ranges: tuple[VersionRange, ...], listed: Container[str]) -> None:
        self.ecosystem = ecosystem
        self.ranges = ranges
        self.listed = listed
        self._compiled: list[_CompiledRange | str] | None = None  # a str says why it cannot be evaluated

    @classmethod
    def of(cls, package: AffectedPackage) -> RangeSet:
        """The RangeSet of an affected entry."""
        return cls(package.ecosystem, package.ranges, listed_version_keys(package))

    @property
    def fixed_versions(self) -> tuple[str, ...]:
        """Every `fixed` event of every range."""
        return tuple(version for version_range in self.ranges for version in version_range.fixed_versions)

    def _compiled_ranges(self) -> list[_CompiledRange | str]:
        if self._compiled is None:
            self._compiled = []
            for version_range in self.ranges:
                try:
                    self._compiled.append(_compile(version_range, self.ecosystem))
                except (UnparsableVersionError, LookupError) as error:
                    self._compiled.append(str(error))
        return self._compiled

    def evaluate(self, version: str) -> Verdict:
        """Whether `version` is affected.

        Undecidable ranges (an unparsable version or bound, an ecosystem with no known order)
        make the verdict None with the reason, unless another part already says affected.
        """
        if version in self.listed:
            return AFFECTED
        order = order_for_ecosystem(self.ecosystem)
        if order is not None:
            canonical = order.canonical(version)
            if canonical != version and canonical in self.listed:
                return AFFECTED
        reasons = []
        for compiled in self._compiled_ranges():
            if isinstance(compiled, str):
                reasons.append(compiled)
                continue
            try:
                if compiled.includes(version):
                    return AFFECTED
            except UnparsableVersionError as error:
                reasons.append(str(error))
        if reasons:
            return Verdict(None, "; ".join(dict.fromkeys(reasons)))
        return NOT_AFFECTED


def evaluate(package: AffectedPackage, version: str) -> Verdict:
    """Whether `version` of `package.name` is affected by this `affected[]` entry."""
    return RangeSet.of(package).evaluate(version)
