"""Fixtures for the vulnerability database tests: small OSV records written in the published
format, real SQLite files in tmp_path, and the shared OSV data for known-answer tests."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from pavedroad.core.components import Component
from pavedroad.vulndb.importer import import_paths
from pavedroad.vulndb.match import MatchResult, find_vulnerabilities
from pavedroad.vulndb.store import VulnerabilityDatabase

SHARED = Path(os.environ.get("PAVEDROAD_SHARED", Path(__file__).resolve().parents[3] / "shared"))
OSV_DATA = SHARED / "data" / "osv"
KNOWN_ANSWERS = json.loads((OSV_DATA / "KNOWN_ANSWERS.json").read_text())
# Run `pavedroad db ...` through the real entry point, whether or not cli/main.py lists `db` yet.
RUN_DB = (
    "import sys; from pavedroad.cli.main import COMMANDS, main; "
    "COMMANDS.setdefault('db', ('pavedroad.cli.db', 'db_group')); sys.argv[0] = 'pavedroad'; main()"
)

Record = dict[str, Any]


def osv(
    identifier: str,
    ecosystem: str,
    name: str,
    *events: tuple[str, str],
    range_type: str = "ECOSYSTEM",
    versions: Iterable[str] = (),
    **fields: Any,
) -> Record:
    """A minimal OSV record in the published format: one affected package with one range."""
    affected: dict[str, Any] = {"package": {"ecosystem": ecosystem, "name": name}}
    if events:
        affected["ranges"] = [{"type": range_type, "events": [{kind: version} for kind, version in events]}]
    if versions:
        affected["versions"] = list(versions)
    return {"id": identifier, "modified": "2026-01-02T03:04:05Z", "affected": [affected], **fields}


def write_jsonl(path: Path, records: Iterable[Record | str]) -> Path:
    """One record (or raw line) per line; gzip-compressed when the name ends in .gz."""
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in records)
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return path


def run_db(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`pavedroad db ARGUMENTS...` as a user runs it."""
    return subprocess.run(
        [sys.executable, "-c", RUN_DB, "db", *arguments],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.fixture
def database_of(tmp_path: Path) -> Callable[..., VulnerabilityDatabase]:
    """Import records into a fresh database file and open it."""

    def build(*records: Record, name: str = "vulndb.sqlite3") -> VulnerabilityDatabase:
        source = write_jsonl(tmp_path / f"{name}.records.jsonl", records)
        import_paths(tmp_path / name, [source], replace=True)
        return VulnerabilityDatabase(tmp_path / name)

    return build


def match(db: VulnerabilityDatabase, ecosystem: str, name: str, *versions: str) -> MatchResult:
    """Match one package at the given versions."""
    return find_vulnerabilities(
        db, [Component(ecosystem, name, version, "lockfile", i + 1) for i, version in enumerate(versions)]
    )


def ids_by_version(result: MatchResult) -> dict[str, set[str]]:
    """{version: {primary advisory ids}} for every component that matched."""
    found: dict[str, set[str]] = {}
    for item in result:
        found.setdefault(item.component.version or "", set()).add(item.id)
    return found


@pytest.fixture(scope="session")
def shared_database(tmp_path_factory: pytest.TempPathFactory) -> VulnerabilityDatabase:
    """The shared OSV records of every package named in KNOWN_ANSWERS.json, imported once.

    Only those packages' records are copied (every one of them, withdrawn ones included), so
    the result for them is the same as after importing the whole files, in a fraction of the time.
    """
    wanted: dict[str, set[str]] = {}
    for case in KNOWN_ANSWERS:
        if case["package"]:
            wanted.setdefault(case["file"], set()).add(case["package"])
    folder = tmp_path_factory.mktemp("shared-osv")
    for file_name, packages in wanted.items():
        needles = [f'"name":"{package}"'.encode() for package in packages]
        with gzip.open(OSV_DATA / file_name, "rb") as stream:
            lines = [line.decode() for line in stream if any(needle in line for needle in needles)]
        kept = [
            line
            for line in lines
            if any(entry.get("package", {}).get("name") in packages for entry in json.loads(line)["affected"])
        ]
        assert kept, f"no records for {sorted(packages)} in {file_name}"
        write_jsonl(folder / file_name, [line.rstrip("\n") for line in kept])
    database = folder / "known-answers.sqlite3"
    import_paths(database, [folder], replace=True)
    return VulnerabilityDatabase(database)
