"""Each detector alone on its fixtures: the exact set of lines it must report.

Layout: tests/fixtures/secrets/<slug>/bad*.* hold true positives, with
`expect: secrets/<slug>` on the reported line (or `expect-next: secrets/<slug>` on the
line above, for formats whose line cannot hold a comment); good*.* hold look-alikes
that must not fire.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pavedroad.analyzers.secrets.analyzer import findings_from_matches
from pavedroad.analyzers.secrets.detectors import ALL_DETECTORS
from pavedroad.analyzers.secrets.engine import SecretsEngine

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "secrets"
DETECTORS = {detector.slug: detector for detector in ALL_DETECTORS}


def expected_lines(text: str, rule_id: str) -> set[int]:
    lines = text.splitlines()
    expected = set()
    for number, line in enumerate(lines, start=1):
        if f"expect: {rule_id}" in line:
            expected.add(number)
        if f"expect-next: {rule_id}" in line:
            expected.add(number + 1)
    return expected


def fixture_files() -> list[tuple[str, Path]]:
    return [
        (directory.name, path)
        for directory in sorted(FIXTURES.iterdir())
        if directory.is_dir()
        for path in sorted(directory.iterdir())
        if path.is_file()
    ]


@pytest.mark.parametrize(("slug", "path"), fixture_files(), ids=lambda value: str(value))
def test_detector_reports_exactly_the_marked_lines(slug: str, path: Path) -> None:
    assert slug in DETECTORS, f"fixture folder {slug} names no detector"
    detector = DETECTORS[slug]
    data = path.read_bytes()
    matches = SecretsEngine([detector]).find(data)
    reported = {finding.location.start_line for finding in findings_from_matches(matches, data, path.name)}
    expected = expected_lines(data.decode("utf-8", "replace"), detector.rule_id)
    if path.name.startswith("good"):
        assert not expected, "a good fixture must not expect findings"
    else:
        assert expected, "a bad fixture must mark at least one expected line"
    assert reported == expected


@pytest.mark.parametrize("slug", sorted(DETECTORS))
def test_every_detector_has_a_true_positive_and_a_look_alike(slug: str) -> None:
    directory = FIXTURES / slug
    names = [path.name for path in directory.iterdir()] if directory.is_dir() else []
    assert any(name.startswith("bad") for name in names), f"{slug}: no bad fixture"
    assert any(name.startswith("good") for name in names), f"{slug}: no good (look-alike) fixture"


def test_catalogue_has_at_least_150_detectors() -> None:
    assert len(ALL_DETECTORS) >= 150
