"""Every labelled program: pavedroad reports exactly the marked (rule, file, line) triples.

Cases listed in tests/fixtures/sast/known-gaps*.txt (with the reason) are expected to differ;
one that starts matching must be taken off the list, so the list never hides progress.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sast_corpus import cases, expected, known_gaps, reported

CASES = cases()
GAPS = known_gaps()


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.parent.name}/{case.name}")
def test_case_reports_exactly_its_labels(case: Path, tmp_path: Path) -> None:
    labels, issues = reported(case, tmp_path)
    assert not issues
    name = f"{case.parent.name}/{case.name}"
    if name in GAPS:
        assert labels != expected(case), f"{name} now matches: take it off the known-gaps list"
    else:
        assert labels == expected(case)


def test_safe_twins_are_labelled_clean_and_vulnerable_ones_are_not() -> None:
    for case in CASES:
        if case.name.startswith("safe"):
            assert not expected(case), f"{case}: a safe case expects nothing"
        elif case.name.startswith("vuln"):
            assert expected(case), f"{case}: a vulnerable case marks at least one line"


def test_known_gaps_name_existing_cases() -> None:
    names = {f"{case.parent.name}/{case.name}" for case in CASES}
    assert names >= GAPS, sorted(GAPS - names)
