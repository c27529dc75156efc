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
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from benchlib import (
    MEGABYTE,
    PROJECT_VENV,
    REPOSITORY,
    RESULTS,
    Measurement,
    Scenario,
    copy_corpus,
    corpus_manifest,
    corpus_size,
    ensure_peer_venv,
    machine_info,
    memory_method,
    optional,
    pavedroad_executable,
    pavedroad_revision,
    portable,
    run_all,
    short_revision,
    summarise_runs,
    tool_version,
    wipe_pavedroad_state,
)

DETECT_SECRETS_REQUIREMENT = "detect-secrets==1.5.0"
# detect-secrets reads files of any size, so pavedroad gets a limit no file here reaches
NO_SIZE_LIMIT = 100_000_000
QUICK_BUDGET_BYTES = 5_000_000

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


# ---------------------------------------------------------------- corpus


def default_corpus() -> Path:
    candidates = sorted(PROJECT_VENV.glob("lib/python3*/site-packages"))
    if not candidates:
        raise SystemExit(f"no site-packages under {PROJECT_VENV}; pass --corpus PATH")
    return candidates[0]


def prepare_corpus(source: Path, workdir: Path, quick: bool) -> tuple[Path, CorpusStats]:
    corpus = workdir / "corpus"
    copy_corpus(source, corpus, QUICK_BUDGET_BYTES if quick else None)
    files, size = corpus_size(corpus)
    subset = f"top-level entries in name order up to {QUICK_BUDGET_BYTES // MEGABYTE} MB" if quick else "all"
    return corpus, CorpusStats(str(source), subset, files, round(size / MEGABYTE, 2), corpus_manifest(corpus))


# ---------------------------------------------------------------- tools


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
    throughput = {
        "megabytes_per_second": round(corpus.megabytes / wall, 3),
        "files_per_second": round(corpus.files / wall, 1),
    }
    return summarise_runs(name, runs, throughput)


def ratios(summaries: dict[str, dict[str, Any]]) -> dict[str, float]:
    def wall(name: str) -> float:
        return float(summaries[name]["median_wall_seconds"])

    return {
        "speedup_cold_vs_detect_secrets": round(wall("detect-secrets") / wall("pavedroad cold"), 2),
        "speedup_no_cache_vs_detect_secrets": round(wall("detect-secrets") / wall("pavedroad --no-cache"), 2),
        "speedup_warm_vs_detect_secrets": round(wall("detect-secrets") / wall("pavedroad warm"), 2),
        "warm_over_cold_wall": round(wall("pavedroad warm") / wall("pavedroad cold"), 3),
    }


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
