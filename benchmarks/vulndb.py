"""Speed of the vulnerability database: a full `db import` of the shared OSV data, building
from the bundled snapshot, and matching a 10,000-component inventory.

    .venv/bin/python benchmarks/vulndb.py [--osv PATH] [--repeat N] [--components N] [--seed N]

The inventories are generated reproducibly (fixed seed) from the imported database: three
quarters are packages that have advisories and one quarter names no advisory mentions.
- typical: 90% of the known packages are at the highest version their advisories mention
  (usually the latest fix: mostly not vulnerable), 10% at a random version the advisories
  mention (an `introduced`/`fixed`/`last_affected` bound or a listed version).
- mixed: every known package at a random version its advisories mention (~40% vulnerable).
- worst case: every known package at an old version (0.x/1.x): most are vulnerable
  several times over. Results go to stdout as a Markdown
table and to benchmarks/results/vulndb-<date>.json. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import random
import sqlite3
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
DEFAULT_OSV = Path(os.environ.get("PAVEDROAD_SHARED", REPOSITORY.parent / "shared")) / "data" / "osv"
SCANNED_ECOSYSTEMS = (
    "PyPI",
    "Go",
    "crates.io",
    "Julia",
    "Hackage",
    "CRAN",
    "Bitnami",
    "GHC",
    "AlmaLinux:8",
    "AlmaLinux:9",
)
MISS_ECOSYSTEMS = ("npm", "PyPI", "Go", "crates.io", "Maven")
OLD_VERSIONS = ("0.1.0", "0.9.1", "1.0.0", "1.2.3")
INVENTORIES = ("typical", "mixed", "worst")
# Matching timed in a new interpreter: no parsed-version caches, as in a one-shot CLI scan.
FRESH_PROCESS_MATCH = """
import pickle, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from pavedroad.vulndb.match import find_vulnerabilities
from pavedroad.vulndb.store import VulnerabilityDatabase
components = pickle.loads(Path(sys.argv[3]).read_bytes())
started, cpu_started = time.perf_counter(), time.process_time()
with VulnerabilityDatabase(Path(sys.argv[2])) as db:
    find_vulnerabilities(db, components)
print(time.perf_counter() - started, time.process_time() - cpu_started)
"""

sys.path.insert(0, str(REPOSITORY / "src"))

from pavedroad.core.components import Component  # noqa: E402
from pavedroad.vulndb.importer import import_paths  # noqa: E402
from pavedroad.vulndb.match import find_vulnerabilities  # noqa: E402
from pavedroad.vulndb.snapshot import SNAPSHOT_FILE, build_from_snapshot  # noqa: E402
from pavedroad.vulndb.store import VulnerabilityDatabase  # noqa: E402
from pavedroad.vulndb.versions import order_for_component  # noqa: E402


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def known_versions(database: Path) -> dict[tuple[str, str], list[str]]:
    """Every (ecosystem, name) with advisories, and the versions its advisories mention."""
    versions: dict[tuple[str, str], set[str]] = {}
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT ecosystem, name, ranges, versions FROM affected WHERE withdrawn = 0 "
            f"AND ecosystem IN ({','.join('?' * len(SCANNED_ECOSYSTEMS))})",
            SCANNED_ECOSYSTEMS,
        )
        for ecosystem, name, ranges, listed in rows:
            found = versions.setdefault((ecosystem, name), set())
            found.update(v for _, events in json.loads(ranges) for _, v in events if v != "0")
            found.update(json.loads(listed))
    return {key: sorted(values) for key, values in sorted(versions.items()) if values}


def inventory(known: dict[tuple[str, str], list[str]], size: int, seed: int, kind: str) -> list[Component]:
    """`size` components: 3/4 packages with advisories, 1/4 names that have none."""
    rng = random.Random(seed)
    packages = list(known)
    components = []
    for index in range(size):
        if index % 4 == 3:
            ecosystem = MISS_ECOSYSTEMS[index % len(MISS_ECOSYSTEMS)]
            components.append(Component(ecosystem, f"no-advisory-package-{index}", "1.0.0", "bench.lock", index))
            continue
        ecosystem, name = rng.choice(packages)
        mentioned = known[(ecosystem, name)]
        if kind == "worst":
            version = rng.choice(OLD_VERSIONS)
        elif kind == "typical" and rng.random() < 0.9:
            version = highest(ecosystem, mentioned)
        else:
            version = rng.choice(mentioned)
        components.append(Component(ecosystem, name, version, "bench.lock", index))
    return components


def highest(ecosystem: str, versions: list[str]) -> str:
    """The highest of `versions` in the ecosystem's order (the last one as written if none parse)."""
    order = order_for_component(ecosystem)
    valid = order.sorted(versions)
    return valid[-1] if valid else versions[-1]


def match_in_fresh_process(database: Path, components: list[Component], scratch: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) to open the database and match `components`, timed inside a new
    interpreter. CPU time is what to compare on a machine shared with other work."""
    pickled = scratch / "inventory.pickle"
    pickled.write_bytes(pickle.dumps(components))
    completed = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS_MATCH, str(REPOSITORY / "src"), str(database), str(pickled)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    wall, cpu = completed.stdout.split()
    return float(wall), float(cpu)


def git_commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPOSITORY), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPOSITORY), "status", "--porcelain", "src"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+uncommitted" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--osv", type=Path, default=DEFAULT_OSV, help="directory of OSV files to import")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--components", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261129)
    arguments = parser.parse_args()

    runs: dict[str, list[float]] = {"import": [], "snapshot": []}
    for kind in INVENTORIES:
        runs[f"match_{kind}_fresh_process"], runs[f"match_{kind}_fresh_process_cpu"] = [], []
        runs[f"match_{kind}_warm"], runs[f"upgrades_{kind}"] = [], []
    facts: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="pavedroad-bench-") as scratch:
        database = Path(scratch) / "vulndb.sqlite3"
        for attempt in range(arguments.repeat):
            print(f"import {attempt + 1}/{arguments.repeat}: {arguments.osv}", file=sys.stderr)
            seconds, report = timed(lambda: import_paths(database, [arguments.osv], replace=True))
            runs["import"].append(seconds)
            facts["import"] = {"records": report.records, "skipped": report.skipped, "bytes": database.stat().st_size}
        for attempt in range(arguments.repeat):
            print(f"snapshot build {attempt + 1}/{arguments.repeat}", file=sys.stderr)
            target = Path(scratch) / f"snapshot-{attempt}.sqlite3"
            seconds, report = timed(lambda target=target: build_from_snapshot(target))  # type: ignore[misc]
            runs["snapshot"].append(seconds)
            facts["snapshot"] = {"records": report.records, "file_bytes": SNAPSHOT_FILE.stat().st_size}

        known = known_versions(database)
        inventories = {kind: inventory(known, arguments.components, arguments.seed, kind) for kind in INVENTORIES}
        for attempt in range(arguments.repeat):
            print(f"match {attempt + 1}/{arguments.repeat}", file=sys.stderr)
            for kind, components in inventories.items():
                wall, cpu = match_in_fresh_process(database, components, Path(scratch))
                runs[f"match_{kind}_fresh_process"].append(wall)
                runs[f"match_{kind}_fresh_process_cpu"].append(cpu)
                with VulnerabilityDatabase(database) as db:
                    seconds, result = timed(lambda db=db, components=components: find_vulnerabilities(db, components))  # type: ignore[misc]
                runs[f"match_{kind}_warm"].append(seconds)
                # What the analyzer does next: the smallest safe upgrade for every vulnerable component.
                seconds, _ = timed(lambda result=result: [result.safe_upgrade(m.component) for m in result])  # type: ignore[misc]
                runs[f"upgrades_{kind}"].append(seconds)
                facts[f"match_{kind}"] = {
                    "components": len(components),
                    "distinct_packages": len({(c.ecosystem, c.name) for c in components}),
                    "vulnerable_components": len({m.component for m in result.matches}),
                    "matches": len(result.matches),
                    "problems": len(result.problems),
                }

    medians = {name: statistics.median(values) for name, values in runs.items()}
    record = {
        "date": date.today().isoformat(),
        "pavedroad_commit": git_commit(),
        "machine": {
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "load_average": os.getloadavg(),
        },
        "osv": str(arguments.osv),
        "seed": arguments.seed,
        "runs_seconds": runs,
        "median_seconds": medians,
        "facts": facts,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = RESULTS / f"vulndb-{record['date']}.json"
    output.write_text(json.dumps(record, indent=2) + "\n")
    print("| measurement | median (s) | target | notes |")
    print("|---|---:|---|---|")
    print(
        f"| full `db import` of {arguments.osv.name}/ | {medians['import']:.2f} | < 60 s | "
        f"{facts['import']['records']} records, {facts['import']['bytes'] / 1e6:.0f} MB database |"
    )
    print(
        f"| first-use build from the bundled snapshot | {medians['snapshot']:.2f} | a few s | "
        f"{facts['snapshot']['records']} records |"
    )
    for kind in INVENTORIES:
        found = facts[f"match_{kind}"]
        print(
            f"| match {found['components']} components ({kind}), fresh process | "
            f"{medians[f'match_{kind}_fresh_process']:.2f} | < 1 s | {found['distinct_packages']} packages, "
            f"{found['vulnerable_components']} vulnerable components, {found['matches']} matches |"
        )
        print(f"| same, CPU time of that process | {medians[f'match_{kind}_fresh_process_cpu']:.2f} | < 1 s | |")
        print(f"| same, warm caches (long-running process) | {medians[f'match_{kind}_warm']:.2f} | < 1 s | |")
        print(f"| then the smallest safe upgrade of every match | {medians[f'upgrades_{kind}']:.2f} | | |")
    print(f"\nwrote {output.relative_to(REPOSITORY)}", file=sys.stderr)


if __name__ == "__main__":
    main()
