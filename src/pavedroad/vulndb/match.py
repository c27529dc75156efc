"""Match components against the database: one `Match` per (component, vulnerability).

Lookups are one query per distinct (ecosystem, normalised name); each distinct version is
evaluated once. Advisories that name the same flaw (sharing an id, alias or upstream id —
a CVE, its GHSA and its PYSEC) become one Match. A version that cannot be read, or a range
that cannot be evaluated, is a `MatchProblem` and never a silent "not vulnerable".
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from pavedroad.core.components import Component
from pavedroad.vulndb.models import Advisory, AffectedPackage, SeverityVector
from pavedroad.vulndb.names import canonical_ecosystem, normalize_name
from pavedroad.vulndb.ranges import RangeSet
from pavedroad.vulndb.severity import SeverityRating, errata_rating, rate
from pavedroad.vulndb.store import AffectedEntry, ExploitFacts, VulnerabilityDatabase
from pavedroad.vulndb.upgrade import smallest_safe_version
from pavedroad.vulndb.versions import order_for_component, order_for_ecosystem, order_for_range

PackageKey = tuple[str, str]  # (canonical ecosystem, normalised name)


@dataclass(frozen=True, slots=True)
class Match:
    """A component affected by one vulnerability (possibly published as several advisories).

    `id` is the primary advisory id (a database's own id such as PYSEC/GO/RUSTSEC before GHSA,
    before CVE); `aliases` every other id of the same flaw; `related` ids the advisories
    only call related. `fixed_versions` are this package's fixes above the installed version.
    `advisories` are the merged records, each with its `affected` entries for this package.
    """

    component: Component
    id: str
    aliases: tuple[str, ...]
    related: tuple[str, ...]
    summary: str
    severity: SeverityRating
    fixed_versions: tuple[str, ...]
    references: tuple[str, ...]
    advisories: tuple[Advisory, ...]
    published: str | None = None
    known_exploited: bool = False
    epss: float | None = None
    epss_percentile: float | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the advisory records merged into this match."""
        return tuple(advisory.id for advisory in self.advisories)

    @property
    def affected(self) -> tuple[AffectedPackage, ...]:
        """This package's `affected` entries in every merged advisory."""
        return tuple(entry for advisory in self.advisories for entry in advisory.affected)


@dataclass(frozen=True, slots=True)
class MatchProblem:
    """A component that could not be (fully) checked, and why.

    `kind` is `unpinned` (no exact version), `unparsable-version` (the version is not valid in
    the ecosystem's order: ranges were not evaluated) or `undecidable-range` (an advisory's
    range could not be evaluated for this version).
    """

    component: Component
    kind: str
    message: str

    def describe(self) -> str:
        """`source:line: message`."""
        where = f"{self.component.source}:{self.component.line}" if self.component.line else self.component.source
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Matches and problems of one `find_vulnerabilities` call; iterating yields the matches."""

    matches: tuple[Match, ...]
    problems: tuple[MatchProblem, ...]
    package_entries: dict[PackageKey, tuple[RangeSet, ...]] = field(default_factory=dict)
    _by_component: dict[Component, list[Match]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _upgrades: dict[tuple[PackageKey, str], str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for match in self.matches:
            self._by_component.setdefault(match.component, []).append(match)

    def __iter__(self) -> Iterator[Match]:
        return iter(self.matches)

    def __len__(self) -> int:
        return len(self.matches)

    def for_component(self, component: Component) -> list[Match]:
        """The matches of one component."""
        return list(self._by_component.get(component, ()))

    def safe_upgrade(self, component: Component) -> str | None:
        """The smallest version above the component's that no known advisory for it affects.

        Unlike `smallest_safe_upgrade(...)` over the matches alone, this also avoids versions
        hit by advisories that do not affect the current version (flaws introduced later).
        None when the component has no match or no such version is known.
        """
        if component.version is None or component not in self._by_component:
            return None
        key = _package_key(component)
        version = component.version
        if (key, version) not in self._upgrades:
            entries = self.package_entries.get(key, ())
            self._upgrades[key, version] = smallest_safe_version(component.ecosystem, version, entries)
        return self._upgrades[key, version]


def _package_key(component: Component) -> PackageKey:
    ecosystem = canonical_ecosystem(component.ecosystem)
    return ecosystem, normalize_name(ecosystem, component.name)


@dataclass(slots=True)
class _Evaluation:
    affecting: dict[int, list[AffectedPackage]] = field(default_factory=dict)
    undecided: dict[int, str] = field(default_factory=dict)


def _evaluate_version(entries: list[AffectedEntry], version: str) -> _Evaluation:
    evaluation = _Evaluation()
    for entry in entries:
        verdict = entry.range_set.evaluate(version)
        if verdict.affected:
            evaluation.affecting.setdefault(entry.advisory_rowid, []).append(entry.package)
        elif verdict.affected is None:
            evaluation.undecided.setdefault(entry.advisory_rowid, verdict.reason)
    for rowid in evaluation.affecting:
        evaluation.undecided.pop(rowid, None)
    return evaluation


@dataclass(slots=True)
class _Lookups:
    """What evaluating every package found: hits per component, and what could not be decided."""

    hits: list[tuple[Component, _Evaluation]] = field(default_factory=list)
    undecided: list[tuple[Component, dict[int, str]]] = field(default_factory=list)
    package_entries: dict[PackageKey, tuple[RangeSet, ...]] = field(default_factory=dict)


def _look_up(db: VulnerabilityDatabase, by_package: dict[PackageKey, list[Component]]) -> _Lookups:
    """Every package's entries in a few queries; each distinct version of a package evaluated once."""
    found = _Lookups()
    entries_by_package = db.affected_entries_of(by_package)
    for key, package_components in by_package.items():
        entries = entries_by_package.get(key)
        if not entries:
            continue
        evaluations: dict[str, _Evaluation] = {}
        for component in package_components:
            version = component.version or ""
            evaluation = evaluations.get(version)
            if evaluation is None:
                evaluation = evaluations[version] = _evaluate_version(entries, version)
            if evaluation.affecting:
                found.hits.append((component, evaluation))
                if key not in found.package_entries:
                    found.package_entries[key] = tuple(entry.range_set for entry in entries)
            if evaluation.undecided:
                found.undecided.append((component, evaluation.undecided))
    return found


def find_vulnerabilities(db: VulnerabilityDatabase, components: Iterable[Component]) -> MatchResult:
    """Every (component, vulnerability) match, with problems for components that could not be checked."""
    with _garbage_collection_paused():
        return _find_vulnerabilities(db, components)


@contextmanager
def _garbage_collection_paused() -> Iterator[None]:
    """Matching a large inventory allocates hundreds of thousands of small objects and no
    reference cycles, so the cyclic collector only re-walks an ever larger heap: a third of
    the time with 40,000 matches. Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _find_vulnerabilities(db: VulnerabilityDatabase, components: Iterable[Component]) -> MatchResult:
    by_package: dict[PackageKey, list[Component]] = {}
    problems: list[MatchProblem] = []
    for component in components:
        if component.version is None:
            message = f"{component.name}: no exact version, so not checked for vulnerabilities"
            problems.append(MatchProblem(component, "unpinned", message))
        else:
            by_package.setdefault(_package_key(component), []).append(component)
    found = _look_up(db, by_package)
    rowids = {rowid for _, evaluation in found.hits for rowid in evaluation.affecting}
    details = db.advisories(rowids | {rowid for _, undecided in found.undecided for rowid in undecided})
    problems.extend(_undecided_problem(component, undecided, details) for component, undecided in found.undecided)
    flaw_ids = {rowid: details[rowid].same_flaw_ids for rowid in rowids}
    exploits = db.exploit_facts({i for rowid in rowids for i in (*flaw_ids[rowid], *details[rowid].related)})
    # A group of advisories (one flaw) is worked out once, however many packages and versions
    # it affects; components at the same version of the same package share one evaluation,
    # so their matches are built once and only the component is swapped.
    flaws: dict[tuple[int, ...], _Flaw] = {}
    built: dict[int, list[Match]] = {}
    matches: list[Match] = []
    for component, evaluation in found.hits:
        template = built.get(id(evaluation))
        if template is None:
            template = built[id(evaluation)] = []
            for group in _merge_same_flaw(sorted(evaluation.affecting), flaw_ids):
                flaw = flaws.get(tuple(group))
                if flaw is None:
                    flaw = flaws[tuple(group)] = _flaw(group, details, flaw_ids, exploits)
                template.append(_build_match(component, flaw, details, evaluation.affecting))
            matches.extend(template)
        else:
            matches.extend(dataclasses.replace(match, component=component) for match in template)
    return MatchResult(tuple(matches), tuple(problems), found.package_entries)


def _with_affected(advisory: Advisory, packages: list[AffectedPackage]) -> Advisory:
    a = advisory  # spelled out: dataclasses.replace is several times slower on this hot path
    return Advisory(
        a.id, a.modified, a.published, a.withdrawn, a.summary, a.aliases, a.related, a.upstream,
        a.severity, a.database_severity, a.references, tuple(packages),
    )  # fmt: skip


def _undecided_problem(component: Component, undecided: dict[int, str], details: dict[int, Advisory]) -> MatchProblem:
    ids = ", ".join(sorted(details[rowid].id for rowid in undecided))
    order = order_for_ecosystem(component.ecosystem)
    version = component.version or ""
    if order is not None and not order.is_valid(version):
        return MatchProblem(
            component,
            "unparsable-version",
            f"{component.name} {version!r} is not a valid {order.name} version: advisories {ids} "
            "could not be checked against it (only their exact version lists were)",
        )
    reasons = "; ".join(sorted(set(undecided.values())))
    return MatchProblem(
        component,
        "undecidable-range",
        f"{component.name} {version}: could not evaluate advisories {ids} ({reasons})",
    )


def _merge_same_flaw(rowids: Sequence[int], flaw_ids: dict[int, frozenset[str]]) -> list[list[int]]:
    """Group advisories that share any id, alias or upstream id (union-find over identifiers)."""
    parent = {rowid: rowid for rowid in rowids}

    def root(rowid: int) -> int:
        while parent[rowid] != rowid:
            parent[rowid] = parent[parent[rowid]]
            rowid = parent[rowid]
        return rowid

    owner: dict[str, int] = {}
    for rowid in rowids:
        for identifier in flaw_ids[rowid]:
            if identifier in owner:
                parent[root(rowid)] = root(owner[identifier])
            else:
                owner[identifier] = rowid
    groups: dict[int, list[int]] = {}
    for rowid in rowids:
        groups.setdefault(root(rowid), []).append(rowid)
    return list(groups.values())


def _id_rank(identifier: str) -> tuple[int, str]:
    """Database-native ids first (PYSEC, GO, RUSTSEC...), then GHSA, then CVE."""
    return (2 if identifier.startswith("CVE-") else 1 if identifier.startswith("GHSA-") else 0), identifier


def _fixed_versions_above(component: Component, packages: Iterable[AffectedPackage]) -> tuple[str, ...]:
    """This package's `fixed` versions above the component's, lowest first.

    A fix that the range's order cannot compare with the component's version (either side
    unreadable) counts as above: better to show a fix than to hide it.
    """
    version = component.version or ""
    found: set[str] = set()
    for package in packages:
        for version_range in package.ranges:
            if not version_range.fixed_versions:
                continue
            order = order_for_range(version_range.type, package.ecosystem)
            if order is None or not order.is_valid(version):
                found.update(version_range.fixed_versions)
                continue
            current = order.key(version)
            found.update(v for v in version_range.fixed_versions if not order.is_valid(v) or current < order.key(v))
    readable = order_for_component(component.ecosystem).sorted(list(found))
    return (*readable, *sorted(found.difference(readable)))


def _references(advisories: Sequence[Advisory]) -> tuple[str, ...]:
    """Every link once: the primary advisory's first (each stored most useful first), then the others'."""
    return tuple(dict.fromkeys(reference.url for advisory in advisories for reference in advisory.references))


@dataclass(frozen=True, slots=True)
class _Flaw:
    """What a Match takes from its merged advisories alone, the same for every package and
    version they affect (one errata covers dozens of packages): worked out once per group."""

    rowids: tuple[int, ...]  # the primary advisory first (see `_id_rank`)
    id: str
    aliases: tuple[str, ...]
    related: tuple[str, ...]
    summary: str
    references: tuple[str, ...]
    published: str | None
    vectors: tuple[SeverityVector, ...]
    ratings: tuple[str | None, ...]
    severity: SeverityRating  # from `vectors` and `ratings`: the match's unless its packages rate it too
    known_exploited: bool
    epss: float | None
    epss_percentile: float | None


def _flaw(
    group: list[int],
    details: dict[int, Advisory],
    flaw_ids: dict[int, frozenset[str]],
    exploits: dict[str, ExploitFacts],
) -> _Flaw:
    rowids = sorted(group, key=lambda rowid: _id_rank(details[rowid].id))
    advisories = [details[rowid] for rowid in rowids]
    primary = advisories[0]
    same_flaw: set[str] = set().union(*(flaw_ids[rowid] for rowid in rowids))
    related = tuple(sorted({r for advisory in advisories for r in advisory.related} - same_flaw, key=_id_rank))
    vectors = tuple(vector for advisory in advisories for vector in advisory.severity)
    ratings = tuple(advisory.database_severity or errata_rating(advisory.summary) for advisory in advisories)
    facts = [exploits[i] for i in (*sorted(same_flaw), *related) if i in exploits]
    scores = [fact for fact in facts if fact.epss is not None]
    best_score = max(scores, key=lambda fact: fact.epss or 0.0) if scores else None
    return _Flaw(
        rowids=tuple(rowids),
        id=primary.id,
        aliases=tuple(sorted(same_flaw - {primary.id}, key=_id_rank)),
        related=related,
        summary=next((advisory.summary for advisory in advisories if advisory.summary), primary.id),
        references=_references(advisories),
        published=primary.published,
        vectors=vectors,
        ratings=ratings,
        severity=rate(vectors, ratings),
        known_exploited=any(fact.known_exploited for fact in facts),
        epss=best_score.epss if best_score else None,
        epss_percentile=best_score.epss_percentile if best_score else None,
    )


def _build_match(
    component: Component, flaw: _Flaw, details: dict[int, Advisory], affecting: dict[int, list[AffectedPackage]]
) -> Match:
    """The match of `component` with `flaw`, through the packages (entries) of it that affect it."""
    packages = [package for rowid in flaw.rowids for package in affecting[rowid]]
    severity = flaw.severity
    if any(package.severity or package.database_severity for package in packages):
        severity = rate(
            [*flaw.vectors, *(vector for package in packages for vector in package.severity)],
            [*flaw.ratings, *(package.database_severity for package in packages)],
        )
    return Match(
        component=component,
        id=flaw.id,
        aliases=flaw.aliases,
        related=flaw.related,
        summary=flaw.summary,
        severity=severity,
        fixed_versions=_fixed_versions_above(component, packages),
        references=flaw.references,
        advisories=tuple(_with_affected(details[rowid], affecting[rowid]) for rowid in flaw.rowids),
        published=flaw.published,
        known_exploited=flaw.known_exploited,
        epss=flaw.epss,
        epss_percentile=flaw.epss_percentile,
    )
