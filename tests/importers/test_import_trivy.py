"""Trivy JSON (SchemaVersion 2), hand-written to Trivy's documented format: see the fixtures README."""

from __future__ import annotations

from importer_helpers import FIXTURES, summary

from pavedroad.core.findings import PackageRef
from pavedroad.importers import load_results


def test_vulnerabilities_misconfigurations_and_secrets() -> None:
    results = load_results(FIXTURES / "trivy" / "trivy.json")

    assert (results.tool, results.format) == ("trivy", "trivy")
    assert [summary(finding) for finding in results.findings] == [
        ("trivy/CVE-2019-10906", "high", "requirements.txt", 1, 1, ("CWE-693",)),
        ("trivy/CVE-2024-22195", "medium", "requirements.txt", 1, 1, ("CWE-79",)),
        ("trivy/CVE-2021-23337", "high", "frontend/package-lock.json", 1, 1, ("CWE-77", "CWE-94")),
        ("trivy/AVD-AWS-0088", "high", "infra/main.tf", 1, 3, ()),
        ("trivy/aws-access-key-id", "critical", "deploy/.env", 2, 2, ("CWE-798",)),
        ("trivy/github-pat", "critical", "deploy/.env", 5, 5, ("CWE-798",)),
    ]
    # The passed check (Status PASS) is not a finding; the entry without PkgName is skipped.
    assert results.skipped == ("Results[0].Vulnerabilities[2]: missing field 'PkgName'",)


def test_dependency_findings_carry_package_fix_and_cvss() -> None:
    jinja, _, lodash = load_results(FIXTURES / "trivy" / "trivy.json").findings[:3]

    assert jinja.package == PackageRef("pkg:pypi/jinja2@2.10", "2.10", ("2.10.1",))
    assert jinja.vulnerability == ("CVE-2019-10906",)
    assert jinja.cvss == "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:N"
    assert jinja.fix is not None and jinja.fix.hint == "Upgrade jinja2 to 2.10.1 or later."
    # No PkgIdentifier: the purl is built from the result Type (npm).
    assert lodash.package == PackageRef("pkg:npm/lodash@4.17.20", "4.17.20", ("4.17.21",))


def test_misconfiguration_points_at_the_cause() -> None:
    bucket = load_results(FIXTURES / "trivy" / "trivy.json").findings[3]

    assert bucket.title == "Unencrypted S3 bucket."
    assert bucket.message == "Bucket does not have encryption enabled"
    assert bucket.location.snippet == 'resource "aws_s3_bucket" "logs" {'
    assert bucket.fix is not None and bucket.fix.hint == "Configure bucket encryption"


def test_secrets_are_masked_even_when_trivy_did_not() -> None:
    masked_by_trivy, unmasked = load_results(FIXTURES / "trivy" / "trivy.json").findings[4:]

    assert masked_by_trivy.location.snippet == "AWS_ACCESS_KEY_ID=********************"
    assert unmasked.location.snippet == "GITHUB_TOKEN=ghp_********ly"
    assert unmasked.message == "GitHub Personal Access Token: GITHUB_TOKEN=ghp_********ly"
    assert "R4nd0mL00k1ng" not in repr(unmasked)
