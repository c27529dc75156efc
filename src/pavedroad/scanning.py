"""One scan, as configured: workspace → analyzers → triage → gate. The CLI's library call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from pavedroad.analyzers.registry import Analyzer, select_analyzers
from pavedroad.analyzers.secrets.analyzer import SecretsAnalyzer
from pavedroad.analyzers.secrets.history import scan_history
from pavedroad.core import git
from pavedroad.core.analyzer import AnalysisContext, FileAnalyzer, ProjectAnalyzer, Target
from pavedroad.core.baseline import apply_baseline, read_baseline
from pavedroad.core.cache import ResultCache
from pavedroad.core.config import Config, load_config
from pavedroad.core.errors import ScanError, ScanWarning, UsageError
from pavedroad.core.findings import Finding, Rule, Severity
from pavedroad.core.pipeline import Pipeline
from pavedroad.core.run import AnalyzerInfo, RunResult
from pavedroad.core.suppress import (
    MISSING_REASON_RULE,
    apply_configured,
    apply_inline,
    find_inline_suppressions,
    rule_matches,
)
from pavedroad.core.workspace import Workspace, resolve_scope
from pavedroad.policy.gate import evaluate_gate
from pavedroad.report.json_report import result_to_dict

CACHE_DIRECTORY = Path(".pavedroad") / "cache"


@dataclass(frozen=True, slots=True)
class ScanRequest:
    """What the user asked for; None means "as configured"."""

    path: str = "."
    analyzers: Sequence[str] | None = None
    since: str | None = None
    staged: bool = False
    history: bool = False
    mode: str | None = None
    fail_on: Severity | None = None
    config_path: Path | None = None
    use_cache: bool = True
    use_baseline: bool = True
    jobs: int | None = None
    max_file_size: int | None = None
    today: date = field(default_factory=date.today)


def run_scan(request: ScanRequest, on_progress: Callable[[int], None] | None = None) -> RunResult:
    """Scan as requested and decide the gate; raises UsageError/ConfigError for bad input."""
    scope = resolve_scope(request.path, since=request.since, staged=request.staged)
    config = _with_overrides(load_config(scope.root, request.config_path), request)
    analyzers = select_analyzers(request.analyzers, config.analyzers)
    started = _now()
    context = AnalysisContext(
        root=str(scope.root), options={"sca": config.sca, "licenses": config.licenses, "iac": config.iac}
    )
    workspace = Workspace(scope, config.max_file_size, exclude=config.exclude)
    cache = _open_cache(scope.root) if request.use_cache and scope.staged is None else None
    file_analyzers = [a for a in analyzers if isinstance(a, FileAnalyzer) and not getattr(a, "project_level", False)]
    pipeline = Pipeline(file_analyzers, context, cache, request.jobs, on_progress)
    try:
        outcome = pipeline.run(workspace.targets())
    finally:
        if cache:
            cache.close()
    result = RunResult(
        root=str(scope.root),
        scope={**scope.description, "history": request.history, **_repository_prefix(scope.root)},
        analyzers=[AnalyzerInfo(analyzer.name, analyzer.version) for analyzer in analyzers],
        started=started,
        files_scanned=outcome.files_scanned,
        bytes_scanned=outcome.bytes_scanned,
        cache_hits=outcome.cache_hits,
        lines_by_language=dict(sorted(outcome.lines_by_language.items())),
        errors=outcome.errors,
        skipped=sorted([*workspace.skipped, *outcome.skipped], key=lambda skip: skip.path),
        warnings=[
            *(ScanWarning(problem.path, problem.message, problem.line) for problem in workspace.ignore_problems),
            *outcome.warnings,
        ],
        rules=_rules_of(analyzers),
    )
    findings = outcome.findings
    findings.extend(_run_project_analyzers(analyzers, outcome.targets, context, result))
    if request.history:
        findings.extend(_history_findings(scope.root, analyzers, findings))
    return triage_and_gate(result, findings, config, scope.root, request)


def triage_and_gate(
    result: RunResult, findings: list[Finding], config: Config, root: Path, request: ScanRequest
) -> RunResult:
    """Rule overrides, suppressions, baseline, then the gate: the tail every kind of scan shares.

    `pavedroad scan`, `image`, `rootfs` and `sbom scan` build their findings differently and
    finish the same way, so a policy behaves the same whatever produced the findings.
    """
    findings = _apply_rule_overrides(findings, config)
    findings, notes = apply_configured(findings, config.suppressions, request.today)
    result.warnings.extend(ScanWarning(config.source or "", note) for note in notes)
    findings = _apply_baseline(findings, root / config.baseline, request, result)
    result.findings = findings
    result.finished = _now()
    document = result_to_dict(result) if config.policy.rego else None
    result.gate = evaluate_gate(findings, config.policy, config.mode, bool(result.errors), document=document)
    return result


def effective_config(root: Path, request: ScanRequest) -> Config:
    """The configuration at `root` with the command line's overrides (mode, fail-on, size)."""
    return _with_overrides(load_config(root, request.config_path), request)


def now() -> str:
    """An ISO 8601 UTC timestamp, as run results record them."""
    return _now()


def _repository_prefix(root: Path) -> dict[str, object]:
    """Where the scan root sits in its git work tree, for reports that need repository paths."""
    top = git.toplevel(root)
    if top is None:
        return {}
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    return {"repository_prefix": "" if prefix == "." else prefix}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _with_overrides(config: Config, request: ScanRequest) -> Config:
    policy = replace(config.policy, fail_on=request.fail_on) if request.fail_on else config.policy
    return replace(
        config,
        mode=request.mode or config.mode,
        policy=policy,
        max_file_size=request.max_file_size or config.max_file_size,
    )


def _open_cache(root: Path) -> ResultCache | None:
    try:
        return ResultCache(root / CACHE_DIRECTORY)
    except OSError:
        return None  # a read-only checkout still scans, just without the cache


def _rules_of(analyzers: Sequence[Analyzer]) -> dict[str, Rule]:
    rules = {rule.id: rule for analyzer in analyzers for rule in analyzer.rules}
    rules[MISSING_REASON_RULE.id] = MISSING_REASON_RULE
    return rules


def _run_project_analyzers(
    analyzers: Sequence[Analyzer],
    targets: list[Target],
    context: AnalysisContext,
    result: RunResult,
) -> list[Finding]:
    findings: list[Finding] = []
    for analyzer in analyzers:
        if not (isinstance(analyzer, ProjectAnalyzer) and getattr(analyzer, "project_level", False)):
            continue
        try:
            outcome = analyzer.analyze_project(targets, context)
        except Exception as error:  # one analyzer's failure is an error entry, not a crash
            result.errors.append(ScanError(".", f"internal error: {type(error).__name__}: {error}", analyzer.name))
            continue
        findings.extend(_inline_suppressed(outcome.findings, targets))
        result.errors.extend(ScanError(i.path, i.message, analyzer.name, i.line) for i in outcome.issues)
        result.warnings.extend(ScanWarning(i.path, i.message, i.line) for i in outcome.notes)
        result.skipped.extend(outcome.skipped)
    return findings


def _inline_suppressed(findings: list[Finding], targets: list[Target]) -> list[Finding]:
    """`pavedroad: ignore[...]` markers honoured for project-level findings too (IaC, dependencies)."""
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.location.path, []).append(finding)
    targets_by_path = {target.relpath: target for target in targets if target.relpath in by_path}
    result: list[Finding] = []
    for path, group in by_path.items():
        target = targets_by_path.get(path)
        try:
            markers = find_inline_suppressions(target.read_bytes()) if target is not None else []
        except OSError:
            markers = []
        result.extend(apply_inline(group, markers, path, report_missing_reason=False) if markers else group)
    return result


def _history_findings(root: Path, analyzers: Sequence[Analyzer], current: list[Finding]) -> list[Finding]:
    secrets = next((analyzer for analyzer in analyzers if isinstance(analyzer, SecretsAnalyzer)), None)
    if secrets is None:
        raise UsageError("--history looks for secrets; the secrets analyzer is not selected")
    top = git.require_toplevel(root, "--history")
    if not git.has_commits(top):
        return []
    known = {finding.fingerprint for finding in current}
    subdirectory = root.resolve().relative_to(top.resolve()).as_posix()
    history = scan_history(top, secrets.engine, "" if subdirectory == "." else subdirectory)
    return [finding for finding in history if finding.fingerprint not in known]


def _apply_rule_overrides(findings: list[Finding], config: Config) -> list[Finding]:
    if not config.rules:
        return findings
    result = []
    for finding in findings:
        override = next(
            (override for pattern, override in config.rules.items() if rule_matches(pattern, finding.rule_id)), None
        )
        if override is not None:
            if not override.enabled:
                continue
            if override.severity is not None:
                finding = replace(finding, severity=override.severity)
        result.append(finding)
    return result


def _apply_baseline(findings: list[Finding], path: Path, request: ScanRequest, result: RunResult) -> list[Finding]:
    if not request.use_baseline:
        return findings
    baseline = read_baseline(path)
    if not baseline:
        return findings
    marked, stale = apply_baseline(findings, baseline)
    full_scan = not (request.since or request.staged) and request.analyzers is None
    if full_scan:
        result.stale_baseline = [f"{entry.rule_id} {entry.path} {entry.fingerprint}" for entry in stale]
    return marked
