"""Each pipeline check alone on its fixtures: exactly the marked (file, line) pairs, no errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from iac_fixtures import assert_has_fixtures_and_docs, assert_reports_exactly_the_marked_lines, cases, fixture_folders

from pavedroad.analyzers.pipelines.analyzer import PipelinesAnalyzer
from pavedroad.analyzers.pipelines.checks import PIPELINE_CHECKS

CHECKS = {check.id.split("/", 1)[1]: check for check in PIPELINE_CHECKS}


@pytest.mark.parametrize(
    ("slug", "case"), cases("pipelines", sorted(CHECKS)), ids=lambda value: str(value).split("/")[-1]
)
def test_check_reports_exactly_the_marked_lines(slug: str, case: Path, tmp_path: Path) -> None:
    check = CHECKS[slug]
    assert_reports_exactly_the_marked_lines(PipelinesAnalyzer([check]), check.id, check.frameworks, case, tmp_path)


@pytest.mark.parametrize("slug", sorted(CHECKS))
def test_every_check_has_fixtures_docs_and_a_framework_mapping(slug: str) -> None:
    assert_has_fixtures_and_docs("pipelines", slug, CHECKS[slug])


def test_fixture_folders_name_existing_checks() -> None:
    folders = fixture_folders("pipelines")
    assert folders <= set(CHECKS), sorted(folders - set(CHECKS))
