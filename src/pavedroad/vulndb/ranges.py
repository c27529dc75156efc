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


@functools.lru_cache(maxsize=65_536)
def _compile(version_range: VersionRange, ecosystem: str) -> _CompiledRange:
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
    compiled = _compile(version_range, ecosystem)
    target = compiled.order.key(version)
    if compiled.limits and not compiled.unlimited and not any(target < limit for limit in compiled.limits):
        return False
    affected = compiled.starts_affected
    for bound, kind in compiled.walk:
        if target < bound:
            break
        if kind == "introduced":
            affected = True
        elif kind == "fixed" or (kind == "last_affected" and not target <= bound):
            affected = False
    return affected


def listed_version_keys(package: AffectedPackage) -> frozenset[str]:
    """The entry's `versions` list, spelled as its ecosystem's order compares them."""
    order = order_for_ecosystem(package.ecosystem)
    if order is None:
        return frozenset(package.versions)
    return frozenset(order.canonical(version) for version in package.versions)


@dataclass(frozen=True, slots=True)
class RangeSet:
    """What evaluating one `affected[]` entry needs: its ranges and its (canonical) version list."""

    ecosystem: str
    ranges: tuple[VersionRange, ...]
    listed: Container[str]

    @classmethod
    def of(cls, package: AffectedPackage) -> RangeSet:
        """The RangeSet of an affected entry."""
        return cls(package.ecosystem, package.ranges, listed_version_keys(package))

    @property
    def fixed_versions(self) -> tuple[str, ...]:
        """Every `fixed` event of every range."""
        return tuple(version for version_range in self.ranges for version in version_range.fixed_versions)

    def evaluate(self, version: str) -> Verdict:
        """Whether `version` is affected.

        Undecidable ranges (an unparsable version or bound, an ecosystem with no known order)
        make the verdict None with the reason, unless another part already says affected.
        """
        order = order_for_ecosystem(self.ecosystem)
        if version in self.listed or (order is not None and order.canonical(version) in self.listed):
            return AFFECTED
        reasons = []
        for version_range in self.ranges:
            try:
                if range_includes(version_range, self.ecosystem, version):
                    return AFFECTED
            except (UnparsableVersionError, LookupError) as error:
                reasons.append(str(error))
        if reasons:
            return Verdict(None, "; ".join(dict.fromkeys(reasons)))
        return NOT_AFFECTED


def evaluate(package: AffectedPackage, version: str) -> Verdict:
    """Whether `version` of `package.name` is affected by this `affected[]` entry."""
    return RangeSet.of(package).evaluate(version)
