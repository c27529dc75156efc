"""`pavedroad db import|update|status` as a user runs them: output, errors naming files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import osv, run_db, write_jsonl

GOOD = osv("GOOD-1", "PyPI", "lib", ("introduced", "0"), ("fixed", "2.0"))


def test_import_then_status(tmp_path: Path) -> None:
    database = tmp_path / "vulndb.sqlite3"
    source = write_jsonl(tmp_path / "advisories.jsonl", [GOOD, osv("GHSA-x", "npm", "web", ("introduced", "0"))])
    imported = run_db("import", str(source), "--db", str(database))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith(f"imported 2 records from 1 source(s) into {database} in ")
    status = run_db("status", "--db", str(database), "--format", "json")
    assert status.returncode == 0, status.stderr
    facts = json.loads(status.stdout)
    assert facts["ecosystems"] == {"PyPI": 1, "npm": 1}
    assert facts["counts"]["advisories"] == 2
    assert facts["data_date"] == "2026-01-02T03:04:05Z"
    assert [(s["kind"], s["name"], s["records"]) for s in facts["sources"]] == [("osv", "advisories.jsonl", 2)]
    assert facts["bundled_snapshot"]["data_date"].startswith("2026-08-21")
    text = run_db("status", "--db", str(database), "--max-age-days", "36500")
    assert "  PyPI" in text.stdout and "data up to: 2026-01-02" in text.stdout
    assert text.stderr == ""  # fresh enough for a 100-year limit: no warning
    stale = run_db("status", "--db", str(database), "--max-age-days", "1")
    assert "pavedroad: warning: the vulnerability database is" in stale.stderr


def test_malformed_records_are_named_and_exit_2_but_the_rest_is_imported(tmp_path: Path) -> None:
    database = tmp_path / "vulndb.sqlite3"
    source = write_jsonl(tmp_path / "bad.jsonl", [GOOD, '{"id": 5}'])
    completed = run_db("import", str(source), "--db", str(database))
    assert completed.returncode == 2
    assert (
        f"pavedroad: skipped: {source}:2: malformed OSV record skipped: `id` must be a str, not int" in completed.stderr
    )
    assert "imported 1 records from 1 source(s), skipped 1 malformed" in completed.stdout


def test_errors_name_the_file_and_exit_2(tmp_path: Path) -> None:
    missing = run_db("import", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "db.sqlite3"))
    assert (missing.returncode, missing.stderr.strip()) == (
        2,
        f"pavedroad: error: {tmp_path / 'nope.jsonl'}: no such file or directory",
    )
    assert not (tmp_path / "db.sqlite3").exists()
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_text("this is not SQLite")
    status = run_db("status", "--db", str(corrupt))
    assert status.returncode == 2
    assert status.stderr.strip() == (
        f"pavedroad: error: {corrupt}: not a pavedroad vulnerability database (file is not a database)"
    )
    refused = run_db("update", "--db", str(tmp_path / "db.sqlite3"), "--source-url", "http://example.invalid/osv")
    assert refused.returncode == 2
    assert "only downloaded over https" in refused.stderr


def test_status_before_the_first_scan_says_what_will_happen(tmp_path: Path) -> None:
    database = tmp_path / "not-yet.sqlite3"
    completed = run_db("status", env={"PAVEDROAD_VULNDB": str(database)})
    assert completed.returncode == 0
    assert completed.stdout.splitlines()[:2] == [
        f"database: {database}",
        "  not built yet: the first scan builds it from the bundled snapshot",
    ]
    assert "bundled snapshot: data up to 2026-08-21" in completed.stdout
    assert not database.exists()
