"""SARIF 2.1.0 from any tool: runs[].tool.driver (name, version, rules) and runs[].results."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from pavedroad.core.findings import Finding, Location, Severity, Suppression, TraceStep
from pavedroad.importers.build import Draft, location, tool_slug
from pavedroad.importers.fields import MissingField, convert_each, objects, optional, raw, text
from pavedroad.importers.levels import confidence_for, severity_for, severity_from_score
from pavedroad.importers.model import ImportedResults
from pavedroad.importers.normalise import cwe_ids, normalise_path

FORMAT = "sarif"
# Results of these kinds are not problems (SARIF §3.27.9); "absent" results were fixed (§3.27.24).
_NOT_PROBLEMS = {"pass", "notApplicable"}
_FIXED = "absent"
# Semgrep OSS writes this instead of real fingerprints.
_REDACTED = "requires login"
_ACCEPTED = {"", "accepted"}


@dataclass(frozen=True, slots=True)
class _Run:
    """What results of one run are read against: the tool, its rules, base URIs and artifacts."""

    tool: str
    rules: tuple[Mapping[str, Any], ...]
    rules_by_id: Mapping[str, Mapping[str, Any]]
    bases: Mapping[str, str]
    artifacts: tuple[object, ...]


def parse(document: object) -> ImportedResults:
    """Every result of every run of a SARIF log as a Finding."""
    findings: list[Finding] = []
    skipped: list[str] = []
    names: list[str] = []
    versions: list[str] = []
    for index, run_document in enumerate(objects(document, "runs")):
        driver = optional(optional(run_document, "tool", dict, {}), "driver", dict, {})
        if not text(driver, "name"):
            skipped.append(f"runs[{index}]: missing field 'tool.driver.name'")
            continue
        run = _read_run(run_document, driver)
        names.append(text(driver, "name"))
        versions.append(text(driver, "version") or text(driver, "semanticVersion"))
        entries = (
            (f"runs[{index}].results[{position}]", result)
            for position, result in enumerate(objects(run_document, "results"))
            if _is_problem(result)
        )
        converted, problems = convert_each(entries, partial(_convert, run=run))
        findings.extend(converted)
        skipped.extend(problems)
    tool = ", ".join(dict.fromkeys(names)) or "unknown"
    version = ", ".join(dict.fromkeys(filter(None, versions))) or None
    return ImportedResults(tool, version, FORMAT, tuple(findings), tuple(skipped))


def _read_run(run: object, driver: Mapping[str, Any]) -> _Run:
    rules = tuple(rule for rule in objects(driver, "rules") if isinstance(rule, Mapping))
    extension_rules = [
        rule
        for extension in objects(optional(run, "tool", dict, {}), "extensions")
        for rule in objects(extension, "rules")
        if isinstance(rule, Mapping)
    ]
    bases = {
        name: text(base, "uri") for name, base in optional(run, "originalUriBaseIds", dict, {}).items()
    }
    return _Run(
        tool=tool_slug(text(driver, "name")),
        rules=rules,
        rules_by_id={text(rule, "id"): rule for rule in (*extension_rules, *rules)},
        bases=bases,
        artifacts=tuple(objects(run, "artifacts")),
    )


def _is_problem(result: object) -> bool:
    return text(result, "kind") not in _NOT_PROBLEMS and text(result, "baselineState") != _FIXED


def _convert(result: object, run: _Run) -> Iterator[Finding]:
    rule = _rule_of(result, run)
    rule_id = text(result, "ruleId") or text(optional(result, "rule", dict, {}), "id") or text(rule, "id")
    if not rule_id:
        raise MissingField("missing field 'ruleId'")
    properties = optional(rule, "properties", dict, {})
    result_properties = optional(result, "properties", dict, {})
    message = _message(result, rule)
    primary = _physical_location(result, run)
    yield Draft(
        tool=run.tool,
        tool_rule_id=rule_id,
        severity=_severity(result, rule, properties, result_properties),
        confidence=confidence_for("sarif", raw(properties, "precision")),
        title=text(optional(rule, "shortDescription", dict, {}), "text") or text(rule, "name") or rule_id,
        message=message,
        location=primary,
        cwe=_cwe(properties, result_properties),
        references=tuple(filter(None, [text(rule, "helpUri")])),
        trace=_trace(result, run),
        tool_fingerprint=_tool_fingerprint(result),
        suppression=_suppression(result, run.tool),
    ).finding()


def _cwe(properties: Mapping[str, Any], result_properties: Mapping[str, Any]) -> tuple[str, ...]:
    """CWE ids from the rule's and result's tags (CodeQL: external/cwe/cwe-079; Semgrep: CWE-79: ...)."""
    tags = [*objects(properties, "tags"), *objects(result_properties, "tags"), *objects(properties, "cwe")]
    return cwe_ids(tags, bare_numbers=False)


def _rule_of(result: object, run: _Run) -> Mapping[str, Any]:
    """The rule descriptor, by ruleIndex (or rule.index) when valid, else by id."""
    reference = optional(result, "rule", dict, {})
    index = optional(result, "ruleIndex", int, optional(reference, "index", int, -1))
    if 0 <= index < len(run.rules):
        return run.rules[index]
    rule_id = text(result, "ruleId") or text(reference, "id")
    # Hierarchical ids ("rule/subrule") fall back to their base rule (SARIF §3.27.5).
    return run.rules_by_id.get(rule_id) or run.rules_by_id.get(rule_id.split("/", 1)[0], {})


def _severity(
    result: object, rule: Mapping[str, Any], properties: Mapping[str, Any], result_properties: Mapping[str, Any]
) -> Severity:
    """security-severity (result, then rule) if numeric, else the level (result, rule default, warning)."""
    for score in (raw(result_properties, "security-severity"), raw(properties, "security-severity")):
        try:
            return severity_from_score(float(str(score)))
        except ValueError:
            continue
    level = text(result, "level") or text(optional(rule, "defaultConfiguration", dict, {}), "level") or "warning"
    return severity_for("sarif", level)


def _message(result: object, rule: Mapping[str, Any]) -> str:
    """message.text, else the rule's messageStrings[message.id] with its {0} arguments filled."""
    message = optional(result, "message", dict, {})
    body = text(message, "text") or text(message, "markdown")
    if not body and text(message, "id"):
        template = optional(optional(rule, "messageStrings", dict, {}), text(message, "id"), dict, {})
        body = text(template, "text")
        for position, argument in enumerate(objects(message, "arguments")):
            body = body.replace(f"{{{position}}}", str(argument))
    if not body:
        raise MissingField("missing field 'message.text'")
    return body


def _physical_location(result: object, run: _Run) -> Location:
    for candidate in objects(result, "locations"):
        physical = optional(candidate, "physicalLocation", dict, {})
        if physical:
            return _location(physical, run)
    raise MissingField("no physical location")


def _location(physical: Mapping[str, Any], run: _Run) -> Location:
    artifact = optional(physical, "artifactLocation", dict, {})
    index = optional(artifact, "index", int, -1)
    if not text(artifact, "uri") and 0 <= index < len(run.artifacts):
        artifact = optional(run.artifacts[index], "location", dict, {})
    uri = text(artifact, "uri")
    if not uri:
        raise MissingField("missing field 'artifactLocation.uri'")
    region = optional(physical, "region", dict, {})
    snippet = text(optional(region, "snippet", dict, {}), "text")
    start_line = optional(region, "startLine", int, 1)
    return location(
        # The named base first; an absolute URI without one may still lie under any base.
        normalise_path(uri, run.bases.get(text(artifact, "uriBaseId"), ""), *run.bases.values()),
        start_line,
        optional(region, "startColumn", int, 1),
        optional(region, "endLine", int, start_line),
        # SARIF's endColumn is one past the last character; pavedroad's is the last one.
        optional(region, "endColumn", int, 2) - 1,
        next((line.strip() for line in snippet.splitlines() if line.strip()), ""),
    )


def _trace(result: object, run: _Run) -> tuple[TraceStep, ...]:
    """The first code flow's first thread flow, as source → sink steps."""
    flows = objects(result, "codeFlows")
    threads = objects(flows[0], "threadFlows") if flows else []
    steps: list[TraceStep] = []
    for step in objects(threads[0], "locations") if threads else []:
        where = optional(step, "location", dict, {})
        physical = optional(where, "physicalLocation", dict, {})
        if physical:
            try:
                steps.append(TraceStep(_location(physical, run), text(optional(where, "message", dict, {}), "text")))
            except MissingField:
                continue  # a step without a file is still a valid flow; leave it out
    return tuple(steps)


def _tool_fingerprint(result: object) -> str:
    """The tool's fingerprints (full ones first, else partial), as one sorted `name=value` string."""
    for key in ("fingerprints", "partialFingerprints"):
        values = {
            name: str(value)
            for name, value in optional(result, key, dict, {}).items()
            if value and str(value) != _REDACTED
        }
        if values:
            return ";".join(f"{name}={values[name]}" for name in sorted(values))
    return ""


def _suppression(result: object, tool: str) -> Suppression | None:
    """A suppression the tool recorded and did not reject (status accepted or unset)."""
    for suppression in objects(result, "suppressions"):
        if text(suppression, "status") in _ACCEPTED:
            reason = text(suppression, "justification") or f"suppressed in {tool} ({text(suppression, 'kind')})"
            return Suppression("external", reason)
    return None
