"""SARIF as GitHub code scanning and other viewers receive it."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from report_samples import build_finding, shared_schema

from pavedroad.core.findings import Location, Severity
from pavedroad.core.run import RunResult
from pavedroad.report import render


def sarif_of(result: RunResult) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render("sarif", result))
    return document


def only_run(result: RunResult) -> dict[str, Any]:
    runs = sarif_of(result)["runs"]
    assert len(runs) == 1
    run: dict[str, Any] = runs[0]
    return run


def results_by_rule(run: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for result in run["results"]:
        grouped.setdefault(result["ruleId"], []).append(result)
    return grouped


def descriptor(run: dict[str, Any], rule_id: str) -> dict[str, Any]:
    matches: list[dict[str, Any]] = [rule for rule in run["tool"]["driver"]["rules"] if rule["id"] == rule_id]
    assert len(matches) == 1, f"expected one descriptor for {rule_id}"
    return matches[0]


def test_validates_against_the_sarif_2_1_0_schema(scan_result: RunResult) -> None:
    jsonschema.validate(sarif_of(scan_result), shared_schema("sarif-schema-2.1.0.json"))


def test_a_clean_run_still_validates(clean_result: RunResult) -> None:
    document = sarif_of(clean_result)
    jsonschema.validate(document, shared_schema("sarif-schema-2.1.0.json"))
    assert document["runs"][0]["results"] == []


def test_one_run_holds_the_findings_of_every_analyzer(scan_result: RunResult) -> None:
    run = only_run(scan_result)
    assert run["tool"]["driver"]["name"] == "pavedroad"
    assert len(run["results"]) == len(scan_result.findings)
    assert {result["ruleId"].split("/")[0] for result in run["results"]} == {
        "secrets",
        "sast",
        "iac",
        "sca",
        "pipelines",
    }


def test_rule_descriptor_carries_what_github_reads(scan_result: RunResult) -> None:
    github_pat = descriptor(only_run(scan_result), "secrets/github-pat")
    assert github_pat["properties"]["tags"] == ["security", "secrets", "external/cwe/cwe-798"]
    assert github_pat["properties"]["security-severity"] == "9.5"
    assert github_pat["properties"]["precision"] == "high"
    assert github_pat["shortDescription"]["text"] == "GitHub personal access token"
    assert github_pat["defaultConfiguration"]["level"] == "error"
    assert github_pat["helpUri"] == "https://docs.github.com/en/authentication"
    help_markdown = github_pat["help"]["markdown"]
    assert "A leaked token lets anyone act as its owner" in help_markdown
    assert "**Fix:** Revoke the token" in help_markdown
    assert 'token = "ghp_..."' in help_markdown
    assert "Revoke the token" in github_pat["help"]["text"]


def test_every_rule_that_fired_has_exactly_one_descriptor(scan_result: RunResult) -> None:
    run = only_run(scan_result)
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert sorted(rule_ids) == sorted({finding.rule_id for finding in scan_result.findings})
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_a_rule_missing_from_the_metadata_is_described_from_its_finding(scan_result: RunResult) -> None:
    assert "sca/vulnerable-dependency" not in scan_result.rules
    sca = descriptor(only_run(scan_result), "sca/vulnerable-dependency")
    assert sca["shortDescription"]["text"] == "requests 2.19.0 has a known vulnerability"
    assert sca["properties"]["security-severity"] == "8.0"
    assert "external/cwe/cwe-522" in sca["properties"]["tags"]
    assert "Upgrade requests to 2.20.0" in sca["help"]["text"]


@pytest.mark.parametrize(
    ("severity", "level"),
    [
        (Severity.CRITICAL, "error"),
        (Severity.HIGH, "error"),
        (Severity.MEDIUM, "warning"),
        (Severity.LOW, "note"),
        (Severity.INFO, "note"),
    ],
)
def test_result_level_follows_the_finding_severity(
    clean_result: RunResult, severity: Severity, level: str
) -> None:
    clean_result.findings = [build_finding(severity=severity)]
    assert only_run(clean_result)["results"][0]["level"] == level


def test_results_have_partial_fingerprints_and_relative_locations(scan_result: RunResult) -> None:
    run = only_run(scan_result)
    fingerprints = {finding.fingerprint for finding in scan_result.findings}
    assert {result["partialFingerprints"]["pavedroad/v1"] for result in run["results"]} == fingerprints
    github_pat = results_by_rule(run)["secrets/github-pat"][0]
    physical = github_pat["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "src/app/settings.py", "uriBaseId": "%SRCROOT%"}
    assert physical["region"]["startLine"] == 12
    assert physical["region"]["startColumn"] == 16
    assert physical["region"]["snippet"]["text"].startswith('GITHUB_TOKEN = "ghp_****')
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///srv/checkout/webapp/"


def test_suppressed_and_baselined_findings_carry_suppressions(scan_result: RunResult) -> None:
    by_rule = results_by_rule(only_run(scan_result))
    inline = by_rule["secrets/generic-api-key"][0]
    assert inline["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "only valid against the local emulator"}
    ]
    config = next(result for result in by_rule["iac/aws-s3-public-read"] if "suppressions" in result)
    assert config["suppressions"][0]["kind"] == "external"
    assert config["suppressions"][0]["justification"] == "static website bucket"
    baselined = by_rule["sca/vulnerable-dependency"][0]
    assert baselined["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "baseline"}
    ]
    assert baselined["baselineState"] == "unchanged"


def test_active_findings_are_new_and_unsuppressed(scan_result: RunResult) -> None:
    active = [result for result in only_run(scan_result)["results"] if "suppressions" not in result]
    assert len(active) == len(scan_result.active_findings) == 4
    assert {result["baselineState"] for result in active} == {"new"}


def test_a_taint_trace_becomes_a_code_flow(scan_result: RunResult) -> None:
    by_rule = results_by_rule(only_run(scan_result))
    flow = by_rule["sast/python-sql-injection"][0]["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [step["location"]["message"]["text"] for step in flow] == [
        "user input enters here",
        "reaches the SQL sink",
    ]
    assert [step["location"]["physicalLocation"]["region"]["startLine"] for step in flow] == [20, 24]
    assert "codeFlows" not in by_rule["secrets/github-pat"][0]


def test_result_properties_carry_confidence_cwe_and_fix(scan_result: RunResult) -> None:
    properties = results_by_rule(only_run(scan_result))["sca/vulnerable-dependency"][0]["properties"]
    assert properties["confidence"] == "high"
    assert properties["cwe"] == ["CWE-522"]
    assert properties["fix"] == "Upgrade requests to 2.20.0 or later."
    assert properties["vulnerability"] == ["CVE-2018-18074", "GHSA-x84v-xcm2-53pg"]


def test_scanner_errors_mark_the_invocation_unsuccessful(scan_result: RunResult) -> None:
    invocation = only_run(scan_result)["invocations"][0]
    assert invocation["executionSuccessful"] is False
    errors = [note for note in invocation["toolExecutionNotifications"] if note["level"] == "error"]
    assert len(errors) == 1
    assert "unexpected '}'" in errors[0]["message"]["text"]
    assert errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "infra/broken.tf"
    assert invocation["startTimeUtc"] == "2024-05-01T10:00:00Z"


def test_a_clean_invocation_is_successful(clean_result: RunResult) -> None:
    assert only_run(clean_result)["invocations"][0]["executionSuccessful"] is True


def test_awkward_locations_still_produce_a_valid_log(clean_result: RunResult) -> None:
    """Paths with spaces and an analyzer that reports an end before the start."""
    clean_result.findings = [
        build_finding(path="docs/my notes.md", location=Location("docs/my notes.md", 9, 5, 2, 1, "")),
    ]
    run = only_run(clean_result)
    jsonschema.validate({"version": "2.1.0", "runs": [run]}, shared_schema("sarif-schema-2.1.0.json"))
    physical = run["results"][0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "docs/my%20notes.md"
    region = physical["region"]
    assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
    assert "snippet" not in region
