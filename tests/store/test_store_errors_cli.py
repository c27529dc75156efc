"""Bad stores and bad inputs: one clear line naming the store or file, exit code 2."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import write_files
from store_projects import Runner, affected_json


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "not a url: not a valid store URL"),
        ("nosuchdatabase://user:secret@host/db", "no database driver for this URL"),
        ("sqlite:////nonexistent-directory/deeper/store.sqlite3", "unable to open database file"),
    ],
)
@pytest.mark.parametrize("command", [("affected", "django"), ("recheck",), ("record", ".")])
def test_bad_store_url(pavedroad: Runner, url: str, message: str, command: tuple[str, ...]) -> None:
    completed = pavedroad(*command, "--store", url)
    assert completed.returncode == 2
    assert message in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1, completed.stderr
    assert "secret" not in completed.stderr


def test_bad_url_from_environment_is_named(pavedroad: Runner) -> None:
    completed = pavedroad("affected", "django", env={"PAVEDROAD_DATABASE_URL": "::bad::"})
    assert (completed.returncode, completed.stderr.strip()) == (
        2,
        "pavedroad: error: ::bad::: not a valid store URL (expected e.g. sqlite:///path/store.sqlite3)",
    )


def test_corrupt_store_file(pavedroad: Runner, tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"this is not SQLite at all, just text that got written here\n" * 100)
    completed = pavedroad("affected", "django", "--store", f"sqlite:///{corrupt}")
    assert completed.returncode == 2
    assert completed.stderr.strip() == f"pavedroad: error: sqlite:///{corrupt}: file is not a database"


def test_sqlite_file_of_something_else_is_refused_and_left_alone(pavedroad: Runner, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    completed = pavedroad("affected", "django", "--store", f"sqlite:///{other}")
    assert completed.returncode == 2
    assert "this database is not a pavedroad store" in completed.stderr
    with sqlite3.connect(other) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tables == ["invoices"]


def test_malformed_lockfile_is_named_and_the_rest_recorded(pavedroad: Runner, tmp_path: Path) -> None:
    project = tmp_path / "half-broken"
    write_files(project, {"requirements.txt": "flask==2.0.0\n", "package-lock.json": '{"lockfileVersion": 3, "pack'})
    completed = pavedroad("record", str(project), "--project", "half")
    assert completed.returncode == 2
    assert "package-lock.json" in completed.stderr
    assert "recorded scan 1 of project 'half': 1 components" in completed.stdout
    assert [row["project"] for row in affected_json(pavedroad, "flask@2.0.0")] == ["half"]


def test_record_of_a_missing_path(pavedroad: Runner, tmp_path: Path) -> None:
    completed = pavedroad("record", str(tmp_path / "nowhere"))
    assert completed.returncode == 2
    assert "nowhere: no such file or directory" in completed.stderr
