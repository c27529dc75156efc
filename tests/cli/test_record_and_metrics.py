"""`scan --record`, `event deploy` and `metrics` as a user runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import git, make_repo

VULNERABLE = """import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    return str(os.system("ping -c 1 " + request.args["host"]))
"""
FIXED = VULNERABLE.replace('os.system("ping -c 1 " + request.args["host"])', 'len(request.args["host"])')


def pavedroad(database_url: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pavedroad", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PAVEDROAD_DATABASE_URL": database_url},
        timeout=300,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "shop", {"app/views.py": VULNERABLE, "README.md": "# shop\n"})


def test_a_fix_is_seen_by_the_next_complete_scan_and_counted(repo: Path, database_url: str) -> None:
    first = pavedroad(database_url, "scan", str(repo), "--record", "--format", "json", "--no-cache")
    assert first.returncode == 0, first.stderr
    assert "recorded scan 1: 1 new, 0 still open, 0 reopened, 0 fixed" in first.stderr
    (repo / "app/views.py").write_text(FIXED)
    git(repo, "commit", "-qam", "use an argument list")

    partial = pavedroad(database_url, "scan", str(repo), "--since", "HEAD~1", "--record", "--no-cache")
    assert "0 fixed" in partial.stderr  # a pull-request scan never closes findings

    full = pavedroad(database_url, "scan", str(repo), "--record", "--format", "json", "--no-cache")
    assert "recorded scan 3: 0 new, 0 still open, 0 reopened, 1 fixed" in full.stderr

    deploy = pavedroad(database_url, "event", "deploy", "--project", "shop", "--version", "1.2.0")
    assert deploy.returncode == 0 and "recorded deployment 1 of 'shop' to production" in deploy.stdout

    metrics = pavedroad(database_url, "metrics", "--project", "shop", "--format", "json", "--repository", str(repo))
    assert metrics.returncode == 0, metrics.stderr
    document = json.loads(metrics.stdout)
    assert document["time_to_remediation_days"]["overall"]["count"] == 1
    assert document["time_to_remediation_days"]["critical"]["count"] + document["time_to_remediation_days"]["high"][
        "count"
    ] == 1
    assert sum(document["open_by_severity"].values()) == 0
    assert document["weeks"][-1]["new"] == 1 and document["weeks"][-1]["fixed"] == 1
    assert document["weeks"][-1]["deployments"] == 1
    assert document["weeks"][-1]["gate_runs"] == 3
    assert document["density"]["lines_of_code"] == 6  # the Python file's non-blank lines; README is prose

    text = pavedroad(database_url, "metrics", "--project", "shop", "--repository", str(repo))
    assert "Mean time to remediation" in text.stdout and "Deployment frequency: 0.08 per week" in text.stdout


def test_sla_days_and_release_tags_come_from_the_configuration(repo: Path, database_url: str) -> None:
    (repo / ".pavedroad.toml").write_text('[metrics]\nsla_days = {high = 3}\ndeploy_tags = "v*"\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "config")
    git(repo, "tag", "v1.0.0")
    git(repo, "tag", "nightly")
    assert pavedroad(database_url, "scan", str(repo), "--record", "--no-cache").returncode == 0
    document = json.loads(
        pavedroad(database_url, "metrics", "--format", "json", "--repository", str(repo)).stdout
    )
    assert document["sla_days"]["high"] == 3
    assert document["weeks"][-1]["deployments"] == 1  # v1.0.0, not nightly


def test_bad_input_is_one_line_and_exit_code_2(repo: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    bad_time = pavedroad(url, "event", "deploy", "--project", "shop", "--at", "yesterday")
    assert bad_time.returncode == 2
    assert bad_time.stderr.strip() == "pavedroad: error: --at 'yesterday': not an ISO 8601 date and time " + (
        "(Invalid isoformat string: 'yesterday')"
    )
    down = "postgresql+psycopg://nobody:secret@127.0.0.1:9/none?connect_timeout=2"
    scan = pavedroad(down, "scan", str(repo), "--record", "--no-cache")
    assert scan.returncode == 2
    assert scan.stderr.splitlines()[-1].startswith("pavedroad: error: --record: postgresql+psycopg://nobody:***@")
    assert "secret" not in scan.stderr
    (repo / ".pavedroad.toml").write_text("[metrics]\nsla_days = {high = -1}\n")
    config = pavedroad(url, "metrics", "--repository", str(repo))
    assert config.returncode == 2 and "sla_days.high must be a positive number of days" in config.stderr
