"""`pavedroad affected`: which recorded projects contain a package, through the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import write_files
from store_projects import Runner, affected_json

from pavedroad.store import SqliteReader, Store, affected, open_for_reading, open_store
from pavedroad.store.connection import READER_REVISION
from pavedroad.store.migrate import HEAD_REVISION


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


# The fast way in: a current SQLite store is read through sqlite3 alone (no SQLAlchemy import,
# no migration check beyond one query); everything else goes through `open_store`.

AFFECTED_WITH_IMPORTS_SHOWN = (
    "import atexit, sys; from pavedroad.cli.main import main; "
    "atexit.register(lambda: print('sqlalchemy loaded:', 'sqlalchemy' in sys.modules, file=sys.stderr)); "
    "sys.argv[0] = 'pavedroad'; main()"
)


def test_sqlite_reads_are_checked_against_the_newest_schema_revision() -> None:
    assert READER_REVISION == HEAD_REVISION  # else every store takes the slow way in


def test_affected_on_a_current_sqlite_store_does_not_load_sqlalchemy(recorded: dict[str, Path], store_url: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", AFFECTED_WITH_IMPORTS_SHOWN, "affected", "django@3.2.0", "--store", store_url],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    assert "1 occurrence in 1 project" in completed.stdout
    assert completed.stderr.strip() == "sqlalchemy loaded: False"


@pytest.mark.parametrize(
    ("query", "all_scans"),
    [("django", False), ("django", True), ("lodash@<4.17.21", False), ("minimist", True), ("left-pad", False)],
)
def test_sqlite_reader_and_sqlalchemy_give_the_same_rows(
    recorded: dict[str, Path], store_url: str, query: str, all_scans: bool
) -> None:
    package, _, selection = query.partition("@")
    with open_for_reading(store_url) as reader, open_store(store_url) as store:
        assert isinstance(reader, SqliteReader)
        through_sqlite = affected(reader, package, selection or None, all_scans=all_scans)
        assert through_sqlite == affected(store, package, selection or None, all_scans=all_scans)
    assert all(row.scan_started.tzinfo is not None and isinstance(row.direct, bool) for row in through_sqlite)


def test_a_store_that_does_not_exist_yet_is_created_by_the_ordinary_way_in(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    with open_for_reading(url) as store:
        assert isinstance(store, Store)
        assert affected(store, "django") == []
    with open_for_reading(url) as store:
        assert isinstance(store, SqliteReader)
