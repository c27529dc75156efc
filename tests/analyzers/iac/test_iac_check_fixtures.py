"""Each IaC check alone on its fixtures: exactly the marked (file, line) pairs, no errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from iac_fixtures import FIXTURES, cases, expected_in_tree, run_case

from pavedroad.analyzers.iac.analyzer import IacAnalyzer
from pavedroad.analyzers.iac.checks import IAC_CHECKS

CHECKS = {check.id.split("/", 1)[1]: check for check in IAC_CHECKS}


@pytest.mark.parametrize(("slug", "case"), cases("iac", sorted(CHECKS)), ids=lambda value: str(value).split("/")[-1])
def test_check_reports_exactly_the_marked_lines(slug: str, case: Path, tmp_path: Path) -> None:
    check = CHECKS[slug]
    outcome = run_case(IacAnalyzer([check]), case, check.frameworks, tmp_path)
    assert not outcome.issues, [issue.message for issue in outcome.issues]
    reported = {(finding.location.path, finding.location.start_line) for finding in outcome.findings}
    expected = expected_in_tree(tmp_path, check.id)
    if case.name.startswith("good"):
        assert not expected, "a good fixture must not expect findings"
    else:
        assert expected, "a bad fixture must mark at least one expected line"
    assert reported == expected


@pytest.mark.parametrize("slug", sorted(CHECKS))
def test_every_check_has_fixtures_docs_and_a_framework_mapping(slug: str) -> None:
    check = CHECKS[slug]
    directory = FIXTURES / "iac" / slug
    names = [path.name for path in directory.iterdir()] if directory.is_dir() else []
    assert any(name.startswith("bad") for name in names), f"{slug}: no bad fixture"
    assert any(name.startswith("good") for name in names), f"{slug}: no good fixture"
    assert check.rationale and check.fix, f"{slug}: rationale and fix are the docs"
    assert check.insecure_example and check.secure_example, f"{slug}: before/after examples"
    assert check.controls, f"{slug}: no compliance mapping"
    frameworks = {control.split("-", 1)[0] for control in check.controls}
    assert frameworks & {"CIS", "PSS", "PCI", "SOC2", "NIST"}, f"{slug}: map to CIS/PSS/PCI DSS/SOC 2/NIST items"


def test_fixture_folders_name_existing_checks() -> None:
    folders = {path.name for path in (FIXTURES / "iac").iterdir() if path.is_dir()}
    assert folders <= set(CHECKS), sorted(folders - set(CHECKS))
