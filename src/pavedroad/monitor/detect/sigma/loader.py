"""Loading Sigma rule files: the built-in set and users' own folders.

Every file is read on its own, so one malformed rule costs only itself: its problem
becomes a RuleIssue naming the file and the rule, and the other rules load. Features
pavedroad does not evaluate (aggregations, correlations, placeholders, log sources no
parser produces) are issues marked `unsupported`, never a crash.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sigma.exceptions import SigmaError, SigmaRuleLocation
from sigma.rule import SigmaRule
from sigma.rule.attributes import SigmaLevel
from sigma.rule.base import SigmaYAMLLoader

from pavedroad.core.findings import Severity
from pavedroad.monitor.detect.rule import RuleInfo
from pavedroad.monitor.detect.sigma.compile import (
    Needles,
    Predicate,
    UnsupportedFeature,
    compile_condition,
    condition_needles,
)
from pavedroad.monitor.detect.sigma.fields import LogSource, log_source

BUILTIN_RULES = Path(__file__).resolve().parent.parent / "rules" / "sigma"
MAX_RULE_FILE_BYTES = 1_000_000
_ATTACK_TECHNIQUE = re.compile(r"t\d{4}(?:\.\d{3})?", re.IGNORECASE)

_SEVERITY = {
    SigmaLevel.INFORMATIONAL: Severity.INFO,
    SigmaLevel.LOW: Severity.LOW,
    SigmaLevel.MEDIUM: Severity.MEDIUM,
    SigmaLevel.HIGH: Severity.HIGH,
    SigmaLevel.CRITICAL: Severity.CRITICAL,
}


@dataclass(frozen=True, slots=True)
class RuleIssue:
    """A rule that did not load: malformed (`unsupported` False) or using an unsupported feature."""

    path: str
    rule: str | None
    message: str
    unsupported: bool = False

    def describe(self) -> str:
        """One line for a user: file, rule, problem."""
        what = f" rule '{self.rule}'" if self.rule else ""
        label = "unsupported" if self.unsupported else "error"
        return f"{self.path}:{what} {label}: {self.message}"


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A Sigma rule ready to run: its alert metadata, the Events it applies to, its predicate.

    `needles`: literals one of which occurs in a field of every Event the rule matches
    (compile.condition_needles), or None when the rule can match without any.
    """

    info: RuleInfo
    source: LogSource
    matches: Predicate
    path: str
    needles: Needles | None = None


@dataclass(frozen=True, slots=True)
class LoadedRules:
    """The rules that loaded and the issues of those that did not."""

    rules: tuple[CompiledRule, ...]
    issues: tuple[RuleIssue, ...]


def rule_files(folders: Iterable[Path]) -> list[Path]:
    """The `.yml`/`.yaml` files under `folders` (or the files themselves), in a stable order."""
    files: list[Path] = []
    for folder in folders:
        if folder.is_file():
            files.append(folder)
        else:
            files.extend(sorted(p for p in folder.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()))
    return files


def load_rules(paths: Iterable[Path]) -> LoadedRules:
    """Compile every rule in `paths`; a later rule with an id already loaded is an issue."""
    rules: list[CompiledRule] = []
    issues: list[RuleIssue] = []
    seen: dict[str, str] = {}
    for path in paths:
        for result in _load_file(path):
            if isinstance(result, RuleIssue):
                issues.append(result)
            elif result.info.rule_id in seen:
                issues.append(
                    RuleIssue(
                        str(path),
                        result.info.title,
                        f"duplicate rule id (already loaded from {seen[result.info.rule_id]})",
                    )
                )
            else:
                seen[result.info.rule_id] = str(path)
                rules.append(result)
    return LoadedRules(tuple(rules), tuple(issues))


def _load_file(path: Path) -> list[CompiledRule | RuleIssue]:
    where = str(path)
    try:
        if path.stat().st_size > MAX_RULE_FILE_BYTES:
            return [RuleIssue(where, None, f"file larger than {MAX_RULE_FILE_BYTES} bytes, not read")]
        text = path.read_text(encoding="utf-8")
        documents = list(yaml.load_all(text, Loader=SigmaYAMLLoader))  # a safe loader with duplicate-key checks
    except (OSError, UnicodeDecodeError) as error:
        return [RuleIssue(where, None, f"cannot read: {error}")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        return [RuleIssue(where, None, f"invalid YAML{line}: {problem}")]
    return [_load_document(document, path) for document in documents if document is not None]


def _load_document(document: object, path: Path) -> CompiledRule | RuleIssue:
    where = str(path)
    if not isinstance(document, Mapping):
        return RuleIssue(where, None, "a Sigma rule must be a YAML mapping")
    name = _rule_name(document)
    unsupported = _unsupported_shape(document)
    if unsupported:
        return RuleIssue(where, name, unsupported, unsupported=True)
    try:
        rule = SigmaRule.from_dict(dict(document), collect_errors=True, source=SigmaRuleLocation(path))
    except (SigmaError, ValueError, TypeError, AttributeError, KeyError) as error:
        return RuleIssue(where, name, _message(error))
    if rule.errors:
        return RuleIssue(where, name, "; ".join(_message(error) for error in rule.errors))
    logsource = rule.logsource
    source = log_source(logsource.category, logsource.product, logsource.service)
    if source is None:
        stated = ", ".join(
            f"{key}={value}"
            for key, value in (
                ("category", logsource.category),
                ("product", logsource.product),
                ("service", logsource.service),
            )
            if value
        )
        return RuleIssue(where, name, f"log source ({stated}) is not produced by any pavedroad parser", True)
    try:
        trees = [condition.parse() for condition in rule.detection.parsed_condition]
        predicates = [compile_condition(tree, source) for tree in trees]
        each_needles = [condition_needles(tree, source) for tree in trees]
    except UnsupportedFeature as error:
        return RuleIssue(where, name, str(error), unsupported=True)
    except (SigmaError, re.error) as error:
        return RuleIssue(where, name, _message(error))
    matches = predicates[0] if len(predicates) == 1 else (lambda event: any(p(event) for p in predicates))
    # several conditions are alternatives: the rule needs one of all their literals
    needles: Needles | None = frozenset()
    for alternative in each_needles:
        needles = None if needles is None or alternative is None else needles | alternative
    return CompiledRule(_rule_info(rule, path), source, matches, where, needles)


def _unsupported_shape(document: Mapping[str, Any]) -> str | None:
    if "correlation" in document:
        return "Sigma correlation rules (event counts over time) are not supported; use the stateful detections"
    if "filter" in document or "action" in document:
        return "Sigma filters and collection actions (global/repeat) are not supported"
    detection = document.get("detection")
    if isinstance(detection, Mapping):
        if "timeframe" in detection:
            return "`timeframe` (aggregation over time) is not supported"
        conditions = detection.get("condition")
        for condition in conditions if isinstance(conditions, list) else [conditions]:
            if isinstance(condition, str) and "|" in condition:
                return f"aggregation in condition '{condition}' (count/near) is not supported"
    return None


def _rule_name(document: Mapping[str, Any]) -> str | None:
    for key in ("title", "id", "name"):
        value = document.get(key)
        if isinstance(value, str | uuid.UUID) and str(value):
            return str(value)
    return None


def _message(error: Exception) -> str:
    # SigmaError's str() appends "in <absolute path>"; the issue names the file already.
    return str(error.args[0]) if error.args else type(error).__name__


def _rule_info(rule: SigmaRule, path: Path) -> RuleInfo:
    rule_id = f"sigma/{rule.id}" if rule.id else f"sigma/{path.stem}"
    attack = tuple(
        str(tag.name).upper()
        for tag in rule.tags
        if tag.namespace == "attack" and _ATTACK_TECHNIQUE.fullmatch(tag.name)
    )
    severity = _SEVERITY.get(rule.level, Severity.MEDIUM) if rule.level is not None else Severity.MEDIUM
    return RuleInfo(rule_id, rule.title, severity, attack, (rule.description or rule.title).strip())
