"""Run file analyzers over the workspace: cache first, then a process pool for the rest."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from pavedroad.core.analyzer import AnalysisContext, AnalyzerError, FileAnalyzer, Target
from pavedroad.core.cache import FileState, ResultCache
from pavedroad.core.errors import ScanError, ScanWarning, Skip
from pavedroad.core.filekinds import classify
from pavedroad.core.findings import Finding
from pavedroad.core.records import finding_from_record, finding_to_record
from pavedroad.core.suppress import InlineSuppression, apply_inline, find_inline_suppressions

BINARY_SNIFF_BYTES = 8192
# Lines of code for density KPIs: lines with something on them (comments included, as cloc's
# "code + comment"; cheap enough to count on every file).
_NON_BLANK_LINE = re.compile(rb"^[ \t]*\S", re.MULTILINE)
# Below this many files the pool's start-up costs more than it saves (pre-commit runs).
POOL_THRESHOLD = 48
# A file modified this close to the scan's start may change again within the same mtime tick.
RACY_MTIME_SECONDS = 2


def analyzer_key(analyzer: FileAnalyzer) -> str:
    """Name, version and a hash of the rule set: any change to them invalidates the cache."""
    rules = sorted(f"{rule.id}:{rule.severity.value}:{rule.confidence.value}" for rule in analyzer.rules)
    rules_hash = hashlib.sha256("\n".join(rules).encode()).hexdigest()[:16]
    return f"{analyzer.name}@{analyzer.version}#{rules_hash}"


@dataclass(slots=True)
class FileOutcome:
    """What one worker learned about one file."""

    target: Target
    content_hash: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    findings_by_analyzer: dict[str, list[Finding]] = field(default_factory=dict)
    errors: list[ScanError] = field(default_factory=list)
    skip: Skip | None = None
    from_cache: bool = False


@dataclass(slots=True)
class PipelineResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    warnings: list[ScanWarning] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    files_scanned: int = 0
    bytes_scanned: int = 0
    cache_hits: int = 0
    targets: list[Target] = field(default_factory=list)
    lines_by_language: dict[str, int] = field(default_factory=dict)


# Set in each worker (inherited through fork): the analyzers to run, with their cache keys.
_WORKER_ANALYZERS: Sequence[tuple[FileAnalyzer, str]] = ()
_WORKER_CONTEXT: AnalysisContext | None = None


def _initialise_worker(analyzers: Sequence[tuple[FileAnalyzer, str]], context: AnalysisContext) -> None:
    global _WORKER_ANALYZERS, _WORKER_CONTEXT
    _WORKER_ANALYZERS, _WORKER_CONTEXT = analyzers, context


def analyze_file(target: Target) -> FileOutcome:
    """Read one file once, classify it by content, run every analyzer that wants it."""
    outcome = FileOutcome(target)
    try:
        data = target.read_bytes()
    except OSError as error:
        outcome.errors.append(ScanError(target.relpath, f"unreadable: {error.strerror or error}"))
        return outcome
    outcome.content_hash = hashlib.blake2b(data, digest_size=16).hexdigest()
    if b"\0" in data[:BINARY_SNIFF_BYTES]:
        outcome.skip = Skip(target.relpath, "binary content")
        outcome.facts = {"binary": True}
        return outcome
    language, kinds = classify(target.relpath, data[:4096])
    target = replace(target, language=language, kinds=kinds)
    outcome.target = target
    outcome.facts = _file_facts(data, language, kinds)
    assert _WORKER_CONTEXT is not None
    for analyzer, key in _WORKER_ANALYZERS:
        if not analyzer.wants(target):
            continue
        try:
            outcome.findings_by_analyzer[key] = list(analyzer.analyze(target, data, _WORKER_CONTEXT))
        except AnalyzerError as error:
            outcome.errors.append(ScanError(target.relpath, str(error), analyzer.name, error.line))
        except Exception as error:  # one analyzer failing on one file must not stop the scan
            outcome.errors.append(
                ScanError(target.relpath, f"internal error: {type(error).__name__}: {error}", analyzer.name)
            )
    return outcome


def _file_facts(data: bytes, language: str | None, kinds: frozenset[str]) -> dict[str, Any]:
    facts: dict[str, Any] = {"language": language, "kinds": sorted(kinds)}
    if language is not None:
        facts["lines"] = len(_NON_BLANK_LINE.findall(data))
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            facts["encoding_warning"] = [f"not valid UTF-8 (byte 0x{data[error.start]:02x}); scanned as bytes", line]
    facts["suppressions"] = [
        [marker.line, list(marker.rules), marker.reason, marker.standalone] for marker in find_inline_suppressions(data)
    ]
    return facts


class Pipeline:
    """Cache lookups and pool dispatch for the per-file analyzers of one scan."""

    def __init__(
        self,
        analyzers: Sequence[FileAnalyzer],
        context: AnalysisContext,
        cache: ResultCache | None = None,
        jobs: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        self.analyzers = list(analyzers)
        self.context = context
        self.cache = cache
        self.jobs = jobs or os.cpu_count() or 1
        self.on_progress = on_progress
        self._keys = {analyzer.name: analyzer_key(analyzer) for analyzer in self.analyzers}
        self._kinds_memo: dict[int, frozenset[str]] = {}
        self._keyed_analyzers = [(analyzer, self._keys[analyzer.name]) for analyzer in self.analyzers]

    def run(self, targets: Iterable[Target]) -> PipelineResult:
        result = PipelineResult()
        states = self.cache.load_file_states() if self.cache else {}
        cached = self.cache.load_results(self._keys.values()) if self.cache else {}
        trusted_before = (time.time() - RACY_MTIME_SECONDS) * 1e9
        to_analyze: list[Target] = []
        for target in targets:
            outcome = self._from_cache(target, states.get(target.relpath), cached, trusted_before)
            if outcome is None:
                to_analyze.append(target)
            else:
                result.cache_hits += 1
                self._collect(outcome, result)
        if self.on_progress:
            self.on_progress(0)
        new_states: list[tuple[str, FileState]] = []
        new_rows: list[tuple[str, str, str, str]] = []
        for outcome in self._analyze_all(to_analyze):
            self._collect(outcome, result)
            if outcome.content_hash and not outcome.errors and outcome.target.content is None:
                new_states.append(
                    (
                        outcome.target.relpath,
                        FileState(outcome.target.size, outcome.target.mtime_ns, outcome.content_hash, outcome.facts),
                    )
                )
                new_rows.extend(
                    (key, outcome.target.relpath, outcome.content_hash, _payload(findings))
                    for key, findings in outcome.findings_by_analyzer.items()
                )
        if self.cache and (new_states or new_rows):
            self.cache.store(new_states, new_rows)
        if self.cache and self.cache.rebuilt_reason:
            result.warnings.append(ScanWarning(str(self.cache.path), self.cache.rebuilt_reason))
        result.findings.sort(key=lambda finding: (finding.location.path, finding.location.start_line))
        return result

    def _from_cache(
        self,
        target: Target,
        state: FileState | None,
        cached: dict[tuple[str, str], tuple[str, str]],
        trusted_before: float,
    ) -> FileOutcome | None:
        if (
            state is None
            or target.content is not None
            or state.size != target.size
            or state.mtime_ns != target.mtime_ns
            or target.mtime_ns >= trusted_before
        ):
            return None
        outcome = FileOutcome(target, state.content_hash, state.facts, from_cache=True)
        if state.facts.get("binary"):
            outcome.skip = Skip(target.relpath, "binary content")
            return outcome
        target = Target(
            target.path, target.relpath, target.size, state.language, self._kinds(state), mtime_ns=target.mtime_ns
        )
        outcome.target = target
        for analyzer in self.analyzers:
            if not analyzer.wants(target):
                continue
            key = self._keys[analyzer.name]
            entry = cached.get((key, target.relpath))
            if entry is None or entry[0] != state.content_hash:
                return None
            payload = entry[1]
            outcome.findings_by_analyzer[key] = (
                [] if payload == "[]" else [finding_from_record(record) for record in json.loads(payload)]
            )
        return outcome

    def _kinds(self, state: FileState) -> frozenset[str]:
        """The kinds of a cached file, one frozenset per distinct list (they repeat a lot)."""
        key = id(state.facts)
        kinds = self._kinds_memo.get(key)
        if kinds is None:
            kinds = self._kinds_memo[key] = state.kinds
        return kinds

    def _analyze_all(self, targets: list[Target]) -> Iterator[FileOutcome]:
        if len(targets) < POOL_THRESHOLD or self.jobs == 1:
            _initialise_worker(self._keyed_analyzers, self.context)
            for target in targets:
                yield analyze_file(target)
            return
        # fork shares the compiled pattern databases with the workers instead of rebuilding them
        context = multiprocessing.get_context("fork")
        _initialise_worker(self._keyed_analyzers, self.context)
        with ProcessPoolExecutor(max_workers=self.jobs, mp_context=context) as pool:
            chunk = max(1, min(64, len(targets) // (self.jobs * 8)))
            yield from pool.map(analyze_file, targets, chunksize=chunk)

    def _collect(self, outcome: FileOutcome, result: PipelineResult) -> None:
        if self.on_progress and not outcome.from_cache:
            self.on_progress(1)
        result.targets.append(outcome.target)
        result.errors.extend(outcome.errors)
        if outcome.skip:
            result.skipped.append(outcome.skip)
            return
        if outcome.errors and not outcome.content_hash:
            return
        result.files_scanned += 1
        result.bytes_scanned += outcome.target.size
        language = outcome.facts.get("language")
        if language:
            lines = result.lines_by_language
            lines[language] = lines.get(language, 0) + outcome.facts.get("lines", 0)
        relpath = outcome.target.relpath
        warning = outcome.facts.get("encoding_warning")
        if warning:
            result.warnings.append(ScanWarning(relpath, warning[0], warning[1]))
        markers = [
            InlineSuppression(line, tuple(rules), reason, standalone)
            for line, rules, reason, standalone in outcome.facts.get("suppressions", ())
        ]
        findings = [finding for group in outcome.findings_by_analyzer.values() for finding in group]
        if findings or markers:
            findings = _dedupe_fingerprints(findings)
            result.findings.extend(apply_inline(findings, markers, relpath) if markers else findings)


def _payload(findings: list[Finding]) -> str:
    return json.dumps([finding_to_record(finding) for finding in findings], separators=(",", ":"))


def _dedupe_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Two identical leaks in one file get distinct, still stable, fingerprints (#2, #3...)."""
    seen: dict[str, int] = {}
    unique = []
    for finding in findings:
        count = seen.get(finding.fingerprint, 0) + 1
        seen[finding.fingerprint] = count
        unique.append(finding if count == 1 else replace(finding, fingerprint=f"{finding.fingerprint}#{count}"))
    return unique
