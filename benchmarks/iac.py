"""Speed, memory and findings of pavedroad's IaC and pipeline analyzers next to Checkov and zizmor.

    .venv/bin/python benchmarks/iac.py [--corpus DIR] [--repeat N] [--timeout SECONDS] [--keep DIR]

The corpus (default /work/corpus/iac: real third-party files, one sub-directory per repository,
`<owner>__<name>/...`, listed with their commits in MANIFEST.tsv) is copied to a temporary
directory first. pavedroad's IaC analyzer is timed next to Checkov on the whole copy, and its
pipelines analyzer next to zizmor on the copy's GitHub Actions workflows, gathered into one
`.github/workflows/` directory. Checkov and zizmor come from PyPI, pinned, each in its own venv
under benchmarks/.venvs/. Results go to stdout as Markdown, to benchmarks/results/iac-<date>.json,
and the resources only Checkov flags to benchmarks/results/iac-checkov-only-<date>.json.
See benchmarks/README.md for how to rebuild the corpus, what is measured and the caveats.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from benchlib import (
    MEGABYTE,
    REPOSITORY,
    RESULTS,
    Measurement,
    Scenario,
    copy_entry,
    corpus_manifest,
    corpus_size,
    ensure_peer_venv,
    machine_info,
    memory_method,
    optional,
    pavedroad_executable,
    pavedroad_revision,
    portable,
    regular_files,
    run_all,
    short_revision,
    stderr_summary,
    summarise_runs,
    tool_version,
)

DEFAULT_CORPUS = Path("/work/corpus/iac")
MANIFEST_NAME = "MANIFEST.tsv"
CHECKOV_REQUIREMENT = "checkov==3.3.30"
ZIZMOR_REQUIREMENT = "zizmor==1.32.0"
CHECKOV_FRAMEWORKS = "terraform,kubernetes,dockerfile,cloudformation,helm,kustomize"
DEFAULT_TIMEOUT_SECONDS = 1800.0
# Checkov without these settings talks to Prisma Cloud (policy metadata) and PyPI (update check).
CHECKOV_OFFLINE_ENV = {
    "BC_SKIP_MAPPING": "TRUE",
    "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
    "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true",
}
CHECKOV_CREDENTIALS = ("BC_API_KEY", "PRISMA_API_URL", "BC_API_URL")
GITHUB_TOKENS = ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")
SEVERITIES = ("critical", "high", "medium", "low", "info", "unrated")
# zizmor says "informational"; pavedroad says "info"
SEVERITY_ALIASES = {"informational": "info", "unknown": "unrated"}
COMPARED_FRAMEWORKS = ("terraform", "kubernetes", "cloudformation", "dockerfile")
WORKFLOW_SUFFIXES = (".yml", ".yaml")
TOP = 15
# zizmor and pavedroad anchor the same problem a line or two apart (`env:` vs the variable under it)
NEAR_LINES = 3

IAC = "pavedroad iac"
CHECKOV = "checkov"
PIPELINES = "pavedroad pipelines"
ZIZMOR = "zizmor"


@dataclass(frozen=True, slots=True)
class Flagged:
    """One failed check of one tool on one resource, reduced to what the comparison needs."""

    tool: str
    rule: str
    title: str
    framework: str
    path: str
    address: str
    line: int | None
    severity: str
    confidence: str | None = None
    reported_as: str | None = None  # the tool's own address, when the comparison re-addressed it

    @property
    def key(self) -> str:
        return resource_key(self.framework, self.path, self.address)


# ---------------------------------------------------------------- corpus


def read_manifest(source: Path) -> list[dict[str, str]]:
    manifest = source / MANIFEST_NAME
    if not manifest.is_file():
        print(f"warning: {manifest} is missing: repositories and commits will be unknown", file=sys.stderr)
        return []
    with manifest.open(newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def repository_directory(repo: str) -> str:
    """`owner/name` as the corpus lays it out: `owner__name`."""
    return repo.replace("/", "__")


def manifest_summary(rows: list[dict[str, str]], corpus: Path) -> dict[str, Any]:
    """Repositories with their commits and file counts, and how the tree and the manifest agree."""
    repos: dict[str, dict[str, Any]] = {}
    listed = set()
    for row in rows:
        repo = row["repo"]
        entry = repos.setdefault(repo, {"repo": repo, "files": 0, "commits": Counter()})
        entry["files"] += 1
        entry["commits"][row["commit"]] += 1
        listed.add(f"{repository_directory(repo)}/{row['path']}")
    on_disk = {path.relative_to(corpus).as_posix() for path in regular_files(corpus)}
    return {
        "rows": len(rows),
        "repositories": [
            {"repo": entry["repo"], "files": entry["files"], "commits": dict(entry["commits"].most_common())}
            for entry in sorted(repos.values(), key=lambda item: item["repo"])
        ],
        "listed_but_missing": sorted(listed - on_disk),
        "present_but_unlisted": sorted(on_disk - listed),
    }


def copy_corpus(source: Path, destination: Path) -> None:
    """Every top-level directory of the corpus (one per repository); MANIFEST.tsv stays behind."""
    destination.mkdir()
    for entry in sorted(source.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            copy_entry(entry, destination / entry.name)


def is_workflow(relpath: str) -> bool:
    """A GitHub Actions workflow as GitHub reads it: directly in some repository's .github/workflows/."""
    parts = PurePosixPath(relpath).parts
    return (
        len(parts) >= 3 and parts[-3:-1] == (".github", "workflows") and parts[-1].lower().endswith(WORKFLOW_SUFFIXES)
    )


def gather_workflows(corpus: Path, destination: Path) -> dict[str, str]:
    """Copy every workflow into destination/.github/workflows/, named after its repository.

    pavedroad, like GitHub, reads workflows only at `.github/workflows/` under the scanned root,
    so one flat directory lets both tools scan all repositories' workflows in one process each.
    Returns {path in the flat tree: path in the corpus}.
    """
    workflows = destination / ".github" / "workflows"
    workflows.mkdir(parents=True)
    mapping = {}
    for path in sorted(regular_files(corpus)):
        relpath = path.relative_to(corpus).as_posix()
        if not is_workflow(relpath):
            continue
        prefix = PurePosixPath(relpath).parts[:-3]
        flat = "__".join([*prefix, PurePosixPath(relpath).name])
        shutil.copy2(path, workflows / flat)
        mapping[f".github/workflows/{flat}"] = relpath
    return mapping


def chart_roots(paths: Iterable[str]) -> set[str]:
    return {str(PurePosixPath(path).parent) for path in paths if PurePosixPath(path).name == "Chart.yaml"}


def in_chart(relpath: str, charts: set[str]) -> bool:
    return any(str(parent) in charts for parent in PurePosixPath(relpath).parents)


HEAD_BYTES = 8192
K8S_HEAD = re.compile(rb"^apiVersion:.*^kind:|^kind:.*^apiVersion:", re.MULTILINE | re.DOTALL)
CFN_HEAD = re.compile(rb"AWSTemplateFormatVersion|Type[\"']?\s*:\s*[\"']?AWS::")


def file_kind(relpath: str, head: bytes, charts: set[str]) -> str:
    """A tool-neutral guess at what an IaC file is, for the corpus summary only."""
    name = PurePosixPath(relpath).name
    lower = name.lower()
    if is_workflow(relpath):
        return "github-actions workflow"
    if in_chart(relpath, charts):
        return "helm chart"
    if lower in ("dockerfile", "containerfile") or lower.startswith("dockerfile.") or lower.endswith(".dockerfile"):
        return "dockerfile"
    if lower.endswith((".tf", ".tf.json", ".tfvars", ".tfvars.json")):
        return "terraform"
    if lower.startswith(("docker-compose", "compose.")) and lower.endswith(WORKFLOW_SUFFIXES):
        return "compose"
    if lower in ("kustomization.yaml", "kustomization.yml"):
        return "kustomization"
    if lower.endswith((".yml", ".yaml", ".json", ".template")) and CFN_HEAD.search(head):
        return "cloudformation"
    if lower.endswith((".yml", ".yaml")) and K8S_HEAD.search(head):
        return "kubernetes"
    return "other"


def corpus_kinds(corpus: Path) -> dict[str, int]:
    relpaths = sorted(path.relative_to(corpus).as_posix() for path in regular_files(corpus))
    charts = chart_roots(relpaths)
    kinds: Counter[str] = Counter()
    for relpath in relpaths:
        with (corpus / relpath).open("rb") as handle:
            kinds[file_kind(relpath, handle.read(HEAD_BYTES), charts)] += 1
    return dict(kinds.most_common())


def local_references(workflows: Path) -> int:
    """Workflow files that call a local reusable workflow or action (`uses: ./...`)."""
    pattern = re.compile(r"^\s*-?\s*uses:\s*['\"]?\./", re.MULTILINE)
    return sum(1 for path in workflows.iterdir() if pattern.search(path.read_text(errors="replace")))


# ---------------------------------------------------------------- commands


def pavedroad_command(pavedroad: Path, root: Path, analyzer: str, report: Path) -> list[str]:
    return [
        str(pavedroad),
        "scan",
        str(root),
        "--analyzers",
        analyzer,
        "--format",
        "json",
        "--no-cache",
        "--no-baseline",
        "--output",
        str(report),
    ]


def checkov_environment() -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in CHECKOV_CREDENTIALS}
    environment.update(CHECKOV_OFFLINE_ENV)
    return environment


def zizmor_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in GITHUB_TOKENS}


def build_scenarios(
    pavedroad: Path,
    checkov_bin: Path,
    zizmor_bin: Path,
    iac_tree: Path,
    workflow_tree: Path,
    workdir: Path,
    timeout: float,
) -> list[Scenario]:
    """pavedroad iac, Checkov, then (when the corpus has workflows) pavedroad pipelines and zizmor."""
    devnull = Path(os.devnull)
    workflow_files = sorted(path.relative_to(workflow_tree).as_posix() for path in regular_files(workflow_tree))
    scenarios = [
        Scenario(
            IAC,
            "pavedroad",
            pavedroad_command(pavedroad, iac_tree, "iac", workdir / "pavedroad-iac.json"),
            devnull,
            False,
            cwd=iac_tree,
            timeout=timeout,
        ),
        Scenario(
            CHECKOV,
            "checkov",
            [
                str(checkov_bin / "checkov"),
                "-d",
                str(iac_tree),
                "-o",
                "json",
                "--quiet",
                "--compact",
                "--skip-download",
                "--framework",
                CHECKOV_FRAMEWORKS,
            ],
            workdir / "checkov.json",
            False,
            cwd=iac_tree,
            env=checkov_environment(),
            timeout=timeout,
        ),
    ]
    if not workflow_files:
        print("warning: no .github/workflows/*.yml in the corpus: pipelines not compared", file=sys.stderr)
        return scenarios
    return [
        *scenarios,
        Scenario(
            PIPELINES,
            "pavedroad",
            pavedroad_command(pavedroad, workflow_tree, "pipelines", workdir / "pavedroad-pipelines.json"),
            devnull,
            False,
            cwd=workflow_tree,
            timeout=timeout,
        ),
        Scenario(
            ZIZMOR,
            "zizmor",
            [str(zizmor_bin / "zizmor"), "--offline", "--format", "json", *workflow_files],
            workdir / "zizmor.json",
            False,
            cwd=workflow_tree,
            env=zizmor_environment(),
            timeout=timeout,
        ),
    ]


def readable(command: list[str], workdir: Path) -> str:
    """The command as a reader would type it: CORPUS, WORKFLOWS and WORKDIR for the temporary paths."""
    workflow_files = [word for word in command if word.startswith(".github/workflows/")]
    if workflow_files:
        command = [word for word in command if word not in workflow_files] + [
            f"<the {len(workflow_files)} .github/workflows/* files>"
        ]
    text = portable(command, workdir / "corpus")
    return text.replace(str(workdir / "workflows"), "WORKFLOWS").replace(str(workdir), "WORKDIR")


# ---------------------------------------------------------------- reading the reports


def load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def severity_of(value: str | None) -> str:
    if not value:
        return "unrated"
    lowered = value.lower()
    return SEVERITY_ALIASES.get(lowered, lowered)


def pavedroad_flagged(document: dict[str, Any], tool: str, paths: dict[str, str] | None = None) -> list[Flagged]:
    """Active findings of a pavedroad JSON report; `paths` maps report paths back to corpus paths."""
    flagged = []
    for finding in document.get("findings", []):
        if not finding.get("active", True):
            continue
        properties = finding.get("properties") or {}
        path = finding["location"]["path"]
        flagged.append(
            Flagged(
                tool=tool,
                rule=finding["rule_id"],
                title=finding.get("title", ""),
                framework=str(properties.get("framework", "")),
                path=(paths or {}).get(path, path),
                address=str(properties.get("resource", "")),
                line=finding["location"].get("start_line"),
                severity=severity_of(finding.get("severity")),
                confidence=finding.get("confidence"),
            )
        )
    return flagged


def checkov_reports(document: Any) -> list[dict[str, Any]]:
    """Checkov prints one report object for one framework and a list of them for several."""
    if isinstance(document, dict):
        return [document]
    return [report for report in document or [] if isinstance(report, dict)]


def checkov_flagged(document: Any) -> list[Flagged]:
    flagged = []
    for report in checkov_reports(document):
        for check in (report.get("results") or {}).get("failed_checks") or []:
            lines = check.get("file_line_range") or [None]
            flagged.append(
                Flagged(
                    tool=CHECKOV,
                    rule=check["check_id"],
                    title=check.get("check_name", ""),
                    framework=report.get("check_type", ""),
                    path=str(check.get("file_path", "")).lstrip("/"),
                    address=str(check.get("resource", "")),
                    line=lines[0],
                    severity=severity_of(check.get("severity")),
                )
            )
    return flagged


def checkov_details(document: Any) -> dict[str, Any]:
    summaries = {report.get("check_type", "?"): report.get("summary", {}) for report in checkov_reports(document)}
    parsing_errors = sorted(
        str(path).lstrip("/")
        for report in checkov_reports(document)
        for path in (report.get("results") or {}).get("parsing_errors") or []
    )
    return {
        "per_framework": {
            framework: {key: summary.get(key) for key in ("failed", "passed", "skipped", "parsing_errors")}
            | {"resources": summary.get("resource_count")}
            for framework, summary in summaries.items()
        },
        "skipped_checks_inline": sum(int(summary.get("skipped") or 0) for summary in summaries.values()),
        "parsing_errors": parsing_errors,
    }


def zizmor_flagged(document: Any, paths: dict[str, str]) -> list[Flagged]:
    """One entry per zizmor finding, at its first primary location (rows are 0-based in its JSON)."""
    flagged = []
    for finding in document or []:
        if finding.get("ignored"):
            continue
        determinations = finding.get("determinations") or {}
        locations = finding.get("locations") or []
        primary = [location for location in locations if location["symbolic"].get("kind") == "Primary"]
        for location in (primary or locations)[:1]:
            local = (location["symbolic"].get("key") or {}).get("Local") or {}
            given = str(local.get("given_path") or local.get("verbatim_path") or "")
            row = location["concrete"]["location"]["start_point"]["row"]
            flagged.append(
                Flagged(
                    tool=ZIZMOR,
                    rule=finding["ident"],
                    title=finding.get("desc", ""),
                    framework="github-actions",
                    path=paths.get(given, given),
                    address="",
                    line=row + 1,
                    severity=severity_of(determinations.get("severity")),
                    confidence=(determinations.get("confidence") or "").lower() or None,
                )
            )
    return flagged


# ---------------------------------------------------------------- resource keys


INDEX = re.compile(r"\[[^\]]*\]")


def terraform_local_address(address: str) -> str:
    """`module.a.module.b.aws_s3_bucket.x["k"]` and `data.aws_iam_policy_document.x` as `type.name`.

    Module prefixes go (a resource in a module file counts once, however often it is instantiated),
    as do count/for_each indexes and the `data.` prefix, which the two tools spell differently.
    """
    parts = INDEX.sub("", address).split(".")
    while len(parts) > 2 and parts[0] == "module":
        parts = parts[2:]
    if parts and parts[0] == "data":
        parts = parts[1:]
    return ".".join(parts)


def kubernetes_address(address: str) -> str:
    """Checkov's `Kind.namespace.name` and pavedroad's `Kind/namespace/name` or `Kind/name` alike."""
    if "/" in address:
        parts = address.split("/", 2)
        kind, namespace, name = (parts[0], "default", parts[1]) if len(parts) == 2 else parts
    else:
        pieces = address.split(".", 2)
        if len(pieces) < 3:
            return address
        kind, namespace, name = pieces
    return f"{kind}/{namespace or 'default'}/{name}"


def kubernetes_parts(address: str) -> tuple[str, str, str]:
    """(kind, namespace, name) of either tool's Kubernetes address; empty strings where it has none."""
    kind, namespace, name = [*kubernetes_address(address).split("/", 2), "", ""][:3]
    return kind, namespace, name


def cloudformation_address(address: str) -> str:
    """Checkov's `AWS::S3::Bucket.Logical` and pavedroad's `Logical`: the logical id."""
    return address.split(".", 1)[1] if "::" in address and "." in address else address


def resource_key(framework: str, path: str, address: str) -> str:
    if framework == "terraform":
        return f"{path}::{terraform_local_address(address)}"
    if framework == "kubernetes":
        return f"{path}::{kubernetes_address(address)}"
    if framework == "cloudformation":
        return f"{path}::{cloudformation_address(address)}"
    return path  # Dockerfiles (and anything else): the file is the resource


WORKLOAD_KINDS = frozenset(
    {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"}
)


def attach_pod_templates(checkov: list[Flagged], pavedroad: list[Flagged]) -> list[Flagged]:
    """Checkov's graph checks (CKV2_K8S_*) name a workload's pod template `Pod.<ns>.<workload>.<label>`:
    re-address those to the workload of that name and namespace in the same file when either tool
    flags exactly one such workload, so that they count against the resource a reader would fix.
    """
    workloads: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for item in [*checkov, *pavedroad]:
        if item.framework == "kubernetes":
            kind, namespace, name = kubernetes_parts(item.address)
            if kind in WORKLOAD_KINDS:
                workloads[(item.path, namespace, name)].add(kind)
    result = []
    for item in checkov:
        kind, namespace, name = kubernetes_parts(item.address) if item.framework == "kubernetes" else ("", "", "")
        if kind == "Pod" and "." in name:
            pieces = name.split(".")
            for cut in range(len(pieces) - 1, 0, -1):
                kinds = workloads.get((item.path, namespace, ".".join(pieces[:cut])), set())
                if len(kinds) == 1:
                    workload = f"{next(iter(kinds))}/{namespace}/{'.'.join(pieces[:cut])}"
                    item = replace(item, address=workload, reported_as=item.address)
                    break
        result.append(item)
    return result


def comparable(flagged: Flagged, charts: set[str]) -> str | None:
    """The framework a finding is compared under, or None (Helm templates, Compose, others)."""
    if flagged.framework not in COMPARED_FRAMEWORKS:
        return None
    if flagged.framework == "kubernetes" and in_chart(flagged.path, charts):
        return None
    return flagged.framework


def resource_overlap(
    pavedroad: list[Flagged], checkov: list[Flagged], charts: set[str]
) -> tuple[dict[str, dict[str, int]], dict[str, list[str]]]:
    """|both|, |only pavedroad|, |only checkov| of flagged resource keys, per compared framework."""
    keys: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"pavedroad": set(), "checkov": set()})
    for tool, flagged in (("pavedroad", pavedroad), ("checkov", checkov)):
        for item in flagged:
            framework = comparable(item, charts)
            if framework is not None:
                keys[framework][tool].add(item.key)
    table: dict[str, dict[str, int]] = {}
    only_pavedroad: dict[str, list[str]] = {}
    totals = {"both": 0, "only_pavedroad": 0, "only_checkov": 0}
    for framework in COMPARED_FRAMEWORKS:
        ours, theirs = keys[framework]["pavedroad"], keys[framework]["checkov"]
        row = {"both": len(ours & theirs), "only_pavedroad": len(ours - theirs), "only_checkov": len(theirs - ours)}
        table[framework] = row
        only_pavedroad[framework] = sorted(ours - theirs)
        for name, value in row.items():
            totals[name] += value
    table["total"] = totals
    return table, only_pavedroad


def not_compared(flagged: list[Flagged], charts: set[str]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for item in flagged:
        if comparable(item, charts) is None:
            framework = "helm chart" if in_chart(item.path, charts) else item.framework or "unknown"
            counts[framework] += 1
    return dict(counts.most_common())


def checkov_only(pavedroad: list[Flagged], checkov: list[Flagged], charts: set[str]) -> list[dict[str, Any]]:
    """Checkov's failed checks on resources pavedroad flags nothing on, grouped by check id.

    `count` is distinct resource keys; Checkov reports a check once per module instance, so a
    resource in a module file called from five places is one resource with five `checkov_addresses`.
    """
    flagged_by_us: dict[str, set[str]] = defaultdict(set)
    for item in pavedroad:
        if comparable(item, charts) is not None:
            flagged_by_us[item.key].add(item.rule)
    groups: dict[str, dict[str, Any]] = {}
    for item in checkov:
        if comparable(item, charts) is None:
            continue
        group = groups.setdefault(
            item.rule,
            {
                "check_id": item.rule,
                "check_name": item.title,
                "framework": item.framework,
                "unflagged": {},
                "elsewhere": set(),
                "pavedroad_rules": Counter(),
            },
        )
        if item.key in flagged_by_us:
            if item.key not in group["elsewhere"]:
                group["elsewhere"].add(item.key)
                group["pavedroad_rules"].update(flagged_by_us[item.key])
            continue
        entry = group["unflagged"].setdefault(
            item.key, {"resource_key": item.key, "file": item.path, "line": item.line, "checkov_addresses": set()}
        )
        entry["checkov_addresses"].add(item.reported_as or item.address)
    result = []
    for group in groups.values():
        resources = [
            entry | {"checkov_addresses": sorted(entry["checkov_addresses"])}
            for _, entry in sorted(group["unflagged"].items())
        ]
        result.append(
            {
                "check_id": group["check_id"],
                "check_name": group["check_name"],
                "framework": group["framework"],
                "count": len(resources),
                "failed_checks": sum(len(entry["checkov_addresses"]) for entry in resources),
                "also_failed_on_resources_pavedroad_flags": len(group["elsewhere"]),
                "pavedroad_rules_on_those_resources": dict(group["pavedroad_rules"].most_common()),
                "resources": resources,
            }
        )
    result.sort(key=lambda group: (-group["count"], group["check_id"]))
    return result


def split_only_checkov(groups: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The check ids with failures on resources pavedroad leaves alone, and the rest's failure counts."""
    unflagged = [group for group in groups if group["count"]]
    elsewhere = {
        group["check_id"]: group["also_failed_on_resources_pavedroad_flags"] for group in groups if not group["count"]
    }
    return unflagged, elsewhere


# ---------------------------------------------------------------- pipelines comparison


def near(pair: tuple[str, int | None], others: Container[tuple[str, int | None]]) -> bool:
    """Whether `others` has a location in the same file within NEAR_LINES lines of `pair`."""
    path, line = pair
    if line is None:
        return (path, None) in others
    return any((path, line + offset) in others for offset in range(-NEAR_LINES, NEAR_LINES + 1))


def line_overlap(pavedroad: list[Flagged], zizmor: list[Flagged]) -> dict[str, Any]:
    ours = {(item.path, item.line) for item in pavedroad}
    theirs = {(item.path, item.line) for item in zizmor}
    our_files = {item.path for item in pavedroad}
    their_files = {item.path for item in zizmor}
    return {
        "file_line": {
            "both": len(ours & theirs),
            "only_pavedroad": len(ours - theirs),
            "only_zizmor": len(theirs - ours),
        },
        # both: zizmor's (file, line) pairs with one of pavedroad's within NEAR_LINES lines
        "file_line_near": {
            "both": sum(1 for pair in theirs if near(pair, ours)),
            "only_pavedroad": sum(1 for pair in ours if not near(pair, theirs)),
            "only_zizmor": sum(1 for pair in theirs if not near(pair, ours)),
        },
        "files": {
            "both": len(our_files & their_files),
            "only_pavedroad": len(our_files - their_files),
            "only_zizmor": len(their_files - our_files),
        },
    }


def per_audit(pavedroad: list[Flagged], zizmor: list[Flagged]) -> list[dict[str, Any]]:
    """Each zizmor audit: its locations, and how many pavedroad also flags at that line or in that file."""
    ours_at: dict[tuple[str, int | None], set[str]] = defaultdict(set)
    for item in pavedroad:
        ours_at[(item.path, item.line)].add(item.rule)
    our_files = {item.path for item in pavedroad}
    audits: dict[str, dict[str, Any]] = {}
    for item in zizmor:
        audit = audits.setdefault(
            item.rule,
            {
                "audit": item.rule,
                "locations": 0,
                "severity": Counter(),
                "confidence": Counter(),
                "pavedroad_same_line": 0,
                "pavedroad_near_line": 0,
                "pavedroad_same_file": 0,
                "pavedroad_rules_same_line": Counter(),
            },
        )
        audit["locations"] += 1
        audit["severity"][item.severity] += 1
        audit["confidence"][item.confidence or "unrated"] += 1
        rules = ours_at.get((item.path, item.line))
        if rules:
            audit["pavedroad_same_line"] += 1
            audit["pavedroad_rules_same_line"].update(rules)
        if near((item.path, item.line), ours_at):
            audit["pavedroad_near_line"] += 1
        if item.path in our_files:
            audit["pavedroad_same_file"] += 1
    result = []
    for audit in audits.values():
        for field in ("severity", "confidence", "pavedroad_rules_same_line"):
            audit[field] = dict(audit[field].most_common())
        result.append(audit)
    result.sort(key=lambda audit: (-audit["locations"], audit["audit"]))
    return result


# ---------------------------------------------------------------- summaries


def by_severity(flagged: Iterable[Flagged]) -> dict[str, int]:
    counts = Counter(item.severity for item in flagged)
    return {severity: counts.get(severity, 0) for severity in SEVERITIES} | {
        other: count for other, count in counts.items() if other not in SEVERITIES
    }


def pavedroad_details(document: dict[str, Any] | None, paths: dict[str, str] | None = None) -> dict[str, Any]:
    if document is None:
        return {"report": "missing or not JSON: see stderr"}

    def corpus_path(path: str) -> str:
        return (paths or {}).get(path, path)

    return {
        "files_scanned": document.get("run", {}).get("files_scanned"),
        "errors": [
            {"path": corpus_path(error.get("path", "")), "line": error.get("line"), "message": error.get("message")}
            for error in document.get("errors", [])
        ],
        "skipped": [
            {"path": corpus_path(skip.get("path", "")), "reason": skip.get("reason")}
            for skip in document.get("skipped", [])
        ],
        "warnings": document.get("warnings", []),
        "gate": document.get("run", {}).get("gate"),
    }


def findings_summary(flagged: list[Flagged]) -> dict[str, Any]:
    return {
        "total": len(flagged),
        "by_severity": by_severity(flagged),
        "by_framework": dict(Counter(item.framework for item in flagged).most_common()),
        "by_rule": dict(Counter(item.rule for item in flagged).most_common()),
        "by_confidence": dict(Counter(item.confidence or "unrated" for item in flagged).most_common()),
        "resources_flagged": len({item.key for item in flagged}),
        "files_flagged": len({item.path for item in flagged}),
    }


def summarise(name: str, runs: list[Measurement], timeout: float) -> dict[str, Any]:
    timed_out = sum(1 for run in runs if run.wall_seconds >= timeout)
    return summarise_runs(name, runs, {"runs_timed_out": timed_out})


def compare(
    reports: dict[str, Any], workflow_paths: dict[str, str], charts: set[str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Findings per tool, the IaC and pipeline overlaps, and the Checkov-only list, from the last runs' reports."""
    iac = pavedroad_flagged(reports[IAC], IAC) if reports[IAC] else None
    checkov = checkov_flagged(reports[CHECKOV]) if reports[CHECKOV] is not None else None
    if checkov is not None:
        checkov = attach_pod_templates(checkov, iac or [])
    pipelines = pavedroad_flagged(reports[PIPELINES], PIPELINES, workflow_paths) if reports[PIPELINES] else None
    zizmor = zizmor_flagged(reports[ZIZMOR], workflow_paths) if reports[ZIZMOR] is not None else None
    findings = {
        IAC: findings_summary(iac) if iac is not None else None,
        CHECKOV: findings_summary(checkov) if checkov is not None else None,
        PIPELINES: findings_summary(pipelines) if pipelines is not None else None,
        ZIZMOR: findings_summary(zizmor) if zizmor is not None else None,
    }
    comparison: dict[str, Any] = {
        "findings": findings,
        "details": {
            IAC: pavedroad_details(reports[IAC]),
            CHECKOV: checkov_details(reports[CHECKOV]) if reports[CHECKOV] is not None else {"report": "missing"},
            PIPELINES: (
                pavedroad_details(reports[PIPELINES], workflow_paths)
                if workflow_paths
                else {"report": "not run: the corpus has no workflows"}
            ),
        },
        "iac_overlap": {},
        "iac_only_pavedroad_resources": {},
        "not_compared": {"pavedroad": not_compared(iac or [], charts), "checkov": not_compared(checkov or [], charts)},
        "pipelines_comparison": None,
        "zizmor_audits": [],
        "workflow_paths": workflow_paths,
    }
    only_checkov: list[dict[str, Any]] = []
    if iac is not None and checkov is not None:
        comparison["iac_overlap"], comparison["iac_only_pavedroad_resources"] = resource_overlap(iac, checkov, charts)
        only_checkov = checkov_only(iac, checkov, charts)
    if pipelines is not None and zizmor is not None:
        comparison["pipelines_comparison"] = line_overlap(pipelines, zizmor)
        comparison["zizmor_audits"] = per_audit(pipelines, zizmor)
    return comparison, only_checkov


# ---------------------------------------------------------------- report


def severity_cells(summary: dict[str, Any] | None) -> str:
    if summary is None:
        return " | ".join(["n/a"] * (len(SEVERITIES) + 1))
    counts = summary["by_severity"]
    return " | ".join([str(summary["total"]), *(str(counts.get(severity, 0)) for severity in SEVERITIES)])


def timing_table(document: dict[str, Any]) -> str:
    summaries, findings = document["summaries"], document["findings"]
    inputs = document["inputs"]
    header = (
        f"| tool (median of {document['repeat']}) | input | wall s | min–max s | CPU s | largest process RSS MB "
        "| tree peak RSS MB | tree peak PSS MB | findings | critical | high | medium | low | info | unrated | exit |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = []
    for name, summary in summaries.items():
        exits = ",".join(map(str, summary["exit_codes"]))
        if summary["runs_timed_out"]:
            exits += f" ({summary['runs_timed_out']} timed out)"
        rows.append(
            f"| {name} | {inputs[name]} | {summary['median_wall_seconds']:.2f} "
            f"| {summary['min_wall_seconds']:.2f}–{summary['max_wall_seconds']:.2f} "
            f"| {summary['median_cpu_seconds']:.1f} | {summary['median_max_process_rss_mb']:.0f} "
            f"| {optional(summary['median_tree_peak_rss_mb'])} | {optional(summary['median_tree_peak_pss_mb'])} "
            f"| {severity_cells(findings.get(name))} | {exits} |"
        )
    return "\n".join([header, *rows])


def overlap_table(overlap: dict[str, dict[str, int]]) -> str:
    rows = [
        "| framework | flagged by both | only pavedroad | only Checkov |",
        "|---|---:|---:|---:|",
    ]
    for framework, row in overlap.items():
        label = f"**{framework}**" if framework == "total" else framework
        rows.append(f"| {label} | {row['both']} | {row['only_pavedroad']} | {row['only_checkov']} |")
    return "\n".join(rows)


def audit_table(audits: list[dict[str, Any]]) -> str:
    rows = [
        f"| zizmor audit | locations | severity | confidence | pavedroad same line | pavedroad ±{NEAR_LINES} lines "
        "| pavedroad same file | pavedroad rules at the same lines |",
        "|---|---:|---|---|---:|---:|---:|---|",
    ]
    for audit in audits:
        rows.append(
            f"| {audit['audit']} | {audit['locations']} | {compact(audit['severity'])} "
            f"| {compact(audit['confidence'])} | {audit['pavedroad_same_line']} | {audit['pavedroad_near_line']} "
            f"| {audit['pavedroad_same_file']} "
            f"| {compact(audit['pavedroad_rules_same_line']) or '–'} |"
        )
    return "\n".join(rows)


def compact(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items())


def render_report(document: dict[str, Any], only_checkov: list[dict[str, Any]]) -> str:
    tools, corpus, machine = document["tools"], document["corpus"], document["machine"]
    findings, details = document["findings"], document["details"]
    pipelines = document["pipelines_comparison"]
    lines = [
        f"## IaC and pipelines: pavedroad {tools['pavedroad']} ({short_revision(tools['pavedroad_revision'])}) "
        f"vs Checkov {tools['checkov']} and zizmor {tools['zizmor']}",
        "",
        f"Corpus: {corpus['source']}: {len(corpus['manifest']['repositories'])} repositories, "
        f"{corpus['files']} files, {corpus['megabytes']} MB (manifest {corpus['manifest_sha256'][:12]}); "
        f"by kind: {compact(corpus['kinds'])}. Workflows gathered for the pipeline run: "
        f"{corpus['workflows']} ({corpus['workflows_with_local_uses']} call a local `uses: ./...`). "
        f"Machine: {machine['cpu_count']} CPUs, Python {machine['python']}, "
        f"load average at start {machine['load_average_at_start'][0]}.",
        "",
        timing_table(document),
        "",
        "### IaC: resources flagged at all (pavedroad vs Checkov)",
        "",
        overlap_table(document["iac_overlap"]),
        "",
        f"Not compared (no counterpart in the other tool's output): "
        f"pavedroad {compact(document['not_compared']['pavedroad']) or 'none'}; "
        f"Checkov {compact(document['not_compared']['checkov']) or 'none'}.",
        "",
        "### Pipelines: GitHub Actions workflows (pavedroad vs zizmor)",
        "",
    ]
    if pipelines is None:
        lines.append("Not compared: no workflows in the corpus, or a tool wrote no report (see Problems).")
    else:
        lines += ["| compared by | both | only pavedroad | only zizmor |", "|---|---:|---:|---:|"]
        for unit, label in (
            ("file_line", "(file, line)"),
            ("file_line_near", f"(file, line ±{NEAR_LINES}) ¹"),
            ("files", "file"),
        ):
            row = pipelines[unit]
            lines.append(f"| {label} | {row['both']} | {row['only_pavedroad']} | {row['only_zizmor']} |")
        lines += [
            "",
            f"¹ both: zizmor locations with a pavedroad location within {NEAR_LINES} lines in the same file; "
            f"only: locations of one tool with none of the other's within {NEAR_LINES} lines.",
            "",
            audit_table(document["zizmor_audits"]),
            "",
        ]
        pipeline_rules = findings[PIPELINES]["by_rule"] if findings.get(PIPELINES) else {}
        lines.append(f"pavedroad pipeline rules: {compact(pipeline_rules) or 'none'}.")
    lines += ["", f"### Checked by Checkov, not flagged by pavedroad (top {TOP} check ids; all in the JSON)", ""]
    unflagged = {entry["resource_key"] for group in only_checkov for entry in group["resources"]}
    lines += [
        f"{sum(group['count'] for group in only_checkov)} (check, resource) pairs in {len(only_checkov)} check ids "
        f"on {len(unflagged)} resources that pavedroad flags nothing on.",
        "",
        "| check id | name | framework | resources | failed checks (per module instance) "
        "| same check on resources pavedroad flags |",
        "|---|---|---|---:|---:|---:|",
    ]
    for group in only_checkov[:TOP]:
        lines.append(
            f"| {group['check_id']} | {group['check_name']} | {group['framework']} | {group['count']} "
            f"| {group['failed_checks']} | {group['also_failed_on_resources_pavedroad_flags']} |"
        )
    lines += ["", "### Problems", ""]
    lines += problem_lines(details)
    lines += [
        "",
        "### Notes",
        "",
        "- Checkov OSS without an API key reports `severity: null` for its checks: those count as *unrated*.",
        "- Resource keys: file path relative to the corpus root + address (Terraform `type.name` without "
        "module prefixes and indexes; Kubernetes `Kind/namespace/name`, namespace `default` when unset; "
        "CloudFormation logical id; Dockerfile: the file alone). Helm chart files and Compose files are not "
        "compared: Checkov's helm and kustomize frameworks need the helm/kustomize binaries "
        f"(helm: {document['binaries']['helm'] or 'absent'}, "
        f"kustomize: {document['binaries']['kustomize'] or 'absent'}), "
        "and Checkov has no Compose framework.",
        "- pavedroad's findings are counted once per rule and location; Checkov's once per failed check and "
        "resource *instance* (a resource in a module called from ten examples fails ten times); zizmor's once "
        "per finding (its first primary location is compared). The overlap counts distinct resource keys.",
        f"- Memory: {document['memory_method']}.",
    ]
    return "\n".join(lines)


def problem_lines(details: dict[str, Any]) -> list[str]:
    lines = []
    for name in (IAC, PIPELINES):
        detail = details[name]
        if "report" in detail:
            lines.append(f"- {name}: report {detail['report']}")
            continue
        errors = detail["errors"]
        lines.append(f"- {name}: {len(errors)} error entries, {len(detail['skipped'])} skipped files.")
        lines += [f"  - `{error['path']}`:{error['line']}: {error['message']}" for error in errors]
        lines += [f"  - skipped `{skip['path']}`: {skip['reason']}" for skip in detail["skipped"]]
    checkov = details[CHECKOV]
    lines.append(
        f"- checkov: {len(checkov.get('parsing_errors', []))} parsing errors"
        + (": " + ", ".join(f"`{path}`" for path in checkov["parsing_errors"]) if checkov.get("parsing_errors") else "")
        + f"; {checkov.get('skipped_checks_inline', 0)} checks skipped by inline comments in the corpus."
    )
    for name, stderr in details["stderr"].items():
        if stderr["notable_lines_last_run"]:
            lines.append(
                f"- {name} stderr: {stderr['lines_per_run']} lines per run, "
                f"{stderr['notable_lines_last_run']} warnings or errors in the last run, e.g.:"
            )
            lines += [f"  - `{line[:240]}`" for line in stderr["notable"][:5]]
    return lines


# ---------------------------------------------------------------- main


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"default: {DEFAULT_CORPUS}")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool; the median is reported")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_SECONDS,
        help="seconds after which a run is killed (default %(default)s)",
    )
    parser.add_argument("--keep", type=Path, help="copy the raw reports (last run) and every run's stderr here")
    arguments = parser.parse_args(argv)
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    return arguments


def check_corpus(source: Path) -> Path:
    if not source.is_dir():
        raise SystemExit(
            f"error: corpus directory {source} does not exist. Rebuild it from its MANIFEST.tsv "
            "(see benchmarks/README.md, 'iac.py'), or pass --corpus DIR."
        )
    if not any(entry.is_dir() for entry in source.iterdir()):
        raise SystemExit(f"error: corpus directory {source} has no repository sub-directories (<owner>__<name>/)")
    return source.resolve()


def keep_outputs(workdir: Path, destination: Path) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    for path in workdir.iterdir():
        if path.is_file():
            shutil.copy2(path, destination / path.name)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    source = check_corpus(arguments.corpus)
    pavedroad = pavedroad_executable()
    checkov_bin = ensure_peer_venv("checkov", CHECKOV_REQUIREMENT)
    zizmor_bin = ensure_peer_venv("zizmor", ZIZMOR_REQUIREMENT)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    machine = machine_info()
    revision = pavedroad_revision()
    manifest_rows = read_manifest(source)
    with tempfile.TemporaryDirectory(prefix="pavedroad-bench-iac-") as temporary:
        workdir = Path(temporary)
        iac_tree, workflow_tree = workdir / "corpus", workdir / "workflows"
        copy_corpus(source, iac_tree)
        workflow_paths = gather_workflows(iac_tree, workflow_tree)
        files, size = corpus_size(iac_tree)
        relpaths = [path.relative_to(iac_tree).as_posix() for path in regular_files(iac_tree)]
        charts = chart_roots(relpaths)
        corpus = {
            "source": str(source),
            "files": files,
            "megabytes": round(size / MEGABYTE, 2),
            "manifest_sha256": corpus_manifest(iac_tree),
            "kinds": corpus_kinds(iac_tree),
            "workflows": len(workflow_paths),
            "workflows_with_local_uses": local_references(workflow_tree / ".github" / "workflows"),
            "manifest": manifest_summary(manifest_rows, iac_tree),
        }
        scenarios = build_scenarios(
            pavedroad, checkov_bin, zizmor_bin, iac_tree, workflow_tree, workdir, arguments.timeout
        )
        runs = run_all(scenarios, iac_tree, workdir, arguments.repeat)
        reports = {
            IAC: load_json(workdir / "pavedroad-iac.json"),
            CHECKOV: load_json(workdir / "checkov.json"),
            PIPELINES: load_json(workdir / "pavedroad-pipelines.json"),
            ZIZMOR: load_json(workdir / "zizmor.json"),
        }
        stderr = {scenario.name: stderr_summary(workdir, scenario.name, arguments.repeat) for scenario in scenarios}
        commands = {scenario.name: readable(scenario.command, workdir) for scenario in scenarios}
        if arguments.keep:
            keep_outputs(workdir, arguments.keep)
    summaries = {name: summarise(name, measured, arguments.timeout) for name, measured in runs.items()}
    document = {
        "benchmark": "iac",
        "started": started,
        "repeat": arguments.repeat,
        "timeout_seconds": arguments.timeout,
        "machine": machine,
        "tools": {
            "pavedroad": tool_version(pavedroad),
            "pavedroad_revision": revision,
            "checkov": tool_version(checkov_bin / "checkov"),
            "zizmor": tool_version(zizmor_bin / "zizmor"),
        },
        "binaries": {"helm": shutil.which("helm"), "kustomize": shutil.which("kustomize")},
        "checkov_environment": CHECKOV_OFFLINE_ENV,
        "commands": commands,
        "inputs": {
            IAC: f"corpus ({files} files)",
            CHECKOV: f"corpus ({files} files)",
            PIPELINES: f"{len(workflow_paths)} workflows",
            ZIZMOR: f"{len(workflow_paths)} workflows",
        },
        "corpus": corpus,
        "memory_method": memory_method(),
        "summaries": summaries,
    }
    comparison, groups = compare(reports, workflow_paths, charts)
    only_checkov, elsewhere = split_only_checkov(groups)
    document |= comparison
    document["details"]["stderr"] = stderr
    RESULTS.mkdir(parents=True, exist_ok=True)
    today = date.today().isoformat()
    output = RESULTS / f"iac-{today}.json"
    output.write_text(json.dumps(document, indent=2) + "\n")
    only_output = RESULTS / f"iac-checkov-only-{today}.json"
    only_output.write_text(
        json.dumps(
            {
                "benchmark": "iac: Checkov failed checks on resources pavedroad does not flag",
                "started": started,
                "tools": document["tools"],
                "corpus": {key: corpus[key] for key in ("source", "files", "manifest_sha256")},
                "note": (
                    "Checkov OSS without an API key gives no severities (severity null), so this is every "
                    "failed check on a resource (see the resource key rules in benchmarks/README.md) that "
                    "pavedroad flags nothing on, grouped by check id, most frequent first. 'count' is distinct "
                    "resources, 'failed_checks' Checkov's own count (once per module instance, listed in "
                    "'checkov_addresses'). "
                    "'also_failed_on_resources_pavedroad_flags' counts the same check on resources pavedroad "
                    "does flag, for other reasons, with the pavedroad rules found there; check ids that failed "
                    "only on such resources are counted in 'check_ids_failing_only_on_resources_pavedroad_flags'. "
                    "Checkov's pod-template addresses (Pod.<ns>.<workload>.<label>) are re-addressed to their "
                    "workload where it is unambiguous; 'checkov_addresses' keep Checkov's own addresses."
                ),
                "unflagged_resource_check_pairs": sum(group["count"] for group in only_checkov),
                "unflagged_resources": len(
                    {entry["resource_key"] for group in only_checkov for entry in group["resources"]}
                ),
                "checks": only_checkov,
                "check_ids_failing_only_on_resources_pavedroad_flags": elsewhere,
            },
            indent=2,
        )
        + "\n"
    )
    written = [output, only_output]
    if (source / MANIFEST_NAME).is_file():
        # the list of files and commits (no file content), so that this run's corpus can be rebuilt
        written.append(RESULTS / f"iac-manifest-{today}.tsv")
        shutil.copyfile(source / MANIFEST_NAME, written[-1])
    print(render_report(document, only_checkov))
    print(f"\nResults written to {', '.join(str(path.relative_to(REPOSITORY)) for path in written)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
