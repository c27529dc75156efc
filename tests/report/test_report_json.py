"""The public JSON document: its schema, its contents, and that it stays strict."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from typing import Any

import jsonschema
import pytest

import pavedroad
from pavedroad.core.run import RunResult
from pavedroad.report import render
from pavedroad.report.json_report import SCHEMA_RESOURCE, finding_to_dict, result_to_dict


@pytest.fixture(scope="module")
def report_schema() -> dict[str, Any]:
    text = resources.files("pavedroad.report").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def document_of(result: RunResult) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render("json", result))
    return document


def test_validates_against_the_shipped_schema(scan_result: RunResult, report_schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(report_schema).validate(document_of(scan_result))


def test_a_clean_run_validates(clean_result: RunResult, report_schema: dict[str, Any]) -> None:
    document = document_of(clean_result)
    jsonschema.Draft202012Validator(report_schema).validate(document)
    assert document["findings"] == []
    assert document["run"]["gate"] == {"mode": "enforce", "failed": False, "reasons": [], "exit_code": 0}


def test_the_schema_rejects_fields_it_does_not_document(
    scan_result: RunResult, report_schema: dict[str, Any]
) -> None:
    """A field added to the output without a schema change must fail here, not in a user's pipeline."""
    document = document_of(scan_result)
    document["findings"][0]["line_number"] = 12
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(report_schema).validate(document)


def test_header_names_the_schema_tool_and_run(scan_result: RunResult) -> None:
    document = document_of(scan_result)
    assert document["schema_version"] == "1.0"
    assert document["tool"] == {"name": "pavedroad", "version": pavedroad.__version__}
    run = document["run"]
    assert run["root"] == "/srv/checkout/webapp"
    assert run["analyzers"][0] == {"name": "secrets", "version": "1.0.0"}
    assert (run["files_scanned"], run["bytes_scanned"], run["cache_hits"]) == (140, 523_456, 97)
    assert run["gate"] == {
        "mode": "enforce",
        "failed": True,
        "reasons": ["2 active findings at or above high"],
        "exit_code": 1,
    }
    assert run["stale_baseline"] == ["0f3c9a7e5b1d2c4a6e8f0a1b2c3d4e5f"]


def test_scope_with_paths_and_sets_becomes_plain_json(scan_result: RunResult) -> None:
    assert document_of(scan_result)["run"]["scope"] == {
        "paths": ["src", "infra"],
        "changed_only": False,
        "kinds": ["python", "terraform"],
    }


def test_counts_round_trip(scan_result: RunResult) -> None:
    findings = document_of(scan_result)["findings"]
    assert Counter(finding["severity"] for finding in findings) == Counter(
        finding.severity.value for finding in scan_result.findings
    )
    assert sum(finding["active"] for finding in findings) == len(scan_result.active_findings)
    assert sorted(finding["fingerprint"] for finding in findings) == sorted(
        finding.fingerprint for finding in scan_result.findings
    )


def test_findings_are_listed_worst_first(scan_result: RunResult) -> None:
    severities = [finding["severity"] for finding in document_of(scan_result)["findings"]]
    assert severities == ["critical", "high", "high", "medium", "medium", "low", "info"]


def test_a_finding_keeps_every_field(scan_result: RunResult) -> None:
    by_rule = {finding["rule_id"]: finding for finding in document_of(scan_result)["findings"]}
    sca = by_rule["sca/vulnerable-dependency"]
    assert sca["package"] == {
        "purl": "pkg:pypi/requests@2.19.0",
        "installed_version": "2.19.0",
        "fixed_versions": ["2.20.0"],
    }
    assert sca["fix"] == {"hint": "Upgrade requests to 2.20.0 or later.", "replacement": "requests==2.20.0"}
    assert sca["in_baseline"] is True
    assert sca["active"] is False
    assert sca["location"] == {
        "path": "requirements.txt",
        "start_line": 3,
        "start_column": 16,
        "end_line": 3,
        "end_column": 56,
        "snippet": "requests==2.19.0",
    }
    sql = by_rule["sast/python-sql-injection"]
    assert sql["properties"] == {"source": "request.args"}
    assert [step["message"] for step in sql["trace"]] == ["user input enters here", "reaches the SQL sink"]
    assert sql["active"] is True
    inline = by_rule["secrets/generic-api-key"]
    assert inline["suppression"] == {
        "kind": "inline",
        "reason": "only valid against the local emulator",
        "expires": None,
    }


def test_errors_skips_and_warnings_are_data(scan_result: RunResult) -> None:
    document = document_of(scan_result)
    assert document["errors"] == [
        {
            "path": "infra/broken.tf",
            "message": "unexpected '}' (HCL parse error)",
            "analyzer": "iac",
            "line": 3,
        }
    ]
    assert document["skipped"] == [{"path": "assets/logo.png", "reason": "binary file"}]
    assert document["warnings"][0]["path"] == "legacy/latin1.py"


def test_the_dict_api_matches_the_rendered_document(scan_result: RunResult) -> None:
    """The Store and the Rego policy read result_to_dict; it must equal what users parse."""
    assert result_to_dict(scan_result) == document_of(scan_result)
    first = finding_to_dict(scan_result.findings[0])
    assert json.loads(json.dumps(first)) == first
