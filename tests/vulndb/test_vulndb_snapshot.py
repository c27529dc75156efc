"""Offline out of the box: the bundled snapshot, first-use build, freshness and coverage warnings."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import match, osv, write_jsonl

from pavedroad.vulndb.freshness import coverage_warnings
from pavedroad.vulndb.importer import import_paths
from pavedroad.vulndb.snapshot import DATA, SNAPSHOT_FILE, open_database, snapshot_info
from pavedroad.vulndb.store import VulnerabilityDatabase

NOW = datetime(2026, 11, 29, tzinfo=UTC)


def test_the_snapshot_is_compact_attributed_and_dated() -> None:
    info = snapshot_info()
    assert info is not None
    assert SNAPSHOT_FILE.stat().st_size < 5_000_000
    assert info.data_date.startswith("2026-08-21")
    assert {"PyPI", "Go", "crates.io"} <= set(info.ecosystems)
    with gzip.open(SNAPSHOT_FILE, "rt", encoding="utf-8") as stream:
        first = json.loads(next(stream))
    assert "details" not in first and {"id", "modified", "affected"} <= set(first)
    attribution = (DATA / "ATTRIBUTION.md").read_text()
    for notice in ("Python Packaging Advisory Database", "Go Vulnerability Database", "RustSec",
                   "AlmaLinux OS", "CC BY 4.0", "R Consortium"):  # fmt: skip
        assert notice in attribution
    assert "Apache License" in (DATA / "LICENSE-Apache-2.0.txt").read_text()


def test_the_first_lookup_builds_the_database_from_the_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tmp_path / "cache" / "vulndb.sqlite3"
    monkeypatch.setenv("PAVEDROAD_VULNDB", str(default))
    notices: list[str] = []
    with open_database(notice=notices.append) as db:
        assert "PYSEC-2018-28" in {m.id for m in match(db, "PyPI", "requests", "2.19.1")}
        assert "RUSTSEC-2021-0003" in {m.id for m in match(db, "crates.io", "smallvec", "1.6.0")}
        assert db.meta()["snapshot_date"].startswith("2026-08-21")
        assert db.freshness_warning(max_age_days=30, now=NOW) is not None  # the snapshot is 100 days old
    assert len(notices) == 2
    assert notices[0].startswith(
        f"no vulnerability database yet: building {default} from the bundled advisory snapshot"
    )
    assert notices[1].startswith("vulnerability database ready: 19")
    with open_database(notice=notices.append):
        pass
    assert len(notices) == 2  # built once


def test_a_damaged_default_database_is_rebuilt_and_an_explicit_one_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tmp_path / "vulndb.sqlite3"
    default.write_text("not a database")
    monkeypatch.setenv("PAVEDROAD_VULNDB", str(default))
    notices: list[str] = []
    with open_database(notice=notices.append) as db:
        assert db.counts()["advisories"] > 10_000
    assert "not a pavedroad vulnerability database" in notices[0] and "rebuilding it" in notices[0]
    explicit = tmp_path / "mine.sqlite3"
    explicit.write_text("not a database")
    with pytest.raises(Exception, match=f"{explicit}: not a pavedroad vulnerability database"):
        open_database(explicit, notice=notices.append)
    assert explicit.read_text() == "not a database"


def test_freshness_warnings(tmp_path: Path) -> None:
    dated = osv("OLD", "npm", "x", ("introduced", "0"))
    dated["modified"] = "2026-11-01T00:00:00Z"
    placeholder = osv("GO-PLACEHOLDER", "Go", "x", ("introduced", "0"), range_type="SEMVER")
    placeholder["modified"] = "0001-01-01T00:00:00Z"
    future = osv("TYPO", "PyPI", "x", ("introduced", "0"))
    future["modified"] = "2099-07-09T15:45:00Z"
    import_paths(tmp_path / "dated.sqlite3", [write_jsonl(tmp_path / "a.jsonl", [dated, placeholder, future])])
    with VulnerabilityDatabase(tmp_path / "dated.sqlite3") as db:
        assert db.data_date() == "2026-11-01T00:00:00Z"  # neither the placeholder nor the future typo
        assert db.database_age_days(now=NOW) == 28.0
        assert db.freshness_warning(max_age_days=30, now=NOW) is None
        assert db.freshness_warning(max_age_days=7, now=NOW) == (
            "the vulnerability database is 28 days old (newest advisory 2026-11-01; limit 7 days): "
            "vulnerabilities published since then were NOT checked; run `pavedroad db update`"
        )
    import_paths(tmp_path / "undated.sqlite3", [write_jsonl(tmp_path / "b.jsonl", [placeholder])])
    with VulnerabilityDatabase(tmp_path / "undated.sqlite3") as db:
        assert db.database_age_days() is None
        assert "age is unknown" in (db.freshness_warning(7) or "")
    (tmp_path / "epss.csv").write_text("cve,epss,percentile\n")
    import_paths(tmp_path / "empty.sqlite3", [tmp_path / "epss.csv"])
    with VulnerabilityDatabase(tmp_path / "empty.sqlite3") as db:
        assert "holds no advisories: dependencies were NOT checked" in (db.freshness_warning(7) or "")
        assert db.covered_ecosystems() == frozenset()


def test_coverage_warnings_name_the_ecosystems_without_advisories(tmp_path: Path) -> None:
    records = [osv("A", "PyPI", "x", ("introduced", "0")), osv("B", "AlmaLinux:9", "x", ("introduced", "0"))]
    import_paths(tmp_path / "db.sqlite3", [write_jsonl(tmp_path / "a.jsonl", records)])
    with VulnerabilityDatabase(tmp_path / "db.sqlite3") as db:
        covered = db.covered_ecosystems()
    assert covered == {"PyPI", "AlmaLinux:9"}
    assert coverage_warnings(covered, ["PyPI", "npm", "AlmaLinux:9", "AlmaLinux:8", "AlmaLinux"]) == [
        "no advisories for AlmaLinux:8 in the vulnerability database: AlmaLinux:8 packages were NOT checked for "
        "vulnerabilities; run `pavedroad db update --ecosystem AlmaLinux`",
        "no advisories for npm in the vulnerability database: npm packages were NOT checked for vulnerabilities; "
        "run `pavedroad db update --ecosystem npm`",
    ]
