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
    candidates = order.sorted(
        list({fixed for entry in entries for fixed in entry.fixed_versions if order.is_valid(fixed)})
    )
    candidates = [candidate for candidate in candidates if current < order.key(candidate)]
    safe: dict[tuple[int, int], bool] = {}  # (entry, candidate) -> not affected; evaluated lazily
    unavoidable: dict[int, bool] = {}

    def is_safe(entry: int, candidate: int) -> bool:
        if (entry, candidate) not in safe:
            safe[entry, candidate] = entries[entry].evaluate(candidates[candidate]).affected is False
        return safe[entry, candidate]

    def cannot_be_escaped(entry: int) -> bool:
        if entry not in unavoidable:
            unavoidable[entry] = entries[entry].evaluate(current_version).affected is True and not any(
                is_safe(entry, candidate) for candidate in range(len(candidates))
            )
        return unavoidable[entry]

    for candidate in range(len(candidates)):
        if all(is_safe(entry, candidate) or cannot_be_escaped(entry) for entry in range(len(entries))):
            return candidates[candidate]
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
