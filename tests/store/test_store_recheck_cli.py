"""`pavedroad recheck`: stored inventories matched against a database built in the test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from store_projects import Runner

DJANGO_ADVISORY = {
    "id": "PYSEC-2099-1",
    "modified": "2099-01-02T03:04:05Z",
    "published": "2099-01-01T00:00:00Z",
    "aliases": ["CVE-2099-1001"],
    "summary": "SQL injection in QuerySet.order_by",
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "django", "purl": "pkg:pypi/django"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "3.0"}, {"fixed": "3.2.19"}]}],
        }
    ],
}
# The same flaw as DJANGO_ADVISORY, published by GitHub. Imported first, it is the primary id;
# once the PYSEC record arrives that becomes the primary, and the flaw must not count as new.
DJANGO_GHSA = {
    "id": "GHSA-2099-aaaa-bbbb",
    "modified": "2099-01-03T00:00:00Z",
    "aliases": ["CVE-2099-1001"],
    "summary": "Django SQL injection",
    "affected": [
        {
            "package": {"ecosystem": "PyPI", "name": "Django"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.2.19"}]}],
        }
    ],
}
LODASH_ADVISORY = {
    "id": "GHSA-2099-cccc-dddd",
    "modified": "2099-02-02T00:00:00Z",
    "aliases": ["CVE-2099-2002"],
    "summary": "Prototype pollution in lodash",
    "affected": [
        {
            "package": {"ecosystem": "npm", "name": "lodash"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}],
        }
    ],
}


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "vulndb.sqlite3"


def import_advisories(pavedroad: Runner, database: Path, folder: Path, *records: dict[str, Any]) -> None:
    """Write OSV records as one .json file each and load them with `pavedroad db import`."""
    folder.mkdir()
    for record in records:
        (folder / f"{record['id']}.json").write_text(json.dumps(record, indent=2))
    completed = pavedroad("db", "import", str(folder), "--db", str(database))
    assert completed.returncode == 0, completed.stderr


def recheck(pavedroad: Runner, database: Path) -> dict[str, dict[str, Any]]:
    completed = pavedroad("recheck", "--db", str(database), "--format", "json")
    assert completed.returncode == 0, completed.stderr
    return {project["project"]: project for project in json.loads(completed.stdout)["projects"]}


def pairs(packages: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(package["name"], package["version"], package["advisory_id"]) for package in packages]


def test_recheck_reports_vulnerable_then_only_new(
    pavedroad: Runner, recorded: dict[str, Path], database: Path, tmp_path: Path
) -> None:
    import_advisories(pavedroad, database, tmp_path / "first", DJANGO_GHSA)
    first = recheck(pavedroad, database)
    assert pairs(first["shop"]["vulnerable"]) == [("django", "3.2.0", "GHSA-2099-aaaa-bbbb")]
    assert pairs(first["shop"]["new"]) == [("django", "3.2.0", "GHSA-2099-aaaa-bbbb")]
    assert first["shop"]["vulnerable"][0]["sources"] == ["requirements.txt"]
    assert first["billing"]["vulnerable"] == []

    again = recheck(pavedroad, database)
    assert pairs(again["shop"]["vulnerable"]) == [("django", "3.2.0", "GHSA-2099-aaaa-bbbb")]
    assert again["shop"]["new"] == []

    import_advisories(pavedroad, database, tmp_path / "second", LODASH_ADVISORY, DJANGO_ADVISORY)
    after_import = recheck(pavedroad, database)
    assert pairs(after_import["shop"]["vulnerable"]) == [
        ("django", "3.2.0", "PYSEC-2099-1"),
        ("lodash", "4.17.20", "GHSA-2099-cccc-dddd"),
    ]
    assert pairs(after_import["shop"]["new"]) == [("lodash", "4.17.20", "GHSA-2099-cccc-dddd")]
    assert after_import["billing"]["vulnerable"] == []


def test_recheck_uses_the_latest_inventory_without_rescanning(
    pavedroad: Runner, recorded: dict[str, Path], database: Path, tmp_path: Path
) -> None:
    import_advisories(pavedroad, database, tmp_path / "advisories", DJANGO_ADVISORY, LODASH_ADVISORY)
    (recorded["shop"] / "requirements.txt").write_text("Django==3.2.19\n")  # not recorded: not seen
    assert [p["name"] for p in recheck(pavedroad, database)["shop"]["vulnerable"]] == ["django", "lodash"]

    assert pavedroad("record", str(recorded["shop"])).returncode == 0
    assert [p["name"] for p in recheck(pavedroad, database)["shop"]["vulnerable"]] == ["lodash"]


def test_recheck_text_marks_new_and_fail_on_new_exits_1(
    pavedroad: Runner, recorded: dict[str, Path], database: Path, tmp_path: Path
) -> None:
    import_advisories(pavedroad, database, tmp_path / "advisories", LODASH_ADVISORY)
    completed = pavedroad("recheck", "--db", str(database), "--fail-on-new")
    assert completed.returncode == 1, completed.stderr
    assert "shop (scan 1," in completed.stdout and "1 vulnerable, 1 new" in completed.stdout
    assert "NEW npm lodash 4.17.20: GHSA-2099-cccc-dddd (CVE-2099-2002)" in completed.stdout
    assert "fixed in 4.17.21" in completed.stdout
    assert "billing (scan 2," in completed.stdout and "nothing vulnerable" in completed.stdout

    repeated = pavedroad("recheck", "--db", str(database), "--fail-on-new")
    assert repeated.returncode == 0
    assert "0 newly vulnerable package version(s) in 0 of 2 project(s)" in repeated.stdout


def test_recheck_with_a_missing_database_is_a_one_line_error(
    pavedroad: Runner, recorded: dict[str, Path], tmp_path: Path
) -> None:
    completed = pavedroad("recheck", "--db", str(tmp_path / "absent.sqlite3"))
    assert completed.returncode == 2
    assert "absent.sqlite3: no vulnerability database here" in completed.stderr
