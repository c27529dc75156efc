"""Building the inventory of a repository from its files, one streamed pass per file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from pavedroad.core.errors import ScanError, Skip
from pavedroad.core.filekinds import classify
from pavedroad.discover import catalog
from pavedroad.discover.connections import CONNECTION_KINDS, find_connection_schemes
from pavedroad.discover.containers import extract_compose, extract_dockerfile
from pavedroad.discover.dependencies import extract_manifest
from pavedroad.discover.model import (
    Detection,
    Discovery,
    DiscoveryError,
    Evidence,
    Fact,
    Inventory,
    LanguageStats,
    Manifest,
    OwnershipRule,
)
from pavedroad.discover.ownership import extract_codeowners
from pavedroad.discover.reading import iter_lines, read_head, read_text_for_parsing, skip_reason
from pavedroad.discover.terraform import extract_terraform

Extractor = Callable[[str, frozenset[str], str], Iterator[Discovery]]

# (kind pattern, extractor): every extractor whose pattern matches one of a file's kinds reads it.
EXTRACTORS: tuple[tuple[str, Extractor], ...] = (
    ("manifest:*", extract_manifest),
    ("terraform", extract_terraform),
    ("dockerfile", extract_dockerfile),
    ("compose", extract_compose),
    ("codeowners", extract_codeowners),
)

# Third-party code checked into the repository counts towards its size but says nothing about
# the project's own stack.
_NOT_THE_PROJECTS_OWN = frozenset({"vendored"})


@dataclass(slots=True)
class _Collector:
    files: int = 0
    languages: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    facets: set[str] = field(default_factory=set)
    discoveries: list[Discovery] = field(default_factory=list)
    problems: list[ScanError] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


def build_inventory(
    root: Path, relpaths: Iterable[str], *, skipped: Iterable[Skip] = (), problems: Iterable[ScanError] = ()
) -> Inventory:
    """Inventory the files at `relpaths` (relative to `root`, "/"-separated).

    Files are read, never executed or imported. A file that cannot be read or parsed becomes
    an entry in `problems` and the others are still inventoried; binaries and files over
    5 MB go to `skipped`. What the caller's file walk skipped or failed on can be passed in
    `skipped` and `problems` to appear in the inventory too.
    """
    collector = _Collector(skipped=list(skipped), problems=list(problems))
    for relpath in sorted(set(relpaths)):
        try:
            _inventory_file(root, relpath, collector)
        except OSError as error:
            collector.problems.append(ScanError(relpath, f"cannot read: {error.strerror or error}"))
    return _freeze(root, collector)


def _inventory_file(root: Path, relpath: str, collector: _Collector) -> None:
    path = root / relpath
    collector.files += 1
    head = read_head(path)
    reason = skip_reason(path.stat().st_size, head)
    if reason is not None:
        collector.skipped.append(Skip(relpath, reason))
        return
    language, kinds = classify(relpath, head)
    collector.facets.update(kinds)
    own_file = not kinds & _NOT_THE_PROJECTS_OWN
    scan_connections = own_file and bool(kinds & CONNECTION_KINDS)
    if language is not None or scan_connections:
        lines = 0
        for number, line in enumerate(iter_lines(path), start=1):
            lines += bool(line.strip())
            if scan_connections:
                collector.discoveries.extend(find_connection_schemes(relpath, number, line))
        if language is not None:
            collector.facets.add(f"language:{language}")
            stats = collector.languages[language]
            stats[0] += 1
            stats[1] += lines
    if own_file:
        collector.discoveries.extend(_facts_from_kinds(relpath, kinds))
        _run_extractors(path, relpath, kinds, collector)


def _facts_from_kinds(relpath: str, kinds: frozenset[str]) -> Iterator[Fact]:
    for kind, category, name in catalog.KIND_FACTS:
        if kind in kinds:
            yield Fact(category, name, Evidence(relpath))


def _run_extractors(path: Path, relpath: str, kinds: frozenset[str], collector: _Collector) -> None:
    extractors = [
        extractor for pattern, extractor in EXTRACTORS if any(fnmatchcase(k, pattern) for k in kinds)
    ]
    if not extractors:
        return
    try:
        text = read_text_for_parsing(path)
    except DiscoveryError as error:
        collector.problems.append(ScanError(relpath, str(error), line=error.line))
        return
    for extractor in extractors:
        try:
            # Collected one by one so that what came before a parse error is kept.
            for discovery in extractor(relpath, kinds, text):
                collector.discoveries.append(discovery)
        except DiscoveryError as error:
            collector.problems.append(ScanError(relpath, str(error), line=error.line))


def _freeze(root: Path, collector: _Collector) -> Inventory:
    facts = [item for item in collector.discoveries if isinstance(item, Fact)]
    manifests = sorted(
        {item for item in collector.discoveries if isinstance(item, Manifest)}, key=lambda item: item.path
    )
    ownership = sorted(
        (item for item in collector.discoveries if isinstance(item, OwnershipRule)),
        key=lambda item: (item.path, item.line),
    )
    languages = sorted(
        (LanguageStats(language, files, lines) for language, (files, lines) in collector.languages.items()),
        key=lambda stats: (-stats.lines, stats.language),
    )
    return Inventory(
        root=str(root),
        files=collector.files,
        languages=tuple(languages),
        manifests=tuple(manifests),
        package_managers=tuple(sorted({manifest.package_manager for manifest in manifests})),
        frameworks=_detections(facts, catalog.FRAMEWORK),
        data_stores=_detections(facts, catalog.DATA_STORE),
        cloud_providers=_detections(facts, catalog.CLOUD_PROVIDER),
        infrastructure=_detections(facts, catalog.INFRASTRUCTURE),
        containers=_detections(facts, catalog.CONTAINERS),
        container_images=_detections(facts, catalog.CONTAINER_IMAGE),
        ci_systems=_detections(facts, catalog.CI_SYSTEM),
        ownership=tuple(ownership),
        applicable_analyzers=applicable_analyzers(collector.facets),
        problems=tuple(sorted(collector.problems, key=lambda problem: (problem.path, problem.line or 0))),
        skipped=tuple(sorted(collector.skipped, key=lambda skip: skip.path)),
    )


def _detections(facts: Iterable[Fact], category: str) -> tuple[Detection, ...]:
    """Facts of one category grouped by name, each with its distinct evidence in file order."""
    grouped: dict[str, set[Evidence]] = defaultdict(set)
    for fact in facts:
        if fact.category == category:
            grouped[fact.name].add(fact.evidence)
    return tuple(
        Detection(name, tuple(sorted(evidence, key=lambda item: (item.path, item.line or 0, item.detail))))
        for name, evidence in sorted(grouped.items())
    )


def applicable_analyzers(facets: Iterable[str]) -> tuple[str, ...]:
    """Analyzer families with work to do, given the kind tags and "language:<name>" facets seen."""
    seen = set(facets)
    return tuple(
        sorted(
            family
            for family, patterns in catalog.ANALYZER_FAMILIES
            if catalog.ALWAYS in patterns or any(fnmatchcase(facet, p) for facet in seen for p in patterns)
        )
    )
