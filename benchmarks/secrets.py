"""Speed and memory of pavedroad's secrets scan next to Yelp's detect-secrets, on one real tree.

    .venv/bin/python benchmarks/secrets.py [--repeat N] [--corpus PATH] [--quick]

The corpus (by default the project venv's site-packages: thousands of files nobody here
wrote) is copied to a temporary directory so that pavedroad's cache never lands in the
source tree. Each peer runs from its own venv under benchmarks/.venvs/. Results go to
stdout as a Markdown table and to benchmarks/results/secrets-<date>.json.
See benchmarks/README.md for what is measured and the caveats.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

REPOSITORY = Path(__file__).resolve().parent.parent
PROJECT_VENV = REPOSITORY / ".venv"
PEER_VENVS = REPOSITORY / "benchmarks" / ".venvs"
RESULTS = REPOSITORY / "benchmarks" / "results"
DETECT_SECRETS_REQUIREMENT = "detect-secrets==1.5.0"
# detect-secrets reads files of any size, so pavedroad gets a limit no file here reaches
NO_SIZE_LIMIT = 100_000_000
QUICK_BUDGET_BYTES = 5_000_000
SAMPLE_SECONDS = 0.05
GNU_TIME = Path("/usr/bin/time")
MEGABYTE = 1_000_000
KILOBYTES_PER_MEGABYTE = 1000

# Counts what detect-secrets itself would open with the flags we time, and how many of
# those decode as text (it drops the rest on UnicodeDecodeError). Runs in its own venv.
DETECT_SECRETS_FILE_COUNT = """
from detect_secrets.core.scan import _is_filtered_out, get_files_to_scan
from detect_secrets.core.usage import ParserBuilder

ParserBuilder().add_console_use_arguments().parse_args(["scan", "--all-files", "--no-verify", "."])
candidates = [
    name for name in get_files_to_scan(".", should_scan_all_files=True)
    if not _is_filtered_out(required_filter_parameters=["filename"], filename=name)
]
text = 0
for name in candidates:
    try:
        with open(name) as handle:
            handle.read()
    except (UnicodeDecodeError, OSError):
        continue
    text += 1
print(len(candidates), text)
"""


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """The tree both tools scan: regular files only, symlinks excluded."""

    source: str
    subset: str
    files: int
    megabytes: float
    manifest_sha256: str


@dataclass(frozen=True, slots=True)
class Measurement:
    """One timed process: wall and CPU time, and memory three ways (see README)."""

    wall_seconds: float
    cpu_seconds: float
    max_process_rss_mb: float
    tree_peak_rss_mb: float | None
    tree_peak_pss_mb: float | None
    exit_code: int
    load_average_before: float


@dataclass(frozen=True, slots=True)
class Scenario:
    """A command to time, where its stdout goes, and whether pavedroad's cache is wiped first."""

    name: str
    tool: str
    command: list[str]
    stdout: Path
    wipe_cache: bool


# ---------------------------------------------------------------- corpus


def regular_files(root: Path) -> Iterator[Path]:
    """Regular files under root (or root itself), never following or counting symlinks."""
    if root.is_symlink():
        return
    if root.is_file():
        yield root
        return
    for directory, _, names in os.walk(root):
        for name in names:
            path = Path(directory, name)
            if path.is_file() and not path.is_symlink():
                yield path


def corpus_manifest(root: Path) -> str:
    """SHA-256 of the sorted (path, size) list: equal digests mean runs scanned the same tree."""
    entries = sorted(f"{path.relative_to(root).as_posix()}\t{path.stat().st_size}" for path in regular_files(root))
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def corpus_size(root: Path) -> tuple[int, int]:
    """(file count, bytes) of the regular files under root."""
    sizes = [path.stat().st_size for path in regular_files(root)]
    return len(sizes), sum(sizes)


def default_corpus() -> Path:
    candidates = sorted(PROJECT_VENV.glob("lib/python3*/site-packages"))
    if not candidates:
        raise SystemExit(f"no site-packages under {PROJECT_VENV}; pass --corpus PATH")
    return candidates[0]


def copy_entry(entry: Path, target: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.copytree(entry, target, symlinks=True)
    else:
        shutil.copy2(entry, target, follow_symlinks=False)


def copy_corpus(source: Path, destination: Path, budget: int | None) -> None:
    """Copy source's top-level entries in name order; with a budget, only those that fit."""
    destination.mkdir()
    copied = 0
    for entry in sorted(source.iterdir()):
        if budget is not None:
            size = corpus_size(entry)[1]
            if copied + size > budget:
                continue
            copied += size
        copy_entry(entry, destination / entry.name)


def prepare_corpus(source: Path, workdir: Path, quick: bool) -> tuple[Path, CorpusStats]:
    corpus = workdir / "corpus"
    copy_corpus(source, corpus, QUICK_BUDGET_BYTES if quick else None)
    files, size = corpus_size(corpus)
    subset = f"top-level entries in name order up to {QUICK_BUDGET_BYTES // MEGABYTE} MB" if quick else "all"
    return corpus, CorpusStats(str(source), subset, files, round(size / MEGABYTE, 2), corpus_manifest(corpus))


def wipe_pavedroad_state(corpus: Path) -> None:
    shutil.rmtree(corpus / ".pavedroad", ignore_errors=True)


# ---------------------------------------------------------------- tools


def pavedroad_executable() -> Path:
    candidate = PROJECT_VENV / "bin" / "pavedroad"
    found = candidate if candidate.exists() else shutil.which("pavedroad")
    if not found:
        raise SystemExit("pavedroad is not installed: run `make` or `pip install -e .` first")
    return Path(found)


def installed_version(python: Path, distribution: str) -> str | None:
    probe = "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))"
    completed = subprocess.run([str(python), "-c", probe, distribution], capture_output=True, text=True)
    return completed.stdout.strip() if completed.returncode == 0 else None


def ensure_peer_venv(name: str, requirement: str) -> Path:
    """benchmarks/.venvs/<name> with exactly `requirement` installed; returns its bin/."""
    venv = PEER_VENVS / name
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
    distribution, _, version = requirement.partition("==")
    if installed_version(python, distribution) != version:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", requirement], check=True)
    return venv / "bin"


def tool_version(executable: Path) -> str:
    completed = subprocess.run([str(executable), "--version"], capture_output=True, text=True, check=True)
    # "pavedroad, version 0.1.0" and "1.5.0" alike: the version is the last word
    return completed.stdout.split()[-1]


def pavedroad_revision() -> str:
    """The repository commit pavedroad runs from (an editable install), marked when src/ has edits."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPOSITORY, capture_output=True, text=True)
    if head.returncode != 0:
        return "unknown"
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "src"], cwd=REPOSITORY, capture_output=True, text=True
    )
    return head.stdout.strip() + ("+uncommitted" if status.stdout.strip() else "")


def detect_secrets_file_count(peer_bin: Path, corpus: Path) -> dict[str, int]:
    completed = subprocess.run(
        [str(peer_bin / "python"), "-c", DETECT_SECRETS_FILE_COUNT],
        cwd=corpus,
        capture_output=True,
        text=True,
        check=True,
    )
    candidates, text = (int(value) for value in completed.stdout.split())
    return {"after_filename_filters": candidates, "decodable_as_text": text}


# ---------------------------------------------------------------- measuring


def process_tree(root_pid: int) -> list[int]:
    """root_pid and every live descendant, from the parent links in /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            parent = parent_pid(int(name))
            if parent is not None:
                children.setdefault(parent, []).append(int(name))
    tree, frontier = [], [root_pid]
    while frontier:
        pid = frontier.pop()
        tree.append(pid)
        frontier.extend(children.get(pid, ()))
    return tree


def parent_pid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name in parentheses may hold spaces; state and ppid follow the last ')'
    return int(stat.rpartition(")")[2].split()[1])


def resident_kilobytes(pid: int) -> tuple[int, int]:
    """(Rss, Pss) in kB from /proc/<pid>/smaps_rollup; (0, 0) once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            values[key] = int(rest.split()[0])
    return values.get("Rss", 0), values.get("Pss", 0)


class TreeSampler:
    """Polls the summed RSS and PSS of a process tree until stopped; keeps the peaks."""

    available = Path("/proc/self/smaps_rollup").exists()

    def __init__(self, root_pid: int, include_root: bool) -> None:
        self.root_pid = root_pid
        self.include_root = include_root
        self.peak_rss_kb = 0
        self.peak_pss_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        if self.available:
            self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while True:
            self._sample()
            if self._stop.wait(SAMPLE_SECONDS):
                return

    def _sample(self) -> None:
        pids = process_tree(self.root_pid)
        if not self.include_root:
            pids = pids[1:]
        totals = [resident_kilobytes(pid) for pid in pids]
        self.peak_rss_kb = max(self.peak_rss_kb, sum(rss for rss, _ in totals))
        self.peak_pss_kb = max(self.peak_pss_kb, sum(pss for _, pss in totals))


def parse_gnu_time(report: str) -> tuple[float, float]:
    """(max RSS in kB, user+system seconds) from `/usr/bin/time -v` output."""
    values = {}
    for line in report.splitlines():
        key, separator, value = line.strip().rpartition(": ")
        if separator:
            values[key] = value
    cpu = float(values["User time (seconds)"]) + float(values["System time (seconds)"])
    return float(values["Maximum resident set size (kbytes)"]), cpu


def wait_with_usage(process: subprocess.Popen[bytes]) -> tuple[int, Any]:
    """Reap the child with wait4, which also returns its rusage (and its reaped descendants')."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage


def measure(command: Sequence[str], cwd: Path, stdout: Path, stderr: Path) -> Measurement:
    """Run command once; wall time, CPU time, largest-process RSS and sampled tree RSS/PSS."""
    use_gnu_time = GNU_TIME.exists()
    time_report = stderr.with_suffix(".time")
    wrapped = [str(GNU_TIME), "-v", "-o", str(time_report), *command] if use_gnu_time else list(command)
    load_before = os.getloadavg()[0]
    with stdout.open("wb") as out, stderr.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(wrapped, cwd=cwd, stdout=out, stderr=err)
        with TreeSampler(process.pid, include_root=not use_gnu_time) as sampler:
            exit_code, usage = wait_with_usage(process)
            wall = time.perf_counter() - started
    if use_gnu_time:
        max_rss_kb, cpu = parse_gnu_time(time_report.read_text())
    else:
        max_rss_kb, cpu = float(usage.ru_maxrss), usage.ru_utime + usage.ru_stime
    return Measurement(
        wall_seconds=round(wall, 3),
        cpu_seconds=round(cpu, 2),
        max_process_rss_mb=round(max_rss_kb / KILOBYTES_PER_MEGABYTE, 1),
        tree_peak_rss_mb=round(sampler.peak_rss_kb / KILOBYTES_PER_MEGABYTE, 1) if sampler.available else None,
        tree_peak_pss_mb=round(sampler.peak_pss_kb / KILOBYTES_PER_MEGABYTE, 1) if sampler.available else None,
        exit_code=exit_code,
        load_average_before=round(load_before, 2),
    )


def memory_method() -> str:
    largest = "GNU time -v" if GNU_TIME.exists() else "os.wait4 rusage"
    sampled = f"/proc smaps_rollup every {SAMPLE_SECONDS}s" if TreeSampler.available else "unavailable"
    return (
        f"max_process_rss_mb: {largest} (ru_maxrss: the largest single process of the tree, "
        f"so one pool worker or the parent, not their sum); tree_peak_rss_mb / tree_peak_pss_mb: "
        f"sum over the whole process tree sampled from {sampled} (RSS counts fork-shared pages "
        f"once per process, PSS splits them)"
    )


# ---------------------------------------------------------------- scenarios


def pavedroad_command(pavedroad: Path, corpus: Path, output: str, *extra: str) -> list[str]:
    return [
        str(pavedroad),
        "scan",
        str(corpus),
        "--analyzers",
        "secrets",
        "--format",
        "json",
        "--output",
        output,
        "--no-baseline",
        "--max-file-size",
        str(NO_SIZE_LIMIT),
        *extra,
    ]


def build_scenarios(pavedroad: Path, peer_bin: Path, corpus: Path, workdir: Path) -> list[Scenario]:
    """Cold must precede warm: the warm rescan reuses the cache the cold run wrote."""
    devnull = Path(os.devnull)
    return [
        Scenario("pavedroad cold", "pavedroad", pavedroad_command(pavedroad, corpus, os.devnull), devnull, True),
        Scenario("pavedroad warm", "pavedroad", pavedroad_command(pavedroad, corpus, os.devnull), devnull, False),
        Scenario(
            "pavedroad --no-cache",
            "pavedroad",
            pavedroad_command(pavedroad, corpus, os.devnull, "--no-cache"),
            devnull,
            True,
        ),
        Scenario(
            "detect-secrets",
            "detect-secrets",
            # --no-verify: otherwise it calls third-party APIs for some matches; pavedroad never does
            [str(peer_bin / "detect-secrets"), "scan", "--all-files", "--no-verify", "."],
            workdir / "detect-secrets.json",
            False,
        ),
    ]


def run_all(scenarios: list[Scenario], corpus: Path, workdir: Path, repeat: int) -> dict[str, list[Measurement]]:
    runs: dict[str, list[Measurement]] = {scenario.name: [] for scenario in scenarios}
    for index in range(repeat):
        for scenario in scenarios:
            if scenario.wipe_cache:
                wipe_pavedroad_state(corpus)
            print(f"[{index + 1}/{repeat}] {scenario.name} ...", file=sys.stderr, flush=True)
            stderr = workdir / f"{scenario.name.replace(' ', '_')}-{index}.stderr"
            measurement = measure(scenario.command, corpus, scenario.stdout, stderr)
            warn_on_failure(scenario.name, measurement, stderr)
            runs[scenario.name].append(measurement)
    wipe_pavedroad_state(corpus)
    return runs


def warn_on_failure(name: str, measurement: Measurement, stderr: Path) -> None:
    if measurement.exit_code != 0:
        tail = stderr.read_text(errors="replace").strip().splitlines()[-5:]
        print(f"warning: {name} exited {measurement.exit_code}: " + " | ".join(tail), file=sys.stderr)


# ---------------------------------------------------------------- findings (context, not accuracy)


def pavedroad_findings(pavedroad: Path, corpus: Path, workdir: Path) -> dict[str, Any]:
    """One untimed --no-cache run writing the JSON report, so the timed runs stay at /dev/null."""
    report = workdir / "pavedroad.json"
    command = pavedroad_command(pavedroad, corpus, str(report), "--no-cache")
    subprocess.run(command, cwd=corpus, capture_output=True, check=False)
    document = json.loads(report.read_text())
    findings = document["findings"]
    return {
        "total": len(findings),
        "files_with_findings": len({finding["location"]["path"] for finding in findings}),
        "by_rule": dict(Counter(finding["rule_id"] for finding in findings).most_common()),
        "files_scanned": document["run"]["files_scanned"],
        "skipped": dict(Counter(skip["reason"] for skip in document.get("skipped", [])).most_common()),
        "errors": len(document.get("errors", [])),
    }


def detect_secrets_findings(report: Path) -> dict[str, Any]:
    results = json.loads(report.read_text())["results"]
    secrets = [secret for group in results.values() for secret in group]
    return {
        "total": len(secrets),
        "files_with_findings": len(results),
        "by_type": dict(Counter(secret["type"] for secret in secrets).most_common()),
    }


# ---------------------------------------------------------------- summary


def summarise(name: str, runs: list[Measurement], corpus: CorpusStats) -> dict[str, Any]:
    wall = statistics.median(run.wall_seconds for run in runs)
    return {
        "name": name,
        "median_wall_seconds": round(wall, 3),
        "min_wall_seconds": min(run.wall_seconds for run in runs),
        "max_wall_seconds": max(run.wall_seconds for run in runs),
        "median_cpu_seconds": round(statistics.median(run.cpu_seconds for run in runs), 2),
        "megabytes_per_second": round(corpus.megabytes / wall, 3),
        "files_per_second": round(corpus.files / wall, 1),
        "median_max_process_rss_mb": statistics.median(run.max_process_rss_mb for run in runs),
        "median_tree_peak_rss_mb": median_or_none([run.tree_peak_rss_mb for run in runs]),
        "median_tree_peak_pss_mb": median_or_none([run.tree_peak_pss_mb for run in runs]),
        "exit_codes": sorted({run.exit_code for run in runs}),
        "runs": [asdict(run) for run in runs],
    }


def median_or_none(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def ratios(summaries: dict[str, dict[str, Any]]) -> dict[str, float]:
    def wall(name: str) -> float:
        return float(summaries[name]["median_wall_seconds"])

    return {
        "speedup_cold_vs_detect_secrets": round(wall("detect-secrets") / wall("pavedroad cold"), 2),
        "speedup_no_cache_vs_detect_secrets": round(wall("detect-secrets") / wall("pavedroad --no-cache"), 2),
        "speedup_warm_vs_detect_secrets": round(wall("detect-secrets") / wall("pavedroad warm"), 2),
        "warm_over_cold_wall": round(wall("pavedroad warm") / wall("pavedroad cold"), 3),
    }


def machine_info() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor()
    names = [line.partition(":")[2].strip() for line in lines if line.startswith("model name")]
    return names[0] if names else platform.processor()


def markdown_table(summaries: dict[str, dict[str, Any]], repeat: int) -> str:
    header = (
        f"| run (median of {repeat}) | wall s | min–max s | CPU s | MB/s | files/s "
        "| largest process RSS MB | tree peak RSS MB | tree peak PSS MB | exit |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = [
        f"| {s['name']} | {s['median_wall_seconds']:.2f} | {s['min_wall_seconds']:.2f}–{s['max_wall_seconds']:.2f} "
        f"| {s['median_cpu_seconds']:.1f} | {s['megabytes_per_second']:.2f} | {s['files_per_second']:.0f} "
        f"| {s['median_max_process_rss_mb']:.0f} | {optional(s['median_tree_peak_rss_mb'])} "
        f"| {optional(s['median_tree_peak_pss_mb'])} | {','.join(map(str, s['exit_codes']))} |"
        for s in summaries.values()
    ]
    return "\n".join([header, *rows])


def optional(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def short_revision(revision: str) -> str:
    commit, plus, rest = revision.partition("+")
    return commit[:12] + plus + rest


def render_report(document: dict[str, Any]) -> str:
    corpus, tools, found = document["corpus"], document["tools"], document["findings"]
    ratio = document["ratios"]
    detect_files = document["detect_secrets_files"]
    return "\n".join(
        [
            f"## Secrets scan: pavedroad {tools['pavedroad']} ({short_revision(tools['pavedroad_revision'])}) "
            f"vs detect-secrets {tools['detect-secrets']}",
            "",
            f"Corpus: {corpus['source']} ({corpus['subset']}): {corpus['files']} files, "
            f"{corpus['megabytes']} MB (regular files, symlinks excluded; "
            f"manifest {corpus['manifest_sha256'][:12]}). "
            f"Machine: {document['machine']['cpu_count']} CPUs, Python {document['machine']['python']}, "
            f"load average at start {document['machine']['load_average_at_start'][0]}.",
            "",
            markdown_table(document["summaries"], document["repeat"]),
            "",
            f"- Speed-up (detect-secrets wall / pavedroad wall): cold {ratio['speedup_cold_vs_detect_secrets']}×, "
            f"--no-cache {ratio['speedup_no_cache_vs_detect_secrets']}×, "
            f"warm {ratio['speedup_warm_vs_detect_secrets']}×.",
            f"- Warm rescan / cold scan wall time: {ratio['warm_over_cold_wall']}.",
            f"- Files read as text: pavedroad {found['pavedroad']['files_scanned']} "
            f"(skipped: {found['pavedroad']['skipped']}); detect-secrets "
            f"{detect_files['decodable_as_text']} of {detect_files['after_filename_filters']} after its "
            f"filename filters. pavedroad ran with --max-file-size {NO_SIZE_LIMIT} (detect-secrets has no size limit).",
            f"- Findings (context only, not an accuracy claim): pavedroad {found['pavedroad']['total']} "
            f"in {found['pavedroad']['files_with_findings']} files {found['pavedroad']['by_rule']}; "
            f"detect-secrets {found['detect-secrets']['total']} in {found['detect-secrets']['files_with_findings']} "
            f"files {found['detect-secrets']['by_type']}.",
            f"- Memory: {document['memory_method']}.",
            "- Throughput divides the whole corpus (files and MB above) by the median wall time, for every run.",
        ]
    )


# ---------------------------------------------------------------- main


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each scenario; the median is reported")
    parser.add_argument("--corpus", type=Path, help="tree to scan (default: the project venv's site-packages)")
    parser.add_argument("--quick", action="store_true", help=f"a ~{QUICK_BUDGET_BYTES // MEGABYTE} MB subset")
    arguments = parser.parse_args(argv)
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    return arguments


def portable(command: list[str], corpus: Path) -> str:
    """The command as a reader would type it, with the temporary corpus path as CORPUS."""
    return " ".join(command).replace(str(corpus), "CORPUS")


def result_path(quick: bool) -> Path:
    suffix = "-quick" if quick else ""
    return RESULTS / f"secrets-{date.today().isoformat()}{suffix}.json"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    source = (arguments.corpus or default_corpus()).resolve()
    pavedroad = pavedroad_executable()
    peer_bin = ensure_peer_venv("detect-secrets", DETECT_SECRETS_REQUIREMENT)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    machine = machine_info()
    revision = pavedroad_revision()
    with tempfile.TemporaryDirectory(prefix="pavedroad-bench-") as temporary:
        workdir = Path(temporary)
        corpus, stats = prepare_corpus(source, workdir, arguments.quick)
        scenarios = build_scenarios(pavedroad, peer_bin, corpus, workdir)
        runs = run_all(scenarios, corpus, workdir, arguments.repeat)
        findings = {
            "pavedroad": pavedroad_findings(pavedroad, corpus, workdir),
            "detect-secrets": detect_secrets_findings(workdir / "detect-secrets.json"),
        }
        detect_files = detect_secrets_file_count(peer_bin, corpus)
        wipe_pavedroad_state(corpus)
    summaries = {name: summarise(name, measured, stats) for name, measured in runs.items()}
    document = {
        "benchmark": "secrets",
        "started": started,
        "repeat": arguments.repeat,
        "machine": machine,
        "tools": {
            "pavedroad": tool_version(pavedroad),
            "pavedroad_revision": revision,
            "detect-secrets": tool_version(peer_bin / "detect-secrets"),
        },
        "commands": {scenario.name: portable(scenario.command, corpus) for scenario in scenarios},
        "corpus": asdict(stats),
        "memory_method": memory_method(),
        "summaries": summaries,
        "ratios": ratios(summaries),
        "findings": findings,
        "detect_secrets_files": detect_files,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = result_path(arguments.quick)
    output.write_text(json.dumps(document, indent=2) + "\n")
    print(render_report(document))
    print(f"\nResults written to {output.relative_to(REPOSITORY)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
