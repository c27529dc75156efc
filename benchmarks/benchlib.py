"""Shared pieces of the benchmarks: peer venvs, corpus helpers, timing and process-tree memory.

Used by benchmarks/secrets.py, benchmarks/iac.py and benchmarks/sast.py (run as scripts, so this
module is found next to them on sys.path). See benchmarks/README.md for what is measured and the caveats.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

REPOSITORY = Path(__file__).resolve().parent.parent
PROJECT_VENV = REPOSITORY / ".venv"
PEER_VENVS = REPOSITORY / "benchmarks" / ".venvs"
RESULTS = REPOSITORY / "benchmarks" / "results"
SAMPLE_SECONDS = 0.05
GNU_TIME = Path("/usr/bin/time")
MEGABYTE = 1_000_000
KILOBYTES_PER_MEGABYTE = 1000


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
    # the working directory (default: run_all's corpus), the environment (default: inherited)
    # and a limit in seconds after which the command's process tree is killed (default: none)
    cwd: Path | None = None
    env: Mapping[str, str] | None = None
    timeout: float | None = None


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


def copy_entry(entry: Path, target: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.copytree(entry, target, symlinks=True)
    else:
        shutil.copy2(entry, target, follow_symlinks=False)


def entry_bytes(entry: Path) -> int:
    return corpus_size(entry)[1]


def copy_corpus(source: Path, destination: Path, budget: int | None, cost: Callable[[Path], int] = entry_bytes) -> None:
    """Copy source's top-level entries in name order; with a budget, only those that fit.

    `cost` says what the budget counts for one entry (default: its bytes); an entry that does
    not fit is skipped and later, smaller ones may still be copied.
    """
    destination.mkdir()
    spent = 0
    for entry in sorted(source.iterdir()):
        if budget is not None:
            size = cost(entry)
            if spent + size > budget:
                continue
            spent += size
        copy_entry(entry, destination / entry.name)


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
    # "pavedroad, version 0.1.0", "1.5.0" and "bandit 1.9.4" (then more lines) alike:
    # the version is the last word of the first line
    return completed.stdout.splitlines()[0].split()[-1]


def pavedroad_revision() -> str:
    """The repository commit pavedroad runs from (an editable install), marked when src/ has edits."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPOSITORY, capture_output=True, text=True)
    if head.returncode != 0:
        return "unknown"
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "src"], cwd=REPOSITORY, capture_output=True, text=True
    )
    return head.stdout.strip() + ("+uncommitted" if status.stdout.strip() else "")


def source_digest(root: Path = REPOSITORY / "src") -> str:
    """SHA-256 of the paths and contents of the regular files under root (default: pavedroad's src/),
    byte-code caches left out: equal at the start and the end of a run means one version was measured."""
    digest = hashlib.sha256()
    for path in sorted(regular_files(root)):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        with contextlib.suppress(OSError):
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


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


class Deadline:
    """Kills a process tree (SIGKILL) if it is still running `seconds` after entering; None: never.

    With spare_root, the root (GNU time wrapping the command) is left alive so that it still
    writes its report about the killed command.
    """

    def __init__(self, root_pid: int, seconds: float | None, spare_root: bool) -> None:
        self.root_pid = root_pid
        self.spare_root = spare_root
        self._timer = threading.Timer(seconds, self._kill) if seconds is not None else None

    def __enter__(self) -> Deadline:
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def _kill(self) -> None:
        pids = process_tree(self.root_pid)
        for pid in pids[1:] if self.spare_root else pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


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


def measure(
    command: Sequence[str],
    cwd: Path,
    stdout: Path,
    stderr: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Measurement:
    """Run command once; wall time, CPU time, largest-process RSS and sampled tree RSS/PSS.

    With a timeout, the command's process tree is killed (SIGKILL) once it has run that long:
    the measurement then has a wall time of at least `timeout` and a non-zero exit code.
    """
    use_gnu_time = GNU_TIME.exists()
    time_report = stderr.with_suffix(".time")
    wrapped = [str(GNU_TIME), "-v", "-o", str(time_report), *command] if use_gnu_time else list(command)
    load_before = os.getloadavg()[0]
    with stdout.open("wb") as out, stderr.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(wrapped, cwd=cwd, stdout=out, stderr=err, env=env)
        with (
            TreeSampler(process.pid, include_root=not use_gnu_time) as sampler,
            Deadline(process.pid, timeout, spare_root=use_gnu_time),
        ):
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


def run_all(scenarios: list[Scenario], corpus: Path, workdir: Path, repeat: int) -> dict[str, list[Measurement]]:
    runs: dict[str, list[Measurement]] = {scenario.name: [] for scenario in scenarios}
    for index in range(repeat):
        for scenario in scenarios:
            if scenario.wipe_cache:
                wipe_pavedroad_state(corpus)
            print(f"[{index + 1}/{repeat}] {scenario.name} ...", file=sys.stderr, flush=True)
            stderr = workdir / f"{scenario.name.replace(' ', '_')}-{index}.stderr"
            measurement = measure(
                scenario.command,
                scenario.cwd or corpus,
                scenario.stdout,
                stderr,
                env=scenario.env,
                timeout=scenario.timeout,
            )
            warn_on_failure(scenario.name, measurement, stderr)
            runs[scenario.name].append(measurement)
    wipe_pavedroad_state(corpus)
    return runs


def warn_on_failure(name: str, measurement: Measurement, stderr: Path) -> None:
    if measurement.exit_code != 0:
        tail = stderr.read_text(errors="replace").strip().splitlines()[-5:]
        print(f"warning: {name} exited {measurement.exit_code}: " + " | ".join(tail), file=sys.stderr)


NOTABLE = re.compile(r"WARN|ERROR|Error|Traceback|Exception|panic|Killed|timed out", re.IGNORECASE)


def stderr_summary(workdir: Path, scenario: str, repeat: int) -> dict[str, Any]:
    """What each run_all run wrote to stderr: line counts, and the last run's warnings, errors and last lines.

    Paths are shown with WORKDIR for `workdir` and CORPUS for `workdir`/corpus.
    """
    texts = []
    for index in range(repeat):
        path = workdir / f"{scenario.replace(' ', '_')}-{index}.stderr"
        text = path.read_text(errors="replace") if path.exists() else ""
        texts.append(text.replace(str(workdir / "corpus"), "CORPUS").replace(str(workdir), "WORKDIR"))
    last = texts[-1].splitlines()
    notable = [line for line in last if NOTABLE.search(line)]
    return {
        "lines_per_run": [len(text.splitlines()) for text in texts],
        "notable_lines_last_run": len(notable),
        "notable": list(dict.fromkeys(notable))[:50],
        "tail": last[-10:],
    }


# ---------------------------------------------------------------- summary


def summarise_runs(name: str, runs: list[Measurement], extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Medians (and the wall time's range) of one scenario's runs; `extra` goes after the CPU time."""
    wall = statistics.median(run.wall_seconds for run in runs)
    return {
        "name": name,
        "median_wall_seconds": round(wall, 3),
        "min_wall_seconds": min(run.wall_seconds for run in runs),
        "max_wall_seconds": max(run.wall_seconds for run in runs),
        "median_cpu_seconds": round(statistics.median(run.cpu_seconds for run in runs), 2),
        **(extra or {}),
        "median_max_process_rss_mb": statistics.median(run.max_process_rss_mb for run in runs),
        "median_tree_peak_rss_mb": median_or_none([run.tree_peak_rss_mb for run in runs]),
        "median_tree_peak_pss_mb": median_or_none([run.tree_peak_pss_mb for run in runs]),
        "exit_codes": sorted({run.exit_code for run in runs}),
        "runs": [asdict(run) for run in runs],
    }


def median_or_none(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


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


def optional(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def short_revision(revision: str) -> str:
    commit, plus, rest = revision.partition("+")
    return commit[:12] + plus + rest


def portable(command: list[str], corpus: Path) -> str:
    """The command as a reader would type it, with the temporary corpus path as CORPUS."""
    return " ".join(command).replace(str(corpus), "CORPUS")
