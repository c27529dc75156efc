"""The SAST analyzer: taint analysis across the project's Python and JavaScript/TypeScript modules."""

from __future__ import annotations

import ast
import gc
import io
import tokenize
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from pavedroad.analyzers.sast.javascript import engine as javascript
from pavedroad.analyzers.sast.javascript.patterns import PATTERN_RULES as JS_PATTERN_RULES
from pavedroad.analyzers.sast.javascript.taint_rules import CATEGORY_RULES as JS_CATEGORY_RULES
from pavedroad.analyzers.sast.javascript.taint_rules import RULE_FOR_CATEGORY as JS_RULE_FOR_CATEGORY
from pavedroad.analyzers.sast.javascript.taint_rules import javascript_rule
from pavedroad.analyzers.sast.python.interpreter import SinkHit
from pavedroad.analyzers.sast.python.modules import ModuleInfo, index_module
from pavedroad.analyzers.sast.python.pattern_ast import forget
from pavedroad.analyzers.sast.python.patterns import PATTERN_RULES
from pavedroad.analyzers.sast.python.project import ProjectTaint
from pavedroad.analyzers.sast.python.taint_rules import CATEGORY_RULES
from pavedroad.analyzers.sast.rule import SastRule
from pavedroad.core.analyzer import AnalysisContext, AnalyzerIssue, ProjectOutcome, Target
from pavedroad.core.findings import Confidence, Finding, Location, Rule, TraceStep, make_fingerprint

SKIPPED_KINDS = frozenset({"vendored", "generated", "minified"})
STUB_SUFFIX = ".pyi"  # type stubs hold no code to analyse


class SastAnalyzer:
    """Project-level: a source in one module reaches a sink in another through function summaries."""

    name = "sast"
    version = "2"
    project_level = True

    @property
    def rules(self) -> Sequence[Rule]:
        return [
            *(rule.rule for rule in CATEGORY_RULES.values()),
            *(pattern.rule.rule for pattern in PATTERN_RULES),
            *(javascript_rule(rule) for rule in JS_CATEGORY_RULES.values()),
            *(javascript_rule(pattern.rule) for pattern in JS_PATTERN_RULES),
        ]

    def analyze_project(self, targets: Sequence[Target], context: AnalysisContext) -> ProjectOutcome:
        outcome = ProjectOutcome()
        with _cyclic_gc_paused():
            _analyze_javascript(targets, outcome)
            patterns = ProjectOutcome()  # pattern results follow the taint results, as they always have
            modules = [
                module
                for target in targets
                if target.language == "python"
                and not (target.kinds & SKIPPED_KINDS)
                and not target.relpath.endswith(STUB_SUFFIX)
                if (module := _parse(target, outcome, patterns)) is not None
            ]
            if not modules:
                return outcome
            project = ProjectTaint(modules)
            hits = project.run()
            outcome.issues.extend(AnalyzerIssue(f.path, f.message, f.line) for f in project.failures)
            outcome.findings.extend(_findings(hits, CATEGORY_RULES))
            outcome.findings.extend(patterns.findings)
            outcome.issues.extend(patterns.issues)
        return outcome


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector for the analysis. A large project means millions of
    AST nodes and taint values alive at once, none of them in a reference cycle the analysis needs
    collected; the collector would still traverse all of them every few thousand allocations, which
    took about half of the run time on a 3,000-module tree. Cycles made meanwhile are collected once it resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _source_text(data: bytes) -> str:
    """The module as text, for re-parsing function bodies later. CPython's parser accepts a stray
    non-UTF-8 byte in a comment that `tokenize.detect_encoding` refuses; such bytes become U+FFFD."""
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError:
        encoding = "utf-8"
    return data.decode(encoding, errors="replace")


def _parse(target: Target, outcome: ProjectOutcome, patterns: ProjectOutcome) -> ModuleInfo | None:
    """The module's index for the taint engine, after the pattern rules have looked at its whole AST
    (into `patterns`): only the top level stays parsed, so one module's AST is in memory at a time."""
    try:
        data = target.read_bytes()
        tree = ast.parse(data, filename=target.relpath)
        text = _source_text(data)
    except SyntaxError as error:
        outcome.issues.append(AnalyzerIssue(target.relpath, f"not valid Python 3: {error.msg}", error.lineno))
        return None
    except (ValueError, RecursionError, MemoryError) as error:
        outcome.issues.append(AnalyzerIssue(target.relpath, f"cannot parse: {type(error).__name__}"))
        return None
    except OSError as error:
        outcome.issues.append(AnalyzerIssue(target.relpath, f"cannot read: {error.strerror}"))
        return None
    module = index_module(target.relpath, tree, text)
    patterns.findings.extend(_module_pattern_findings(module, data.decode("utf-8", "replace").splitlines(), patterns))
    forget(module)
    module.keep_top_level_only()
    return module


def _module_pattern_findings(module: ModuleInfo, lines: list[str], outcome: ProjectOutcome) -> list[Finding]:
    findings: list[Finding] = []
    for pattern in PATTERN_RULES:
        try:
            matches = list(pattern.find(module))
        except (RecursionError, ValueError, TypeError, AttributeError) as error:
            outcome.issues.append(
                AnalyzerIssue(module.relpath, f"rule {pattern.rule.id} failed: {type(error).__name__}: {error}")
            )
            continue
        for node, message in matches:
            line = getattr(node, "lineno", 1)
            text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            column = getattr(node, "col_offset", 0) + 1
            findings.append(pattern_finding(pattern.rule, module.relpath, line, column, text, message))
    return findings


def pattern_finding(rule: SastRule, relpath: str, line: int, column: int, text: str, message: str) -> Finding:
    """A finding of a rule that needs no data flow, at one line of one file."""
    return Finding(
        rule_id=rule.id,
        analyzer="sast",
        severity=rule.severity,
        confidence=rule.confidence,
        title=rule.title,
        message=message,
        location=Location(relpath, line, column, line, len(text) + 1, text[:200]),
        fingerprint=make_fingerprint(rule.id, relpath, f"{text}\0{message}"),
        cwe=(rule.cwe,),
        references=rule.references,
    )


def _analyze_javascript(targets: Sequence[Target], outcome: ProjectOutcome) -> None:
    """JavaScript and TypeScript sources go to the tree-sitter engine; skipped files become notes."""
    sources = [t for t in targets if javascript.wants(t) and not (t.kinds & SKIPPED_KINDS)]
    if not sources:
        return
    manifests = [t for t in targets if t.relpath.rsplit("/", 1)[-1] == javascript.PACKAGE_JSON]
    results = javascript.analyze(sources, manifests)
    outcome.issues.extend(results.issues)
    outcome.skipped.extend(results.skipped)
    outcome.findings.extend(_findings(results.hits, JS_RULE_FOR_CATEGORY))
    for match in results.patterns:
        row, column = match.node.start_point
        outcome.findings.append(
            pattern_finding(match.pattern.rule, match.relpath, row + 1, column + 1, match.line_text, match.message)
        )


def _findings(hits: list[SinkHit], rules: Mapping[str, SastRule]) -> list[Finding]:
    findings: dict[str, Finding] = {}
    for hit in hits:
        rule = rules[hit.category]
        sources = sorted(hit.taint.real_sources)
        step = hit.step
        # one finding per sink, whatever number of sources reach it (the first trace is shown)
        fingerprint = make_fingerprint(rule.id, step.path, hit.context)
        if fingerprint in findings:
            continue
        confidence = Confidence.LOW if hit.taint.low_confidence else rule.confidence
        findings[fingerprint] = Finding(
            rule_id=rule.id,
            analyzer="sast",
            severity=rule.severity,
            confidence=confidence,
            title=rule.title,
            message=f"{', '.join(sources)} {step.message}",
            location=Location(step.path, step.line, step.column, step.line, step.column),
            fingerprint=fingerprint,
            cwe=(rule.cwe,),
            references=rule.references,
            trace=tuple(
                TraceStep(Location(item.path, item.line, item.column, item.line, item.column), item.message)
                for item in hit.taint.trace
            ),
        )
    return list(findings.values())
