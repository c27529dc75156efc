"""Speed of `pavedroad affected` over many recorded inventories (issue 3: under 100 ms over
1,000 inventories of 500 components each), and of recording them.

    .venv/bin/python benchmarks/affected.py [--projects N] [--scans-per-project N]
        [--components N] [--repeat N] [--seed N] [--keep PATH | --reuse PATH]

The inventories are generated reproducibly (fixed seed): each project draws its components
from a fixed list of real package names in six ecosystems (PyPI, npm, Go, crates.io, Maven,
RubyGems) plus generated names, about a fifth direct and the rest transitive with a
dependency path; each later scan of a project upgrades some of its packages. They are
recorded into a temporary SQLite store through `record_inventory`, then each query is timed
in-process (store already open, as a server would) and as a CLI subprocess (new interpreter,
imports, opening the store: what a user waits for), in wall time and in the command's own
CPU time (which a busy machine hardly changes). `--reuse` times a store kept earlier with
`--keep` without recording it again. Results go to stdout as a Markdown table and to
benchmarks/results/affected-<date>.json. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parent.parent
RESULTS = REPOSITORY / "benchmarks" / "results"
sys.path.insert(0, str(REPOSITORY / "src"))

from pavedroad.core.components import Component  # noqa: E402
from pavedroad.store import Store, affected, open_store, record_inventory  # noqa: E402

# Real names, so that name normalisation and version orders meet realistic input.
KNOWN_PACKAGES: dict[str, tuple[str, ...]] = {
    "PyPI": (
        "Django",
        "flask",
        "requests",
        "urllib3",
        "Jinja2",
        "PyYAML",
        "cryptography",
        "numpy",
        "pandas",
        "SQLAlchemy",
        "celery",
        "boto3",
        "botocore",
        "certifi",
        "idna",
        "charset-normalizer",
        "pydantic",
        "fastapi",
        "starlette",
        "uvicorn",
        "gunicorn",
        "Pillow",
        "lxml",
        "setuptools",
        "wheel",
        "pip",
        "six",
        "python-dateutil",
        "pytz",
        "attrs",
        "click",
        "MarkupSafe",
        "Werkzeug",
        "protobuf",
        "grpcio",
    ),
    "npm": (
        "lodash",
        "react",
        "react-dom",
        "express",
        "minimist",
        "axios",
        "moment",
        "debug",
        "chalk",
        "commander",
        "semver",
        "uuid",
        "qs",
        "body-parser",
        "jsonwebtoken",
        "ws",
        "tar",
        "glob",
        "minimatch",
        "@babel/core",
        "@babel/traverse",
        "webpack",
        "typescript",
        "eslint",
        "postcss",
        "nanoid",
        "follow-redirects",
        "node-fetch",
        "yargs",
        "mkdirp",
        "async",
        "underscore",
        "handlebars",
        "marked",
        "ejs",
    ),
    "Go": (
        "golang.org/x/net",
        "golang.org/x/crypto",
        "golang.org/x/text",
        "golang.org/x/sys",
        "github.com/gin-gonic/gin",
        "github.com/gorilla/mux",
        "github.com/sirupsen/logrus",
        "github.com/stretchr/testify",
        "google.golang.org/grpc",
        "google.golang.org/protobuf",
        "github.com/golang-jwt/jwt/v4",
        "github.com/prometheus/client_golang",
        "gopkg.in/yaml.v3",
        "github.com/spf13/cobra",
        "github.com/docker/docker",
        "k8s.io/client-go",
    ),
    "crates.io": (
        "serde",
        "serde_json",
        "tokio",
        "hyper",
        "reqwest",
        "rand",
        "regex",
        "clap",
        "openssl",
        "time",
        "chrono",
        "smallvec",
        "h2",
        "rustls",
        "libc",
        "log",
        "anyhow",
        "thiserror",
    ),
    "Maven": (
        "org.apache.logging.log4j:log4j-core",
        "org.apache.logging.log4j:log4j-api",
        "com.fasterxml.jackson.core:jackson-databind",
        "org.springframework:spring-core",
        "org.springframework:spring-web",
        "org.yaml:snakeyaml",
        "com.google.guava:guava",
        "commons-io:commons-io",
        "org.apache.commons:commons-text",
        "io.netty:netty-codec-http",
    ),
    "RubyGems": ("rails", "rack", "nokogiri", "activesupport", "actionpack", "puma", "devise", "sidekiq"),
}
SOURCES = {
    "PyPI": "requirements.txt",
    "npm": "package-lock.json",
    "Go": "go.mod",
    "crates.io": "Cargo.lock",
    "Maven": "pom.xml",
    "RubyGems": "Gemfile.lock",
}
ECOSYSTEM_WEIGHTS = {"npm": 35, "PyPI": 25, "Go": 15, "Maven": 10, "crates.io": 10, "RubyGems": 5}
GENERATED_PER_ECOSYSTEM = 4_000
WORDS = ("auth", "cache", "core", "data", "http", "json", "log", "parse", "queue", "render", "sql", "util", "web")
# Queries and what they stand for; the versions exist in the generated data (see versions_for).
QUERIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("exact version", "lodash@4.17.20", ()),
    ("PyPI range", "django@>=3.0,<3.2.19", ()),
    ("npm range with ||", "minimist@<1.2.6 || >=2.0.0", ()),
    ("Go range", "golang.org/x/net@<0.17.0", ()),
    ("name in many projects", "lodash", ()),
    ("many projects, every scan", "lodash", ("--all-scans",)),
    ("name in none", "left-pad-never-recorded@1.3.0", ()),
)
# The real entry point, as a user runs it (`pavedroad` is `python -m pavedroad` without the script shim).
RUN_CLI = ("-m", "pavedroad")


def versions_for(ecosystem: str, name: str, rng: random.Random) -> list[str]:
    """A package's release history: 4 to 12 versions, lowest first (Go with its `v`)."""
    count = rng.randint(4, 12)
    major = rng.randint(0, 4)
    minor, patch = rng.randint(0, 20), 0
    found: list[str] = []
    for _ in range(count):
        if rng.random() < 0.3:
            minor, patch = minor + 1, 0
        else:
            patch += rng.randint(1, 3)
        found.append(f"{major}.{minor}.{patch}")
    pinned = {"lodash": "4.17.20", "django": "3.2.0", "minimist": "1.2.5", "golang.org/x/net": "0.7.0"}
    if name.lower() in pinned:
        found[len(found) // 2] = pinned[name.lower()]
    return [f"v{version}" for version in found] if ecosystem == "Go" else found


def package_universe(rng: random.Random) -> dict[str, list[tuple[str, list[str]]]]:
    """Per ecosystem: (name, versions) for the real names and the generated ones."""
    universe: dict[str, list[tuple[str, list[str]]]] = {}
    for ecosystem, known in KNOWN_PACKAGES.items():
        names = list(known)
        for number in range(GENERATED_PER_ECOSYSTEM):
            word = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{number}"
            if ecosystem == "Go":
                names.append(f"github.com/org{number % 97}/{word}")
            elif ecosystem == "Maven":
                names.append(f"com.example{number % 31}:{word}")
            else:
                names.append(word)
        universe[ecosystem] = [(name, versions_for(ecosystem, name, rng)) for name in names]
    return universe


def first_inventory(universe: dict[str, list[tuple[str, list[str]]]], size: int, rng: random.Random) -> list[Component]:
    """A project's first scan: 1 to 3 ecosystems, real names more likely than generated ones."""
    ecosystems = rng.sample(list(ECOSYSTEM_WEIGHTS), k=rng.randint(1, 3), counts=list(ECOSYSTEM_WEIGHTS.values()))
    ecosystems = list(dict.fromkeys(ecosystems))
    components: list[Component] = []
    seen: set[tuple[str, str]] = set()
    while len(components) < size:
        ecosystem = rng.choice(ecosystems)
        packages = universe[ecosystem]
        known = len(KNOWN_PACKAGES[ecosystem])
        # One draw in seven picks a real name: each project ends up with most of its ecosystems'
        # popular packages (as real projects do), so `lodash` is in nearly every npm project.
        name, versions = packages[rng.randrange(known)] if rng.random() < 0.15 else rng.choice(packages[known:])
        if (ecosystem, name) in seen:
            continue
        seen.add((ecosystem, name))
        direct = rng.random() < 0.2
        path = () if direct else (*(rng.choice(packages)[0] for _ in range(rng.randint(1, 3))), name)
        source = SOURCES[ecosystem]
        components.append(Component(ecosystem, name, rng.choice(versions), source, rng.randint(1, 5000), direct, path))
    return components


def upgraded(
    components: list[Component], universe_versions: dict[tuple[str, str], list[str]], rng: random.Random
) -> list[Component]:
    """The next scan of a project: about 5% of its packages moved to their next version."""
    result = []
    for component in components:
        versions = universe_versions[component.ecosystem, component.name]
        position = versions.index(component.version or "")
        if rng.random() < 0.05 and position + 1 < len(versions):
            component = Component(
                component.ecosystem, component.name, versions[position + 1], component.source, component.line,
                component.direct, component.dependency_path,
            )  # fmt: skip
        result.append(component)
    return result


def record_all(store: Store, arguments: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(arguments.seed)
    universe = package_universe(rng)
    universe_versions = {(e, n): v for e, packages in universe.items() for n, v in packages}
    durations: list[float] = []
    total_components = 0
    for number in range(arguments.projects):
        components = first_inventory(universe, arguments.components, rng)
        for scan in range(arguments.scans_per_project):
            if scan:
                components = upgraded(components, universe_versions, rng)
            started = time.perf_counter()
            record_inventory(
                store, f"project-{number:04d}", f"/src/project-{number:04d}", components, f"{scan:040x}", "main"
            )
            durations.append(time.perf_counter() - started)
            total_components += len(components)
        if number % 50 == 49:
            print(f"recorded {len(durations)} inventories", file=sys.stderr, flush=True)
    durations.sort()
    return {
        "inventories": len(durations),
        "components_recorded": total_components,
        "total_seconds": round(sum(durations), 3),
        "median_ms_per_inventory": round(statistics.median(durations) * 1000, 2),
        "p95_ms_per_inventory": round(durations[int(len(durations) * 0.95)] * 1000, 2),
    }


def median_ms(action: Callable[[], Any], repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(runs), 2), [round(run, 2) for run in runs]


def child_cpu_ms(action: Callable[[], Any], repeat: int) -> float:
    """Median user+system CPU time of the child process `action` runs: unlike wall time, it
    hardly moves when other work shares the machine, so runs on a busy machine compare."""
    runs = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        action()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        runs.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return round(statistics.median(runs), 2)


def split_query(query: str) -> tuple[str, str | None]:
    name, separator, selection = query[1:].rpartition("@")
    return (query[0] + name, selection) if separator else (query, None)


def time_queries(store: Store, url: str, arguments: argparse.Namespace) -> list[dict[str, Any]]:
    timings = []
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY / "src")}
    for label, query, options in QUERIES:
        package, selection = split_query(query)
        all_scans = "--all-scans" in options
        rows = affected(store, package, selection, all_scans=all_scans)
        query_store = functools.partial(affected, store, package, selection, all_scans=all_scans)
        in_process, in_process_runs = median_ms(query_store, arguments.repeat)
        command = [sys.executable, *RUN_CLI, "affected", query, *options, "--store", url, "--format", "json"]
        run_cli = functools.partial(subprocess.run, command, capture_output=True, check=True, env=environment)
        cli, cli_runs = median_ms(run_cli, arguments.cli_repeat)
        cli_cpu = child_cpu_ms(run_cli, arguments.cli_repeat)
        timings.append({
            "label": label, "query": query, "options": list(options), "rows": len(rows),
            "projects": len({row.project for row in rows}), "in_process_median_ms": in_process,
            "cli_median_ms": cli, "cli_cpu_median_ms": cli_cpu, "in_process_runs_ms": in_process_runs,
            "cli_runs_ms": cli_runs,
        })  # fmt: skip
    return timings


def git_commit() -> str:
    try:
        run = lambda *args: subprocess.run(  # noqa: E731
            ["git", "-C", str(REPOSITORY), *args], capture_output=True, text=True, check=True
        ).stdout.strip()
        return run("rev-parse", "--short", "HEAD") + ("+uncommitted" if run("status", "--porcelain", "src") else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def interpreter_start_ms(repeat: int) -> float:
    """A bare `python -c pass`: the part of the CLI time that no code of ours can remove."""
    return median_ms(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeat)[0]


def markdown(
    recording: dict[str, Any], timings: list[dict[str, Any]], bare_ms: float, arguments: argparse.Namespace
) -> str:
    recorded = (
        f"Recording: {recording['total_seconds']} s in total; per inventory median "
        f"{recording['median_ms_per_inventory']} ms, p95 {recording['p95_ms_per_inventory']} ms; "
        f"store file {recording['store_megabytes']} MB"
        if "reused" not in recording
        else f"Store reused from {recording['reused']} ({recording['store_megabytes']} MB)"
    )
    lines = [
        f"{arguments.projects * arguments.scans_per_project:,} inventories × {arguments.components} components "
        f"({arguments.projects} projects × {arguments.scans_per_project} scans), SQLite, seed {arguments.seed}",
        "",
        recorded,
        "",
        "| query | rows | projects | in-process median (ms) | CLI median (ms) | CLI CPU median (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for timing in timings:
        shown = " ".join([f"`{timing['query']}`", *timing["options"]])
        lines.append(f"| {timing['label']}: {shown} | {timing['rows']} | {timing['projects']} | "
                     f"{timing['in_process_median_ms']} | {timing['cli_median_ms']} | "
                     f"{timing['cli_cpu_median_ms']} |")  # fmt: skip
    lines.append("")
    lines.append(f"CLI times include starting Python ({bare_ms} ms for a bare `python -c pass` here) and imports.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=250)
    parser.add_argument("--scans-per-project", type=int, default=4)
    parser.add_argument("--components", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=21, help="In-process runs per query (median reported).")
    parser.add_argument("--cli-repeat", type=int, default=7, help="CLI runs per query (median reported).")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--keep", type=Path, help="Write the store here and keep it (default: a temporary file).")
    parser.add_argument(
        "--reuse", type=Path, help="Time the queries on this store, made earlier with --keep and the same arguments."
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pavedroad-affected-") as scratch:
        path = arguments.reuse or arguments.keep or Path(scratch) / "store.sqlite3"
        if not arguments.reuse:
            path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        with open_store(url) as store:
            recording = {"reused": str(path)} if arguments.reuse else record_all(store, arguments)
            recording["store_megabytes"] = round(path.stat().st_size / 1e6, 1)
            timings = time_queries(store, url, arguments)
    bare_ms = interpreter_start_ms(arguments.cli_repeat)
    table = markdown(recording, timings, bare_ms, arguments)
    print(table)
    result = {
        "date": date.today().isoformat(),
        "pavedroad_commit": git_commit(),
        "machine": {
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "load_average": os.getloadavg(),
        },
        "arguments": {key: str(value) if isinstance(value, Path) else value for key, value in vars(arguments).items()},
        "recording": recording,
        "python_start_ms": bare_ms,
        "queries": timings,
        "markdown": table,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"affected-{date.today().isoformat()}.json"
    target.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwrote {target.relative_to(REPOSITORY)}", file=sys.stderr)


if __name__ == "__main__":
    main()
