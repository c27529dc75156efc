"""`pavedroad affected`: which recorded projects contain a package, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_files
from store_projects import Runner, affected_json


def projects_found(pavedroad: Runner, *args: str) -> list[str]:
    return sorted({row["project"] for row in affected_json(pavedroad, *args)})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("django@3.2.0", ["shop"]),
        ("Django@3.2", ["shop"]),  # name normalised (PEP 503), version equal in PEP 440
        ("django@4.2.1", ["billing"]),
        ("django@4.2.2", []),
        ("lodash@4.17.21", ["billing"]),
        ("golang.org/x/net@0.7.0", ["shop"]),  # go.mod writes v0.7.0
        ("pyyaml", ["billing"]),
        ("lodash", ["billing", "shop"]),
    ],
)
def test_exact_versions_find_the_right_projects(
    pavedroad: Runner, recorded: dict[str, Path], query: str, expected: list[str]
) -> None:
    assert projects_found(pavedroad, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("django@>=3.0,<3.2.19", ["shop"]),  # PEP 440 specifier set
        ("django@>=4.0", ["billing"]),
        ("django@~=3.2.0", ["shop"]),
        ("django@!=3.2.0", ["billing"]),
        ("lodash@<4.17.21", ["shop"]),  # npm comparators
        ("lodash@<4.17.20 || >=4.17.21", ["billing"]),
        ("lodash@>=4.0.0 <5.0.0", ["billing", "shop"]),
        ("lodash@^4.17.0", ["billing", "shop"]),  # npm's caret, tilde and x-ranges
        ("lodash@^4.17.21", ["billing"]),
        ("lodash@~4.17.21", ["billing"]),
        ("lodash@4.17.x", ["billing", "shop"]),
        ("lodash@^3.0.0 || ~4.17.20", ["billing", "shop"]),
        ("golang.org/x/net@<0.17.0", ["shop"]),  # Go, with and without the v prefix
        ("golang.org/x/net@>=v0.7.0,<=v0.17.0", ["billing", "shop"]),
        ("golang.org/x/net@>0.7.0", ["billing"]),
    ],
)
def test_ranges_in_each_ecosystems_syntax(
    pavedroad: Runner, recorded: dict[str, Path], query: str, expected: list[str]
) -> None:
    assert projects_found(pavedroad, query) == expected


def test_table_shows_project_version_file_and_dependency_path(pavedroad: Runner, recorded: dict[str, Path]) -> None:
    completed = pavedroad("affected", "minimist@<1.2.6")
    assert completed.returncode == 0, completed.stderr
    row = next(line for line in completed.stdout.splitlines() if line.startswith("shop"))
    assert "1.2.5" in row and "web/package-lock.json" in row and "via mkdirp → minimist" in row
    assert "1 occurrence in 1 project" in completed.stdout

    [found] = affected_json(pavedroad, "minimist")
    assert (found["direct"], found["dependency_path"]) == (False, ["mkdirp", "minimist"])
    [lodash] = affected_json(pavedroad, "lodash@4.17.20")
    assert (lodash["direct"], lodash["branch"], len(lodash["commit"])) == (True, "main", 40)


def test_a_package_in_no_project_is_reported_plainly(pavedroad: Runner, recorded: dict[str, Path]) -> None:
    completed = pavedroad("affected", "left-pad@1.3.0")
    assert (completed.returncode, completed.stdout.strip()) == (0, "left-pad@1.3.0: not found in any recorded project")


def test_ecosystem_option_limits_the_search(pavedroad: Runner, recorded: dict[str, Path]) -> None:
    assert projects_found(pavedroad, "lodash", "--ecosystem", "npm") == ["billing", "shop"]
    assert projects_found(pavedroad, "lodash", "--ecosystem", "PyPI") == []
    assert projects_found(pavedroad, "django", "--ecosystem", "pypi") == ["billing", "shop"]


def test_only_latest_scan_unless_all_scans(pavedroad: Runner, recorded: dict[str, Path]) -> None:
    write_files(recorded["shop"], {"requirements.txt": "Django==3.2.19\nrequests==2.31.0\n"})
    assert pavedroad("record", str(recorded["shop"])).returncode == 0

    assert projects_found(pavedroad, "django@3.2.0") == []
    history = affected_json(pavedroad, "django@3.2.0", "--all-scans")
    assert [(row["project"], row["scan_id"]) for row in history] == [("shop", 1)]
    latest = affected_json(pavedroad, "django")
    assert sorted((row["project"], row["version"]) for row in latest) == [("billing", "4.2.1"), ("shop", "3.2.19")]
    everything = affected_json(pavedroad, "django", "--all-scans")
    assert [(row["project"], row["scan_id"]) for row in everything] == [("billing", 2), ("shop", 3), ("shop", 1)]


def test_unpinned_requirement_is_shown_as_undetermined(pavedroad: Runner, tmp_path: Path) -> None:
    write_files(tmp_path / "loose", {"requirements.txt": "django>=3.2\n"})
    assert pavedroad("record", str(tmp_path / "loose")).returncode == 0
    completed = pavedroad("affected", "django@<3.2.19")
    assert completed.returncode == 0, completed.stderr
    assert "unpinned >=3.2 (?)" in completed.stdout
    [row] = affected_json(pavedroad, "django@<3.2.19")
    assert (row["version"], row["undetermined"]) == (None, True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("golang.org/x/net@^0.7.0", "write ^1.2.0 as >=1.2.0,<2.0.0"),
        ("django@>>3", "not a valid PEP 440 version specifier"),
        ("golang.org/x/net@<banana", "'banana' is not a valid SemVer version"),
    ],
)
def test_unreadable_range_is_a_one_line_error(
    pavedroad: Runner, recorded: dict[str, Path], query: str, message: str
) -> None:
    completed = pavedroad("affected", query)
    assert completed.returncode == 2
    assert message in completed.stderr and len(completed.stderr.strip().splitlines()) == 1
