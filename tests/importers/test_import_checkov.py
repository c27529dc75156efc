"""Checkov JSON (real output of checkov 3.3.30 on tests/fixtures/imports/project/infra)."""

from __future__ import annotations

import json
from pathlib import Path

from importer_helpers import FIXTURES, summary

from pavedroad.importers import load_results

EXPECTED = [
    ("checkov/CKV_AWS_24", "medium", "main.tf", 5, 14, ()),
    ("checkov/CKV_AWS_23", "medium", "main.tf", 5, 14, ()),
    ("checkov/CKV2_AWS_6", "medium", "main.tf", 1, 3, ()),
    ("checkov/CKV2_AWS_62", "medium", "main.tf", 1, 3, ()),
    ("checkov/CKV_AWS_18", "medium", "main.tf", 1, 3, ()),
    ("checkov/CKV2_AWS_61", "medium", "main.tf", 1, 3, ()),
    ("checkov/CKV2_AWS_5", "medium", "main.tf", 5, 14, ()),
    ("checkov/CKV_AWS_21", "medium", "main.tf", 1, 3, ()),
    ("checkov/CKV_AWS_145", "medium", "main.tf", 1, 3, ()),
    ("checkov/CKV_AWS_144", "medium", "main.tf", 1, 3, ()),
]


def test_failed_checks_become_findings_with_the_leading_slash_removed() -> None:
    results = load_results(FIXTURES / "checkov" / "checkov.json")

    assert (results.tool, results.tool_version, results.skipped) == ("checkov", "3.3.30", ())
    # Without a Prisma Cloud key Checkov writes `severity: null`: the documented default applies.
    assert [summary(finding) for finding in results.findings] == EXPECTED


def test_resource_and_opening_line_are_kept() -> None:
    ssh = load_results(FIXTURES / "checkov" / "checkov.json").findings[0]

    assert ssh.message == "aws_security_group.web: Ensure no security groups allow ingress from 0.0.0.0:0 to port 22"
    assert ssh.location.snippet == 'resource "aws_security_group" "web" {'
    assert ("resource", "aws_security_group.web") in ssh.properties


def test_a_list_of_reports_one_per_framework_is_read(tmp_path: Path) -> None:
    report = json.loads((FIXTURES / "checkov" / "checkov.json").read_text())
    empty = {"check_type": "dockerfile", "results": {"failed_checks": []}, "summary": {"checkov_version": "3.3.30"}}
    combined = tmp_path / "all.json"
    combined.write_text(json.dumps([empty, report]))

    results = load_results(combined)

    assert [summary(finding) for finding in results.findings] == EXPECTED
