"""The JavaScript/TypeScript engine as the SAST analyzer calls it: parse, index, link, follow the taint,
run the pattern rules. Files it cannot use are reported, never fatal."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tree_sitter import Node

from pavedroad.analyzers.sast.javascript.modules import ModuleIndex, index_module, link_modules
from pavedroad.analyzers.sast.javascript.parse import SkippedSource, grammar_for, parse_source
from pavedroad.analyzers.sast.javascript.patterns import PATTERN_RULES, JsPatternRule, module_calls
from pavedroad.analyzers.sast.javascript.project import Project
from pavedroad.analyzers.sast.python.interpreter import SinkHit
from pavedroad.core.analyzer import AnalyzerIssue, Target
from pavedroad.core.errors import Skip

LANGUAGES = frozenset({"javascript", "typescript"})
PACKAGE_JSON = "package.json"
DEPENDENCY_SECTIONS = ("dependencies", "devDependencies", "optionalDependencies")
MAJOR = re.compile(r"(\d+)")


@dataclass(frozen=True, slots=True)
class PatternMatch:
    pattern: JsPatternRule
    relpath: str
    node: Node
    message: str
    line_text: str


@dataclass(slots=True)
class JavaScriptResults:
    hits: list[SinkHit] = field(default_factory=list)
    patterns: list[PatternMatch] = field(default_factory=list)
    issues: list[AnalyzerIssue] = field(default_factory=list)  # the scanner failed on part of a file
    skipped: list[Skip] = field(default_factory=list)  # files deliberately not analysed, with why


def wants(target: Target) -> bool:
    """A JavaScript or TypeScript source this engine reads (not declarations, not other languages)."""
    return target.language in LANGUAGES and grammar_for(target.relpath) is not None


def analyze(targets: Sequence[Target], manifests: Sequence[Target] = ()) -> JavaScriptResults:
    """Taint and pattern findings for the given sources; `manifests` (package.json files) tell which
    library versions are in use."""
    results = JavaScriptResults()
    modules = [module for target in targets if (module := _load(target, results)) is not None]
    if not modules:
        return results
    link_modules(modules)
    project = Project(modules, legacy_yaml=any(_uses_legacy_js_yaml(manifest) for manifest in manifests))
    results.hits = project.run()
    results.issues.extend(AnalyzerIssue(failure.path, failure.message) for failure in project.failures)
    for module in modules:
        calls = module_calls(module)
        lines = module.source.lines
        for pattern in PATTERN_RULES:
            for node, message in pattern.find(module, calls):
                row = node.start_point[0]
                line_text = lines[row].strip() if row < len(lines) else ""
                results.patterns.append(PatternMatch(pattern, module.relpath, node, message, line_text))
    return results


def _load(target: Target, results: JavaScriptResults) -> ModuleIndex | None:
    try:
        data = target.read_bytes()
    except OSError as error:
        results.issues.append(AnalyzerIssue(target.relpath, f"cannot read: {error.strerror}"))
        return None
    try:
        parsed = parse_source(target.relpath, data)
    except SkippedSource as reason:
        results.skipped.append(Skip(target.relpath, str(reason)))
        return None
    try:
        return index_module(target.relpath, parsed)
    except RecursionError:
        results.issues.append(AnalyzerIssue(target.relpath, "too deeply nested to analyse"))
        return None


def _uses_legacy_js_yaml(manifest: Target) -> bool:
    """package.json asks for js-yaml 3 or older, whose `load` runs `!!js/function` tags."""
    try:
        document = json.loads(manifest.read_bytes())
    except (OSError, ValueError):
        return False
    if not isinstance(document, dict):
        return False
    for section in DEPENDENCY_SECTIONS:
        dependencies = document.get(section)
        spec = dependencies.get("js-yaml") if isinstance(dependencies, dict) else None
        if isinstance(spec, str) and (major := MAJOR.search(spec)) is not None and int(major.group(1)) < 4:
            return True
    return False
