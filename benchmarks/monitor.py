"""Speed and memory of `pavedroad monitor`'s ingestion: parsing alone, then parsing + detections.

    .venv/bin/python benchmarks/monitor.py [--sizes 250000,1000000] [--repeat 1] [--seed 8]

A mixed log (about 70% nginx access lines, 30% sshd/PAM/sudo/cron syslog lines, with injected
attacks: SSH brute-force bursts, scanner user agents with 404 bursts, SQL injection bursts) is
generated reproducibly (benign traffic as varied as a shop's: 5,500 clients each with its own
browser version, thousands of distinct URLs — product ids, asset hashes, session ids — URL-encoded
search terms the injection prefilter must decode, form logins; per-URL and per-agent caches are
not flattered) into a temporary directory for each size. Each scenario runs in a fresh
interpreter (`--child`) that replays the file through the real runtime (file source, automatic
format detection, drain3 templates for free text, stats) exactly like `pavedroad monitor FILE
--once` minus the printing, and reports its CPU seconds (the run is single-threaded, so lines per
CPU second is lines/s per core) and its peak RSS from resource.getrusage. Running two sizes shows
whether throughput and memory depend on the log size (they should not: reading is streamed,
detector state is bounded). Results: a Markdown table on stdout and
benchmarks/results/monitor-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from benchlib import RESULTS, machine_info, pavedroad_revision, source_digest

SCENARIOS = ("parse", "parse+detect", "parse+detect+anomaly")
BASELINE_LINES = 200_000  # the normal period the anomaly model learns from (about 2.8 hours of traffic)
BASE_TIME = datetime(2024, 3, 5, 0, 0, tzinfo=UTC)
ATTACKER_NETWORK = "203.0.113."  # every attack burst comes from here, and no benign client
SECONDS_PER_LINE = 0.05  # 1M lines span about 14 hours of traffic

WEBKIT = "AppleWebKit/537.36 (KHTML, like Gecko)"
SEARCH_WORDS = ("boots", "running shoes", "rain jacket", "socks", "gift card", "sale", "kids", "wool hat", "größe 42",
                "trail", "waterproof", "sandals", "backpack", "return policy", "size guide")  # fmt: skip
CATEGORIES = ("men", "women", "kids", "outdoor", "sale", "new-in", "accessories")
SCANNERS = ("sqlmap/1.7.2#stable (https://sqlmap.org)", "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000042)")
INJECTIONS = ("/products?id=1%20UNION%20ALL%20SELECT%20NULL%2CNULL--", "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
              "/download?file=..%2F..%2F..%2Fetc%2Fpasswd", "/products?id=1%27%20OR%20SLEEP(5)--%20-")  # fmt: skip


def _browser(rng: random.Random) -> str:
    """One of a few hundred distinct browser User-Agent strings (versions vary as in real logs)."""
    major = rng.randrange(110, 124)
    choice = rng.randrange(4)
    if choice == 0:
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {WEBKIT} Chrome/{major}.0.0.0 Safari/537.36"
    if choice == 1:
        mac = f"Macintosh; Intel Mac OS X 14_{rng.randrange(6)}"
        return f"Mozilla/5.0 ({mac}) {WEBKIT} Version/17.{rng.randrange(5)} Safari/605.1.15"
    if choice == 2:
        return f"Mozilla/5.0 (X11; Linux x86_64; rv:{major}.0) Gecko/20100101 Firefox/{major}.0"
    return f"Mozilla/5.0 (iPhone; CPU iPhone OS 17_{rng.randrange(5)} like Mac OS X) {WEBKIT} Mobile/15E148"


def _page(rng: random.Random) -> tuple[str, str, int, int]:
    """A benign request (method, target, status, bytes): thousands of distinct URLs, encoded queries."""
    choice = rng.random()
    if choice < 0.3:
        return "GET", f"/products/{rng.randrange(1, 20000)}", 200, rng.randrange(4000, 30000)
    if choice < 0.45:
        word = quote_plus(rng.choice(SEARCH_WORDS))
        return "GET", f"/search?q={word}&page={rng.randrange(1, 6)}", 200, rng.randrange(2000, 20000)
    if choice < 0.55:
        return "GET", f"/category/{rng.choice(CATEGORIES)}?sort=price&page={rng.randrange(1, 30)}", 200, 15000
    if choice < 0.75:
        asset = rng.choice(("app.js", "app.css", "logo.svg", "vendor.js"))
        return "GET", f"/static/{asset}?v={rng.getrandbits(32):08x}", 200, rng.randrange(300, 90000)
    if choice < 0.88:
        return "GET", f"/api/cart?session={rng.getrandbits(64):016x}", 200, rng.randrange(100, 900)
    if choice < 0.9:  # one login in ten fails: about 17 failures per 10 minutes, from as many clients
        return "POST", "/login", 401 if rng.random() < 0.1 else 200, 512
    if choice < 0.97:
        return "GET", "/", 200, 5120
    return "GET", f"/missing-{rng.randrange(1000)}", 404, 153


def generate(path: Path, count: int, seed: int, *, attacks: bool = True) -> dict[str, int]:
    """Write `count` lines of mixed traffic (with attacks unless told not to) to `path`; how many of each."""
    rng = random.Random(seed)
    clients = [f"192.0.2.{index}" for index in range(1, 200)] + [f"198.51.100.{index}" for index in range(1, 120)]
    clients += [f"10.{index // 250}.{index % 250}.7" for index in range(5000)]
    agents = {client: _browser(rng) for client in clients}  # each client keeps its browser
    written = {"nginx": 0, "auth": 0, "attack": 0}
    burst: list[str] = []
    attackers: set[str] = set()
    with path.open("w", encoding="utf-8", buffering=1 << 20) as handle:
        for index in range(count):
            when = BASE_TIME + timedelta(seconds=index * SECONDS_PER_LINE)
            if attacks and not burst and rng.random() < 0.0005:
                attacker, burst = _attack_burst(rng, when)
                attackers.add(attacker)
            if burst:
                handle.write(burst.pop())
                written["attack"] += 1
                continue
            if rng.random() < 0.7:
                method, target, status, size = _page(rng)
                ip = rng.choice(clients)
                referer = f"https://shop.example.com/products/{rng.randrange(1, 20000)}"
                handle.write(f'{ip} - - [{when:%d/%b/%Y:%H:%M:%S} +0000] "{method} {target} HTTP/1.1" {status} {size} '
                             f'"{referer}" "{agents[ip]}"\n')  # fmt: skip
                written["nginx"] += 1
            else:
                handle.write(_auth_line(rng, when, rng.choice(clients)))
                written["auth"] += 1
    written["attacking_addresses"] = len(attackers)
    return written


def _syslog(when: datetime, program: str, pid: int, message: str) -> str:
    return f"{when:%Y-%m-%dT%H:%M:%S}.{when.microsecond:06d}+00:00 web-{pid % 3} {program}[{pid}]: {message}\n"


def _auth_line(rng: random.Random, when: datetime, ip: str) -> str:
    pid = rng.randrange(1000, 60000)
    choice = rng.random()
    if choice < 0.35:
        return _syslog(when, "sshd", pid, f"Accepted publickey for deploy from {ip} port {pid} ssh2: ED25519 SHA256:x")
    if choice < 0.6:
        return _syslog(when, "CRON", pid, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)")
    if choice < 0.75:
        return _syslog(when, "sshd", pid, f"Failed password for deploy from {ip} port {pid} ssh2")
    if choice < 0.85:
        command = "/usr/bin/systemctl restart app"
        return _syslog(when, "sudo", pid, f"  deploy : TTY=pts/0 ; PWD=/srv/app ; USER=root ; COMMAND={command}")
    # free text: goes through drain3 template mining
    return _syslog(when, "systemd", 1, f"Started session-{pid}.scope - Session {pid} of User deploy.")


def _attack_burst(rng: random.Random, when: datetime) -> tuple[str, list[str]]:
    attacker = f"{ATTACKER_NETWORK}{rng.randrange(1, 250)}"
    kind = rng.randrange(3)
    lines = []
    for step in range(40):
        moment = when + timedelta(milliseconds=step * 300)
        if kind == 0:
            message = f"Failed password for root from {attacker} port {40000 + step} ssh2"
            lines.append(_syslog(moment, "sshd", 7000 + step, message))
        else:
            target = rng.choice(INJECTIONS) if kind == 1 else f"/probe-{step}.php"
            lines.append(f'{attacker} - - [{moment:%d/%b/%Y:%H:%M:%S} +0000] "GET {target} HTTP/1.1" '
                         f'{404 if kind == 2 else 200} 153 "-" "{rng.choice(SCANNERS)}"\n')  # fmt: skip
    lines.reverse()  # popped from the end
    return attacker, lines


# ---------------------------------------------------------------- the measured child


def _use_package_not_this_folder() -> None:
    # benchmarks/secrets.py would shadow the standard library's `secrets` (numpy imports it)
    here = Path(__file__).resolve().parent
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != here]


def train_model(baseline: Path, model: Path) -> dict[str, Any]:
    """Fit the anomaly model on the attack-free `baseline` log, as a user would; save it to `model`."""
    _use_package_not_this_folder()
    from pavedroad.monitor.detect import train_baseline
    from pavedroad.monitor.ingest.offsets import OffsetStore
    from pavedroad.monitor.ingest.open import SourceRequest, open_sources
    from pavedroad.monitor.parsers.registry import build_parser
    from pavedroad.monitor.runtime import RunStats
    from pavedroad.monitor.templates import TemplateAnnotator

    stats = RunStats()
    templates = TemplateAnnotator()
    (source,) = open_sources(SourceRequest(files=[baseline], follow=False), stats.ingest, OffsetStore(None))

    def events() -> Any:
        parser = build_parser("auto", str(baseline))
        while lines := source.poll(2000):
            for text, origin in lines:
                event = parser.parse(text, origin)
                if event is not None:
                    yield templates.annotate(event)

    started = time.process_time()
    fitted = train_baseline(events(), {})
    fitted.save(model)
    return {"windows": int(fitted.training.shape[0]), "features": len(fitted.feature_names),
            "windows_by_kind": {kind: int(base.training.shape[0]) for kind, base in fitted.baselines.items()},
            "cpu_seconds": round(time.process_time() - started, 1)}  # fmt: skip


class AnomalyTally:
    """An alert sink counting anomaly alerts on the generated attackers' addresses and on others."""

    name = "anomaly-tally"

    def __init__(self) -> None:
        self.attacker = self.benign = 0
        self.attackers: set[str] = set()

    def send(self, alert: Any) -> None:
        if alert.rule_id.startswith("anomaly/"):
            if alert.entity.startswith(f"ip:{ATTACKER_NETWORK}"):
                self.attacker += 1
                self.attackers.add(alert.entity)
            else:
                self.benign += 1

    def close(self) -> None:
        pass

    def to_dict(self) -> dict[str, int]:
        return {"on_attackers": self.attacker, "on_others": self.benign, "attackers_flagged": len(self.attackers)}


def run_child(scenario: str, log: Path, model: Path | None = None) -> dict[str, Any]:
    """Replay `log` through the runtime in this process; its counts, CPU time and peak RSS."""
    _use_package_not_this_folder()
    from pavedroad.monitor.detect import build_detectors
    from pavedroad.monitor.ingest.offsets import OffsetStore
    from pavedroad.monitor.ingest.open import SourceRequest, open_sources
    from pavedroad.monitor.parsers.registry import build_parser
    from pavedroad.monitor.runtime import MonitorRuntime, RunStats, RuntimeSettings
    from pavedroad.monitor.templates import TemplateAnnotator

    config = {"detect": {"anomaly": {"model_path": str(model)}}} if scenario == "parse+detect+anomaly" else {}
    detectors = build_detectors(config) if scenario != "parse" else []
    stats = RunStats()
    sources = open_sources(SourceRequest(files=[log], follow=False), stats.ingest, OffsetStore(None))
    anomalies = AnomalyTally()
    runtime = MonitorRuntime(
        sources, lambda source: build_parser("auto", source), detectors, [anomalies],
        settings=RuntimeSettings(once=True), stats=stats, templates=TemplateAnnotator(),
    )  # fmt: skip
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    runtime.run()
    cpu, wall = time.process_time() - cpu_before, time.perf_counter() - wall_before
    return {
        "scenario": scenario,
        "detectors": [getattr(detector, "name", type(detector).__name__) for detector in detectors],
        "lines": stats.ingest.lines,
        "parsed": sum(stats.parsed.values()),
        "unparsable": stats.unparsable,
        "alerts": sum(stats.alerts.values()),
        "alerts_by_rule": dict(sorted(stats.alerts.items())),
        "anomaly_alerts": anomalies.to_dict(),
        "cpu_seconds": round(cpu, 3),
        "wall_seconds": round(wall, 3),
        "lines_per_cpu_second": round(stats.ingest.lines / cpu) if cpu else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000, 1),
    }


def measure(scenario: str, log: Path, model: Path) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", scenario, str(log), str(model)], capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    if completed.returncode != 0:
        raise SystemExit(f"{scenario} on {log.name} failed:\n{completed.stderr}")
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="250000,1000000", help="line counts to generate, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="runs per scenario and size (the median is kept)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help="scenarios to run, comma-separated")
    parser.add_argument("--child", nargs=3, metavar=("SCENARIO", "LOG", "MODEL"), help=argparse.SUPPRESS)
    parser.add_argument("--train", nargs=2, metavar=("BASELINE", "MODEL"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.train:
        print(json.dumps(train_model(Path(arguments.train[0]), Path(arguments.train[1]))))
        return
    if arguments.child:
        print(json.dumps(run_child(arguments.child[0], Path(arguments.child[1]), Path(arguments.child[2]))))
        return
    sizes = [int(size) for size in arguments.sizes.split(",")]
    record: dict[str, Any] = {
        "benchmark": "monitor ingestion",
        "date": date.today().isoformat(),
        "machine": machine_info(),
        "pavedroad_revision": pavedroad_revision(),
        "source_digest_before": source_digest(),
        "method": __doc__,
        "runs": [],
    }
    scenarios = arguments.scenarios.split(",")
    with tempfile.TemporaryDirectory(prefix="pavedroad-monitor-bench-") as folder:
        model = Path(folder) / "baseline-model.json"
        if "parse+detect+anomaly" in scenarios:
            baseline = Path(folder) / "baseline.log"
            generate(baseline, BASELINE_LINES, arguments.seed + 1, attacks=False)
            # trained in a child: ru_maxrss survives fork and exec, so a parent grown by training
            # would lend its peak to every measured child
            trained = subprocess.run(
                [sys.executable, __file__, "--train", str(baseline), str(model)], capture_output=True, text=True,
                check=True,
            )  # fmt: skip
            record["anomaly_model"] = {"baseline_lines": BASELINE_LINES, **json.loads(trained.stdout)}
            print(f"anomaly model: {record['anomaly_model']}", file=sys.stderr)
        for size in sizes:
            log = Path(folder) / f"mixed-{size}.log"
            started = time.perf_counter()
            written = generate(log, size, arguments.seed)
            print(f"generated {size} lines ({log.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f}s",
                  file=sys.stderr)  # fmt: skip
            for scenario in scenarios:
                runs = []
                for index in range(arguments.repeat):
                    print(f"[{index + 1}/{arguments.repeat}] {scenario} on {size} lines ...", file=sys.stderr)
                    runs.append(measure(scenario, log, model))
                best = sorted(runs, key=lambda run: run["cpu_seconds"])[len(runs) // 2]
                record["runs"].append({"size": size, "bytes": log.stat().st_size, "generated": written, **best,
                                       "all_cpu_seconds": [run["cpu_seconds"] for run in runs]})  # fmt: skip
    record["source_digest_after"] = source_digest()
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = RESULTS / f"monitor-{record['date']}.json"
    output.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print("| scenario | lines | detectors | lines/s per core | wall s | peak RSS MB | alerts | anomaly alerts |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for run in record["runs"]:
        tally = run["anomaly_alerts"]
        addresses = f"{tally['attackers_flagged']} of {run['generated']['attacking_addresses']} addresses"
        anomalies = f"{tally['on_attackers']} on attackers ({addresses}), {tally['on_others']} on others"
        print(f"| {run['scenario']} | {run['lines']:,} | {len(run['detectors'])} | {run['lines_per_cpu_second']:,} "
              f"| {run['wall_seconds']} | {run['peak_rss_mb']} | {run['alerts']} | {anomalies} |")  # fmt: skip
    print(f"\nwritten to {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
