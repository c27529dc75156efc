"""The smallest upgrade that leaves every given advisory behind."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from pavedroad.vulndb.models import AffectedPackage
from pavedroad.vulndb.ranges import RangeSet
from pavedroad.vulndb.versions import order_for_component


class HasAffected(Protocol):
    """Anything that carries `affected` entries: a Match, or an Advisory filtered to one package."""

    @property
    def affected(self) -> tuple[AffectedPackage, ...]: ...


def smallest_safe_version(ecosystem: str, current_version: str, entries: Sequence[RangeSet]) -> str | None:
    """The smallest `fixed` version above `current_version` that none of `entries` affects.

    Entries that affect the current version and every candidate (no fix published above it)
    cannot be escaped by upgrading, so they do not block the advice; their matches show no
    fixed version. None when no candidate is safe or the current version cannot be read.
    A candidate that some entry cannot decide about is never offered: advice is not a guess.
    """
    order = order_for_component(ecosystem)
    if not entries or not order.is_valid(current_version):
        return None
    current = order.key(current_version)
    candidates = sorted(
        {
            fixed
            for entry in entries
            for fixed in entry.fixed_versions
            if order.is_valid(fixed) and current < order.key(fixed)
        },
        key=order.key,
    )
    blocking: list[list[bool]] = []  # per entry that can be escaped: is each candidate safe from it?
    for entry in entries:
        safe = [entry.evaluate(candidate).affected is False for candidate in candidates]
        if any(safe) or entry.evaluate(current_version).affected is not True:
            blocking.append(safe)
    for index, candidate in enumerate(candidates):
        if all(safe[index] for safe in blocking):
            return candidate
    return None


def smallest_safe_upgrade(ecosystem: str, current_version: str, matches: Iterable[HasAffected]) -> str | None:
    """The smallest version above `current_version` outside every matched advisory's ranges.

    The candidates are the advisories' `fixed` versions, compared in the ecosystem's order;
    advisories with no fix above the current version do not block it (see
    `smallest_safe_version`). For advice that also avoids advisories the current version is
    not affected by (a flaw introduced later), use `MatchResult.safe_upgrade(component)`.
    """
    entries = [RangeSet.of(package) for match in matches for package in match.affected]
    return smallest_safe_version(ecosystem, current_version, entries)
