"""The advisory facts pavedroad keeps from an OSV record (long `details` and credits are dropped)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

EVENT_KINDS = ("introduced", "fixed", "last_affected", "limit")
_REFERENCE_RANK = {kind: rank for rank, kind in enumerate(("ADVISORY", "FIX", "REPORT", "PACKAGE", "ARTICLE", "WEB"))}


@dataclass(frozen=True, slots=True)
class Event:
    """One OSV range event: `introduced`, `fixed`, `last_affected` or `limit` at a version."""

    kind: str
    version: str


@dataclass(frozen=True, slots=True)
class VersionRange:
    """An ECOSYSTEM or SEMVER range (GIT ranges are never kept: they need repository history)."""

    type: str
    events: tuple[Event, ...]
    # The `fixed` events of this range, as written (computed once: matching asks often).
    fixed_versions: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fixed = tuple([event.version for event in self.events if event.kind == "fixed"])
        object.__setattr__(self, "fixed_versions", fixed)


@dataclass(frozen=True, slots=True)
class SeverityVector:
    """A severity entry: `type` is CVSS_V2, CVSS_V3, CVSS_V4 (or another scheme), `score` its vector."""

    type: str
    score: str


@dataclass(frozen=True, slots=True)
class Reference:
    """A link from the advisory, with its OSV type (ADVISORY, FIX, WEB, ...)."""

    type: str
    url: str


def most_useful_first(references: Iterable[Reference]) -> list[Reference]:
    """References ordered advisories first, then fixes, reports and the rest (stable within a type)."""
    return sorted(references, key=lambda reference: _REFERENCE_RANK.get(reference.type, len(_REFERENCE_RANK)))


@dataclass(frozen=True, slots=True)
class AffectedPackage:
    """One `affected[]` entry: a package, its version ranges and explicit version list."""

    ecosystem: str
    name: str
    ranges: tuple[VersionRange, ...] = ()
    versions: tuple[str, ...] = ()
    severity: tuple[SeverityVector, ...] = ()
    database_severity: str | None = None

    @property
    def fixed_versions(self) -> tuple[str, ...]:
        """Every `fixed` event of every range, in the order written."""
        return tuple(version for version_range in self.ranges for version in version_range.fixed_versions)


@dataclass(frozen=True, slots=True)
class Advisory:
    """An OSV advisory. `affected` holds only the entries the caller asked about, where filtered."""

    id: str
    modified: str
    published: str | None = None
    withdrawn: str | None = None
    summary: str = ""
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    upstream: tuple[str, ...] = ()
    severity: tuple[SeverityVector, ...] = ()
    database_severity: str | None = None
    references: tuple[Reference, ...] = ()
    affected: tuple[AffectedPackage, ...] = ()

    @property
    def same_flaw_ids(self) -> frozenset[str]:
        """Its own id, its aliases and its upstream ids: identifiers of the same vulnerability."""
        return frozenset((self.id, *self.aliases, *self.upstream))
