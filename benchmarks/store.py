"""Store and server at scale: 1,000,000 findings over 200 projects and 20,000 scans in PostgreSQL.

Generates the data with COPY (a few minutes), then measures, per request, the server time of
the dashboard's overview, a project page and the findings list (in-process ASGI calls through
FastAPI's TestClient, 50+ requests each, p50/p95), times `pavedroad metrics` as a command,
and records EXPLAIN ANALYZE plans of the findings-list queries as index evidence.

    PAVEDROAD_BENCH_POSTGRES_URL=postgresql+psycopg://pavedroad:pavedroad@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/store.py [--findings 1000000] [--keep]

Results: benchmarks/results/store-<date>.json. The database `pavedroad_bench` is recreated
(and dropped afterwards unless --keep). Not a test: speed belongs here, not in pytest.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/secrets.py would shadow the standard library's `secrets` (which Starlette
# imports) if this folder came first on sys.path: put it last.
BENCHMARKS = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCHMARKS] + [str(BENCHMARKS)]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402

import psycopg  # noqa: E402
from benchlib import RESULTS, machine_info, measure, pavedroad_executable, pavedroad_revision  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

ADMIN_URL_ENV = ("PAVEDROAD_BENCH_POSTGRES_URL", "PAVEDROAD_TEST_POSTGRES_URL")
DATABASE = "pavedroad_bench"
PROJECTS = 200
SCANS = 20_000
FINDINGS = 1_000_000
REQUESTS_PER_ENDPOINT = 60
CLI_RUNS = 5
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
HISTORY_DAYS = 180
SEVERITIES = (("critical", 0.03), ("high", 0.15), ("medium", 0.40), ("low", 0.30), ("info", 0.12))
TRIAGE = (
    ("untriaged", 0.80),
    ("confirmed", 0.08),
    ("false_positive", 0.05),
    ("accepted_risk", 0.04),
    ("mitigated", 0.03),
)
FIXED_SHARE = 0.40
RULES = [f"{family}/rule-{index}" for family in ("secrets", "sca", "sast", "iac", "pipelines") for index in range(40)]
CWES = ("CWE-89", "CWE-79", "CWE-798", "CWE-22", "CWE-502", "CWE-1104", "CWE-732", "")
TARGET_P95_MS = 300
TARGET_METRICS_SECONDS = 2


def _admin_url() -> str:
    for name in ADMIN_URL_ENV:
        if os.environ.get(name):
            return os.environ[name]
    raise SystemExit(f"set ${ADMIN_URL_ENV[0]} to a PostgreSQL admin URL")


def _choose(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([name for name, _ in weighted], [weight for _, weight in weighted])[0]


def recreate_database(admin_url: str) -> str:
    """A fresh, migrated bench database; returns its SQLAlchemy URL."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()
    url = make_url(admin_url).set(database=DATABASE).render_as_string(hide_password=False)
    from pavedroad.store.connection import open_store

    open_store(url).close()  # runs the migrations
    return url


def drop_database(admin_url: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
    admin.dispose()


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _copy(cursor: psycopg.Cursor[Any], table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _scan_rows(rng: random.Random) -> Iterator[tuple[Any, ...]]:
    per_project = SCANS // PROJECTS
    for scan_index in range(SCANS):
        project = scan_index // per_project + 1
        position = scan_index % per_project
        finished = NOW - timedelta(days=HISTORY_DAYS * (per_project - position) / per_project)
        outcome = _choose(rng, (("passed", 0.8), ("failed", 0.12), ("would_fail", 0.08)))
        lines = json.dumps({"python": 20_000 + project * 100, "javascript": 5_000})
        yield (
            project,
            finished - timedelta(minutes=3),
            finished,
            "main",
            "0.1.0",
            "findings",
            "pavedroad",
            str(scan_index),
            True,
            "enforce",
            outcome,
            "[]",
            250,
            25_000 + project * 100,
            lines,
            "{}",
            0,
        )


SCAN_COLUMNS = (
    "project_id",
    "started_at",
    "finished_at",
    "branch",
    "tool_version",
    "kind",
    "tool",
    "ci_run_id",
    "complete",
    "mode",
    "gate_outcome",
    "gate_reasons",
    "files_scanned",
    "lines_of_code",
    "lines_by_language",
    "analyzers",
    "findings_count",
)
FINDING_COLUMNS = (
    "project_id",
    "branch",
    "fingerprint",
    "rule_id",
    "analyzer",
    "tool",
    "severity",
    "confidence",
    "title",
    "message",
    "path",
    "start_line",
    "cwe",
    "vulnerabilities",
    "controls",
    "status",
    "triage_state",
    "triage_justification",
    "triage_owner",
    "triage_expires_at",
    "first_seen_at",
    "last_seen_at",
    "fixed_at",
    "reopened_count",
    "first_scan_id",
    "last_scan_id",
    "data",
)


def _finding_rows(rng: random.Random, total: int, sightings: list[tuple[int, int]]) -> Iterator[tuple[Any, ...]]:
    per_project = total // PROJECTS
    scans_per_project = SCANS // PROJECTS
    for index in range(total):
        project = index // per_project + 1 if index < per_project * PROJECTS else PROJECTS
        rule = rng.choice(RULES)
        severity = _choose(rng, SEVERITIES)
        first_scan_offset = rng.randrange(scans_per_project)
        first_scan = (project - 1) * scans_per_project + first_scan_offset + 1
        first_seen = NOW - timedelta(days=HISTORY_DAYS * (scans_per_project - first_scan_offset) / scans_per_project)
        fixed = rng.random() < FIXED_SHARE
        fixed_at = min(NOW, first_seen + timedelta(days=rng.expovariate(1 / 20))) if fixed else None
        state = _choose(rng, TRIAGE)
        justification = "reviewed" if state != "untriaged" and state != "confirmed" else None
        owner = "team-a" if state == "accepted_risk" else None
        expires = NOW + timedelta(days=rng.randrange(-30, 180)) if state == "accepted_risk" else None
        path = f"src/module{index % 997}/file{index % 31}.py"
        seen = rng.randint(1, 4)
        last_scan = min(first_scan + seen - 1, project * scans_per_project)
        sightings.extend((scan, index + 1) for scan in range(first_scan, last_scan + 1))
        cwe = rng.choice(CWES)
        location = {"path": path, "start_line": index % 400 + 1, "snippet": "x = ****"}
        fix = {"hint": "Use the safe API.", "replacement": None}
        data = json.dumps({"rule_id": rule, "location": location, "fix": fix, "trace": []})
        yield (
            project,
            "main",
            f"{index:032x}",
            rule,
            rule.split("/")[0],
            "pavedroad",
            severity,
            "high",
            f"{rule} issue",
            f"Finding {index} in {path}",
            path,
            index % 400 + 1,
            cwe,
            "",
            "",
            "fixed" if fixed else "open",
            state,
            justification,
            owner,
            expires,
            first_seen,
            fixed_at or first_seen + timedelta(days=1),
            fixed_at,
            0,
            first_scan,
            last_scan,
            data,
        )


def generate(url: str, total: int, seed: int = 20261130) -> dict[str, Any]:
    """Fill the database; returns row counts and seconds."""
    rng = random.Random(seed)
    started = time.perf_counter()
    sightings: list[tuple[int, int]] = []
    with psycopg.connect(_libpq(url)) as connection, connection.cursor() as cursor:
        cursor.execute("INSERT INTO organisations (name, created_at) VALUES ('default', now())")
        cursor.executemany(
            "INSERT INTO projects (name, root, created_at, organisation_id) VALUES (%s, NULL, %s, 1)",
            [(f"project-{index:03d}", NOW - timedelta(days=400)) for index in range(1, PROJECTS + 1)],
        )
        scans = _copy(cursor, "scans", SCAN_COLUMNS, _scan_rows(rng))
        findings = _copy(cursor, "findings", FINDING_COLUMNS, _finding_rows(rng, total, sightings))
        sighted = _copy(cursor, "finding_sightings", ("scan_id", "finding_id"), iter(sightings))
        deployments = _copy(
            cursor,
            "deployments",
            ("project_id", "deployed_at", "environment", "source"),
            (
                (rng.randint(1, PROJECTS), NOW - timedelta(days=rng.uniform(0, HISTORY_DAYS)), "production", "event")
                for _ in range(5_000)
            ),
        )
        connection.commit()
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return {
        "projects": PROJECTS,
        "scans": scans,
        "findings": findings,
        "sightings": sighted,
        "deployments": deployments,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    quantiles = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "requests": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(quantiles[94] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def time_endpoints(url: str, total: int) -> dict[str, Any]:
    """p50/p95 of each endpoint, measured per request in process (no network)."""
    from fastapi.testclient import TestClient

    from pavedroad.server.accounts import create_token
    from pavedroad.server.app import create_app
    from pavedroad.server.settings import ServerSettings

    app = create_app(url, ServerSettings(secret_key="bench"))
    store = app.state.store_holder.get()
    token = create_token(store, "bench", "admin").token
    rng = random.Random(7)
    project = lambda: f"project-{rng.randint(1, PROJECTS):03d}"  # noqa: E731
    deep_cursor = lambda: rng.randint(1, total)  # noqa: E731
    endpoints: dict[str, Callable[[], str]] = {
        "overview page (/)": lambda: "/",
        "projects API": lambda: "/api/v1/projects",
        "project page": lambda: f"/projects/{project()}",
        "project API": lambda: f"/api/v1/projects/{project()}",
        "findings list, no filter": lambda: "/api/v1/findings?limit=50",
        "findings list, deep cursor": lambda: f"/api/v1/findings?limit=50&cursor={deep_cursor()}",
        "findings list, project + open": lambda: f"/api/v1/findings?project={project()}&status=open&limit=50",
        "findings list, critical + open": lambda: "/api/v1/findings?severity=critical&status=open&limit=50",
        "findings list, rule": lambda: f"/api/v1/findings?rule={rng.choice(RULES)}&limit=50",
        "findings list, accepted_risk": lambda: "/api/v1/findings?triage_state=accepted_risk&limit=50",
        "findings list, text search": lambda: "/api/v1/findings?q=module7/file3&limit=50",
        "findings page (HTML)": lambda: f"/findings?project={project()}&status=open",
        "finding detail": lambda: f"/api/v1/findings/{rng.randint(1, total)}",
    }
    results: dict[str, Any] = {}
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        for name, path_of in endpoints.items():
            client.get(path_of())  # warm caches and pools once
            samples = []
            for _ in range(REQUESTS_PER_ENDPOINT):
                path = path_of()
                started = time.perf_counter()
                response = client.get(path)
                samples.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"{path}: {response.status_code} {response.text[:200]}")
            summary = _percentiles(samples)
            results[name] = summary | {"meets_target": summary["p95_ms"] < TARGET_P95_MS}
            print(f"{name:34} p50 {summary['p50_ms']:8.1f} ms  p95 {summary['p95_ms']:8.1f} ms", file=sys.stderr)
    app.state.store_holder.close()
    return results


def time_metrics_command(url: str) -> dict[str, Any]:
    """`pavedroad metrics --format json` (all projects, then one) as a process, CLI_RUNS times each."""
    executable = str(pavedroad_executable())
    environment = dict(os.environ, PAVEDROAD_DATABASE_URL=url)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        for label, extra in (("all projects", []), ("one project", ["--project", "project-042"])):
            runs = [
                measure(
                    [executable, "metrics", "--format", "json", *extra],
                    workdir,
                    workdir / "out.json",
                    workdir / "err.txt",
                    env=environment,
                    timeout=120,
                )
                for _ in range(CLI_RUNS)
            ]
            if any(run.exit_code for run in runs):
                raise SystemExit(f"pavedroad metrics failed: {(workdir / 'err.txt').read_text()[:300]}")
            walls = sorted(run.wall_seconds for run in runs)
            results[label] = {
                "runs": CLI_RUNS,
                "median_seconds": statistics.median(walls),
                "max_seconds": walls[-1],
                "meets_target": walls[-1] < TARGET_METRICS_SECONDS,
            }
            print(f"pavedroad metrics ({label}): median {results[label]['median_seconds']} s", file=sys.stderr)
    return results


EXPLAINED = {
    "project + open, newest first": (
        "SELECT f.id FROM findings f JOIN projects p ON p.id = f.project_id "
        "WHERE f.project_id = 42 AND f.status = 'open' ORDER BY f.id DESC LIMIT 51"
    ),
    "triage state, newest first": (
        "SELECT f.id FROM findings f WHERE f.triage_state = 'accepted_risk' ORDER BY f.id DESC LIMIT 51"
    ),
    "rule, newest first": "SELECT f.id FROM findings f WHERE f.rule_id = 'iac/rule-7' ORDER BY f.id DESC LIMIT 51",
    "open counts per project and severity": (
        "SELECT project_id, severity, count(*) FROM findings WHERE status = 'open' "
        "AND NOT (triage_state IN ('false_positive', 'accepted_risk', 'mitigated') "
        "AND (triage_expires_at IS NULL OR triage_expires_at > now())) "
        "AND (suppressed IS NULL OR suppressed = 'baseline') GROUP BY project_id, severity"
    ),
}


def explain_plans(url: str) -> dict[str, list[str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of the list queries whose speed depends on an index."""
    plans = {}
    with psycopg.connect(_libpq(url)) as connection:
        for name, query in EXPLAINED.items():
            rows = connection.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query}").fetchall()  # fixed text above
            plans[name] = [row[0] for row in rows]
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--findings", type=int, default=FINDINGS)
    parser.add_argument("--keep", action="store_true", help="Keep the bench database afterwards.")
    parser.add_argument("--reuse", action="store_true", help="Measure the database a --keep run left behind.")
    options = parser.parse_args()
    admin_url = _admin_url()
    if options.reuse:
        url = make_url(admin_url).set(database=DATABASE).render_as_string(hide_password=False)
        generated = {"reused": True, "findings": options.findings}
    else:
        url = recreate_database(admin_url)
    try:
        if not options.reuse:
            generated = generate(url, options.findings)
        print(f"generated {generated}", file=sys.stderr)
        document = {
            "benchmark": "store",
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "pavedroad_revision": pavedroad_revision(),
            "machine": machine_info(),
            "database": "PostgreSQL (local, default settings)",
            "generated": generated,
            "targets": {"endpoint_p95_ms": TARGET_P95_MS, "metrics_command_seconds": TARGET_METRICS_SECONDS},
            "endpoints": time_endpoints(url, options.findings),
            "metrics_command": time_metrics_command(url),
            "explain": explain_plans(url),
        }
    finally:
        if not options.keep:
            drop_database(admin_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = RESULTS / f"store-{datetime.now(UTC).date().isoformat()}.json"
    output.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
