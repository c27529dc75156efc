"""A full active `pavedroad dast` scan of examples/vulnerable-app: requests sent, wall time, findings.

    .venv/bin/python benchmarks/dast.py [--repeat N] [--concurrency N]

Starts the deliberately vulnerable app on a free loopback port, runs the same scan as the
test suite (OpenAPI import, two users for IDOR, default credentials on), and reports per
run the requests sent, wall time, requests per second, findings, and whether every
vulnerable endpoint was found with no finding on a fixed twin. Target (issue 7): under 60 s.
Results go to stdout as a Markdown table and to benchmarks/results/dast-<date>.json.

No peer is run. OWASP ZAP, the obvious one, cannot be installed on this machine: it is a
Java application distributed from GitHub releases and zaproxy.org, which are unreachable
here; Debian has no zaproxy package (`apt-cache search zaproxy` is empty) and the PyPI
package `zaproxy` is only the API client (module `zapv2`), which needs a running ZAP.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parent.parent
RESULTS = REPOSITORY / "benchmarks" / "results"
APP = REPOSITORY / "examples" / "vulnerable-app"
# benchmarks/secrets.py would shadow the standard library's `secrets` the checks use.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(REPOSITORY / "src"))
sys.path.insert(0, str(REPOSITORY / "tests" / "dast"))

from pavedroad.dast.http import ScanLimits  # noqa: E402
from pavedroad.dast.scan import DastOptions, run_dast_scan  # noqa: E402

USERS = 'users:\n  - {name: alice, headers: {Authorization: Bearer token-alice}, ids: ["1"]}\n' \
        '  - {name: bob, headers: {Authorization: Bearer token-bob}, ids: ["2"]}\n'  # fmt: skip


def one_run(url: str, auth: Path, concurrency: int) -> dict[str, Any]:
    from test_dast_vulnerable_app import EXPECTED

    options = DastOptions(
        target=url, openapi=str(APP / "openapi.yaml"), auth_config=auth, try_default_credentials=True,
        check_idor=True, limits=ScanLimits(concurrency=concurrency, max_time=300),
    )  # fmt: skip
    started = time.perf_counter()
    outcome = run_dast_scan(options)
    wall = time.perf_counter() - started
    found = {(f.location.path, f.rule_id, dict(f.properties).get("parameter", "")) for f in outcome.findings}
    missed = [item for item in EXPECTED if item not in found]
    on_fixed = sorted({f"{f.rule_id} {f.location.path}" for f in outcome.findings if "/fixed/" in f.location.path})
    return {
        "requests": outcome.requests, "wall_seconds": round(wall, 2),
        "requests_per_second": round(outcome.requests / wall, 1), "findings": len(outcome.findings),
        "endpoints": outcome.endpoints, "expected_found": len(EXPECTED) - len(missed), "expected": len(EXPECTED),
        "missed": missed, "fixed_twin_findings": on_fixed, "errors": outcome.errors, "incomplete": outcome.incomplete,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    arguments = parser.parse_args()
    process = subprocess.Popen([sys.executable, str(APP / "app.py"), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[-1] + "/"
        with tempfile.TemporaryDirectory() as folder:
            auth = Path(folder) / "users.yaml"
            auth.write_text(USERS, encoding="utf-8")
            runs = []
            for number in range(arguments.repeat):
                print(f"run {number + 1}/{arguments.repeat}…", file=sys.stderr)
                runs.append(one_run(url, auth, arguments.concurrency))
    finally:
        process.terminate()
        process.wait(timeout=10)
    median_wall = statistics.median(run["wall_seconds"] for run in runs)
    print("| run | requests | wall s | req/s | findings | vulnerable endpoints found | findings on fixed twins |")
    print("|---|---|---|---|---|---|---|")
    for number, run in enumerate(runs, 1):
        print(f"| {number} | {run['requests']} | {run['wall_seconds']} | {run['requests_per_second']} | "
              f"{run['findings']} | {run['expected_found']}/{run['expected']} | {len(run['fixed_twin_findings'])} |")
    print(f"\nmedian wall time {median_wall} s (target: under 60 s); OWASP ZAP not run: not installable here.")
    record = {
        "benchmark": "dast", "date": date.today().isoformat(), "concurrency": arguments.concurrency,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average": os.getloadavg()},
        "runs": runs, "median_wall_seconds": median_wall,
        "peer": "OWASP ZAP not run: Java download from GitHub/zaproxy.org unreachable; no Debian package; "
                "PyPI 'zaproxy' is the API client only",
    }  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"dast-{date.today().isoformat()}.json").write_text(json.dumps(record, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
