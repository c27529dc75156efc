"""Precision and recall of pavedroad's SAST analyzer on the labelled corpus, and its speed on a large
real tree, next to Bandit.

    .venv/bin/python benchmarks/sast.py [--repeat N] [--quick] [--corpus PATH] [--timeout SECONDS]
                                        [--part all|corpus|speed] [--jobs N]

1. The labelled corpus: tests/fixtures/sast/<group>/<case>/, each case a small program whose
   expected findings are `# expect: sast/python-<rule>` comments on the sink lines (read with
   tests/sast_corpus.py). Every case is copied into its own directory of a temporary root.
   pavedroad scans each case directory on its own, so no case can see another's modules (the
   report also says what one scan of the whole root changes: nothing, at the time of writing,
   since imports resolve by module-name suffix). Bandit, which has no
   cross-module analysis, scans the root once. Findings match labels by (rule, file, line);
   Bandit's test ids are first mapped to pavedroad's rules (BANDIT_RULES).
2. Speed: both tools on a copy of the project venv's site-packages (or --corpus), median of
   --repeat runs, with wall and CPU time, memory, findings and each tool's error entries.
   With --previous-src DIR, pavedroad is also run from another source tree (DIR on PYTHONPATH, e.g.
   the `src/` of a checkout of the previous revision), interleaved with the others so that both
   versions meet the same machine load, and the two versions' findings are compared.
   The speed corpus of the 2026-11-30 results, 3,185 .py files, is the project venv's
   site-packages as it was then: the entries installed since are left out when copying it again.

Bandit comes from PyPI, pinned, in its own venv under benchmarks/.venvs/. Results go to stdout
as Markdown and to benchmarks/results/sast-<date>[-part].json (-2, -3... when that exists: earlier
results are never overwritten). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import count
from pathlib import Path, PurePosixPath
from typing import Any

from benchlib import (
    MEGABYTE,
    PROJECT_VENV,
    REPOSITORY,
    RESULTS,
    Deadline,
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
    regular_files,
    run_all,
    short_revision,
    source_digest,
    stderr_summary,
    summarise_runs,
    tool_version,
)

# the labels are read by the tests' own helper (tests/ is not a package)
sys.path.insert(0, str(REPOSITORY / "tests"))

from sast_corpus import CORPUS as LABELLED_CORPUS
from sast_corpus import Label, cases, expected, known_gaps

from pavedroad.analyzers.sast.analyzer import SKIPPED_KINDS
from pavedroad.core.filekinds import HEAD_BYTES, classify

BANDIT_REQUIREMENT = "bandit==1.9.4"
DEFAULT_TIMEOUT_SECONDS = 1800.0
CASE_TIMEOUT_SECONDS = 120.0  # one case is a few small files: a scan this long is stuck
QUICK_PYTHON_FILES = 2000
TOP = 30
FIRST_ERRORS = 10
SAMPLE = 40  # pavedroad findings on the speed corpus kept in the JSON, for triage
PAVEDROAD = "pavedroad"
PAVEDROAD_SAST = "pavedroad sast"
PREVIOUS_SAST = "pavedroad sast (previous src)"
# pavedroad iterates sets of strings in places where ties pick which equally short trace a finding
# shows: one hash seed for every pavedroad run makes two versions' reports comparable line by line.
HASH_SEED = "0"
BANDIT = "bandit"
RULE_PREFIX = "sast/python-"
SYNTAX_ERROR = "not valid Python 3"
SIZES = re.compile(r"\s*\(\d+ bytes\)")  # "larger than the limit (36848440 bytes)": one reason, many sizes
UNMAPPED = "bandit:"  # prefix of the rule of a Bandit finding with no pavedroad counterpart

# Bandit 1.9.4 test id -> the pavedroad rule it reports the same weakness as (RULE_PREFIX + value).
# A mapping counts only when that rule exists in the pavedroad under test or labels in the corpus
# use it; Bandit's other findings are "unmapped" and always false positives (reported separately).
BANDIT_RULES: dict[str, str] = {
    "B608": "sql-injection",  # hardcoded_sql_expressions: flags the string built, not the execute()
    "B610": "sql-injection",  # django_extra_used
    "B611": "sql-injection",  # django_rawsql_used
    "B601": "command-injection",  # paramiko_calls (exec_command)
    "B602": "command-injection",  # subprocess_popen_with_shell_equals_true
    "B604": "command-injection",  # any_other_function_with_shell_equals_true
    "B605": "command-injection",  # start_process_with_a_shell (os.system, os.popen...)
    "B607": "command-injection",  # start_process_with_partial_path
    "B609": "command-injection",  # linux_commands_wildcard_injection
    "B102": "code-injection",  # exec_used
    "B307": "code-injection",  # eval
    "B301": "unsafe-deserialization",  # pickle
    "B302": "unsafe-deserialization",  # marshal
    "B403": "unsafe-deserialization",  # import_pickle (the import line)
    "B506": "unsafe-deserialization",  # yaml_load
    "B614": "unsafe-deserialization",  # pytorch_load
    "B202": "path-traversal",  # tarfile_unsafe_members
    "B310": "ssrf",  # urllib_urlopen
    "B308": "xss",  # mark_safe
    "B701": "xss",  # jinja2_autoescape_false
    "B702": "xss",  # use_of_mako_templates
    "B703": "xss",  # django_mark_safe
    "B704": "xss",  # markupsafe_markup_xss
    "B313": "xxe",  # xml_bad_cElementTree
    "B314": "xxe",  # xml_bad_ElementTree
    "B315": "xxe",  # xml_bad_expatreader
    "B316": "xxe",  # xml_bad_expatbuilder
    "B317": "xxe",  # xml_bad_sax
    "B318": "xxe",  # xml_bad_minidom
    "B319": "xxe",  # xml_bad_pulldom
    "B405": "xxe",  # import_xml_etree (the import line)
    "B406": "xxe",  # import_xml_sax
    "B407": "xxe",  # import_xml_expat
    "B408": "xxe",  # import_xml_minidom
    "B409": "xxe",  # import_xml_pulldom
    "B411": "xxe",  # import_xmlrpclib
    # weaknesses without data flow (pavedroad's pattern rules, where it has them)
    "B201": "debug-enabled",  # flask_debug_true
    "B303": "weak-hash",  # md5 / sha1 through cryptography
    "B324": "weak-hash",  # hashlib_insecure_functions
    "B304": "weak-cipher",  # ciphers
    "B305": "weak-cipher",  # cipher_modes
    "B311": "insecure-random",  # random
    "B501": "tls-verification-disabled",  # request_with_no_cert_validation (requests/httpx verify=False)
    "B323": "ssl-unverified-context",  # unverified_context (ssl._create_unverified_context)
    "B502": "insecure-tls-version",  # ssl_with_bad_version (SSLv2/3, TLS 1.0)
    "B503": "insecure-tls-version",  # ssl_with_bad_defaults
    "B504": "insecure-tls-version",  # ssl_with_no_version
    "B306": "insecure-tempfile",  # mktemp_q (B108 hardcoded_tmp_directory is another weakness: unmapped)
    "B104": "bind-all-interfaces",  # hardcoded_bind_all_interfaces
    "B101": "assert-for-access-control",  # assert_used (every assert)
    "B103": "permissive-chmod",  # set_bad_file_permissions
    "B105": "hardcoded-secret-key",  # hardcoded_password_string
    "B106": "hardcoded-secret-key",  # hardcoded_password_funcarg
    "B107": "hardcoded-secret-key",  # hardcoded_password_default
}


@dataclass(frozen=True, slots=True)
class Reported:
    """One finding reduced to what the matching needs; `line`..`last_line` is Bandit's line_range."""

    rule: str  # a pavedroad rule id, or UNMAPPED + Bandit test id
    path: str  # relative to the case directory
    line: int
    last_line: int
    tool_rule: str  # the tool's own id (pavedroad's rule, Bandit's test id)


@dataclass(slots=True)
class CaseScan:
    """What pavedroad reported on one case directory."""

    case: str
    seconds: float
    exit_code: int | None
    findings: list[Reported] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    problem: str | None = None  # no JSON report: crash, kill, unreadable output


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    case_level: int = 0  # labels whose rule the tool reports somewhere in the same case

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.case_level += other.case_level

    def as_dict(self) -> dict[str, Any]:
        labels = self.tp + self.fn
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "labels": labels,
            "precision": ratio(self.tp, self.tp + self.fp),
            "recall": ratio(self.tp, labels),
            "recall_rule_anywhere_in_case": ratio(self.case_level, labels),
        }


def ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


# ---------------------------------------------------------------- the labelled corpus


def case_id(case: Path) -> str:
    return case.relative_to(LABELLED_CORPUS).as_posix()


def copy_cases(root: Path) -> dict[str, set[Label]]:
    """Each case into root/<group>/<case>/; returns {case id: its labels}."""
    labels = {}
    for case in cases():
        identifier = case_id(case)
        shutil.copytree(case, root / identifier, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        labels[identifier] = expected(case)
    return labels


def pavedroad_command(pavedroad: Path, target: Path) -> list[str]:
    return [
        str(pavedroad),
        "scan",
        str(target),
        "--analyzers",
        "sast",
        "--format",
        "json",
        "--no-cache",
        "--no-baseline",
    ]


def bandit_command(bandit_bin: Path, target: Path) -> list[str]:
    return [str(bandit_bin / "bandit"), "-r", str(target), "-f", "json", "-q"]


def run_captured(command: list[str], cwd: Path, timeout: float) -> tuple[int | None, str, str, float]:
    """(exit code, stdout, stderr, seconds); the process tree is killed after `timeout` seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Deadline(process.pid, timeout, spare_root=False):
        stdout, stderr = process.communicate()
    return process.returncode, stdout, stderr, time.perf_counter() - started


def parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def pavedroad_reported(document: dict[str, Any]) -> list[Reported]:
    found = []
    for finding in document.get("findings", []):
        if not finding.get("active", True) or not finding["rule_id"].startswith("sast/"):
            continue
        location = finding["location"]
        line = int(location.get("start_line") or 0)
        found.append(Reported(finding["rule_id"], location["path"], line, line, finding["rule_id"]))
    return found


def scan_with_pavedroad(pavedroad: Path, directory: Path, name: str, timeout: float) -> CaseScan:
    exit_code, stdout, stderr, seconds = run_captured(pavedroad_command(pavedroad, directory), directory, timeout)
    document = parse_json(stdout)
    scan = CaseScan(name, round(seconds, 3), exit_code)
    if not isinstance(document, dict):
        tail = " | ".join(stderr.strip().splitlines()[-5:]) or "(nothing on stderr)"
        killed = " (killed: timeout)" if seconds >= timeout else ""
        scan.problem = f"exit {exit_code}{killed}, no JSON report; stderr: {tail[:1000]}"
        return scan
    scan.findings = pavedroad_reported(document)
    scan.errors = list(document.get("errors", []))
    return scan


def scan_cases(pavedroad: Path, root: Path, names: Iterable[str], jobs: int, timeout: float) -> dict[str, CaseScan]:
    names = list(names)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        scans = pool.map(lambda name: scan_with_pavedroad(pavedroad, root / name, name, timeout), names)
        return dict(zip(names, scans, strict=True))


def split_by_case(path: str, case_names: set[str]) -> tuple[str, str] | None:
    """`group/case/rest` -> (`group/case`, `rest`) when `group/case` is a case."""
    parts = PurePosixPath(path).parts
    if len(parts) < 3:
        return None
    name = f"{parts[0]}/{parts[1]}"
    return (name, PurePosixPath(*parts[2:]).as_posix()) if name in case_names else None


def single_root_findings(scan: CaseScan, case_names: set[str]) -> dict[str, set[tuple[str, str, int]]]:
    found: dict[str, set[tuple[str, str, int]]] = defaultdict(set)
    for item in scan.findings:
        split = split_by_case(item.path, case_names)
        if split is not None:
            found[split[0]].add((item.rule, split[1], item.line))
    return found


def bandit_rule(test_id: str, mapped: set[str]) -> str:
    target = RULE_PREFIX + BANDIT_RULES[test_id] if test_id in BANDIT_RULES else None
    return target if target in mapped else UNMAPPED + test_id


def bandit_on_cases(
    bandit_bin: Path, root: Path, case_names: set[str], mapped: set[str], timeout: float
) -> dict[str, Any]:
    exit_code, stdout, stderr, seconds = run_captured(bandit_command(bandit_bin, root), root, timeout)
    document = parse_json(stdout)
    result: dict[str, Any] = {"seconds": round(seconds, 2), "exit_code": exit_code, "by_case": defaultdict(list)}
    if not isinstance(document, dict):
        tail = " | ".join(stderr.strip().splitlines()[-5:])
        result["problem"] = f"exit {exit_code}, no JSON report; stderr: {tail[:1000]}"
        return result
    result["errors"] = [
        {"path": os.path.relpath(error.get("filename", ""), root), "reason": error.get("reason", "")}
        for error in document.get("errors", [])
    ]
    names: dict[str, str] = {}
    for issue in document.get("results", []):
        split = split_by_case(Path(os.path.relpath(issue["filename"], root)).as_posix(), case_names)
        if split is None:
            continue
        test_id = issue["test_id"]
        names[test_id] = issue.get("test_name", "")
        line = int(issue["line_number"])
        last = max([line, *(int(number) for number in issue.get("line_range") or [])])
        result["by_case"][split[0]].append(Reported(bandit_rule(test_id, mapped), split[1], line, last, test_id))
    result["test_names"] = names
    return result


def deduplicated(found: Iterable[Reported]) -> list[Reported]:
    """One finding per (rule, file, line): several sources reaching one sink, or two Bandit tests
    mapped to the same rule on one line, count once. Bandit's line ranges are merged."""
    merged: dict[tuple[str, str, int], Reported] = {}
    for item in found:
        key = (item.rule, item.path, item.line)
        previous = merged.get(key)
        if previous is None or previous.last_line < item.last_line:
            merged[key] = item
    return sorted(merged.values(), key=lambda item: (item.path, item.line, item.rule))


@dataclass(slots=True)
class CaseScore:
    missed: list[Label]
    false: list[Reported]
    hit: list[Label]
    case_level: set[Label]


def score_case(labels: set[Label], found: list[Reported]) -> CaseScore:
    """A label is hit when a finding of its rule in its file spans its line; a finding hitting no label is false."""
    hit: set[Label] = set()
    false = []
    for item in found:
        matching = {
            label
            for label in labels
            if label[0] == item.rule and label[1] == item.path and item.line <= label[2] <= item.last_line
        }
        hit |= matching
        if not matching:
            false.append(item)
    rules = {item.rule for item in found}
    return CaseScore(
        missed=sorted(labels - hit),
        false=false,
        hit=sorted(hit),
        case_level={label for label in labels if label[0] in rules},
    )


def evaluate(labels: dict[str, set[Label]], found: dict[str, list[Reported]]) -> dict[str, Any]:
    """Per rule, per group and overall TP/FP/FN; per case the misses and the false positives."""
    per_rule: dict[str, Tally] = defaultdict(Tally)
    per_group: dict[str, Tally] = defaultdict(Tally)
    per_case = {}
    for name, case_labels in labels.items():
        result = score_case(case_labels, deduplicated(found.get(name, [])))
        tallies: dict[str, Tally] = defaultdict(Tally)
        for label in result.hit:
            tallies[label[0]].tp += 1
        for label in result.missed:
            tallies[label[0]].fn += 1
        for label in result.case_level:
            tallies[label[0]].case_level += 1
        for item in result.false:
            tallies[item.rule].fp += 1
        for rule, tally in tallies.items():
            per_rule[rule].add(tally)
            per_group[name.split("/", 1)[0]].add(tally)
        per_case[name] = {
            "labels": len(case_labels),
            "missed": [{"rule": rule, "path": path, "line": line} for rule, path, line in result.missed],
            "false_positives": [
                {"rule": item.rule, "tool_rule": item.tool_rule, "path": item.path, "line": item.line}
                for item in result.false
            ],
        }
    overall = Tally()
    mapped_only = Tally()
    for rule, tally in per_rule.items():
        overall.add(tally)
        if not rule.startswith(UNMAPPED):
            mapped_only.add(tally)
    return {
        "overall": overall.as_dict(),
        "overall_excluding_unmapped": mapped_only.as_dict(),
        "per_rule": {rule: per_rule[rule].as_dict() for rule in sorted(per_rule)},
        "per_group": {group: per_group[group].as_dict() for group in sorted(per_group)},
        "per_case": per_case,
    }


def misses(evaluation: dict[str, Any], gaps: set[str], failed: Container[str] = ()) -> list[dict[str, Any]]:
    """Cases with at least one label the tool does not report: those no known-gaps file lists and
    whose scan did not fail first, then most labels missed first."""
    missed = [
        {
            "case": name,
            "labels": case["labels"],
            "missed": case["missed"],
            "known_gap": name in gaps,
            "scan_failed": name in failed,
        }
        for name, case in evaluation["per_case"].items()
        if case["missed"]
    ]
    return sorted(
        missed, key=lambda entry: (entry["scan_failed"], entry["known_gap"], -len(entry["missed"]), entry["case"])
    )


def false_positive_cases(evaluation: dict[str, Any]) -> list[dict[str, Any]]:
    entries = [
        {"case": name, "labels": case["labels"], "false_positives": case["false_positives"]}
        for name, case in evaluation["per_case"].items()
        if case["false_positives"]
    ]
    return sorted(entries, key=lambda entry: (-len(entry["false_positives"]), entry["case"]))


def sast_rules(pavedroad: Path) -> list[str]:
    completed = subprocess.run(
        [str(pavedroad), "rules", "list", "--family", "sast"], capture_output=True, text=True, check=True
    )
    return sorted(line.split()[0] for line in completed.stdout.splitlines() if line.strip())


def bandit_tests(bandit_bin: Path) -> dict[str, str]:
    """{test id: name} of the plugins this Bandit loads, from the list `bandit -h` ends with."""
    completed = subprocess.run([str(bandit_bin / "bandit"), "-h"], capture_output=True, text=True)
    tests = {}
    for line in completed.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and re.fullmatch(r"B\d{3}", parts[0]):
            tests[parts[0]] = parts[1]
    return tests


def mapping_table(pavedroad_rules: set[str], labelled: set[str], tests: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "bandit_test": test_id,
            "bandit_test_name": tests.get(test_id),
            "pavedroad_rule": RULE_PREFIX + category,
            "rule_in_pavedroad": RULE_PREFIX + category in pavedroad_rules,
            "rule_labelled_in_corpus": RULE_PREFIX + category in labelled,
        }
        for test_id, category in sorted(BANDIT_RULES.items())
    ]


def single_root_check(
    per_case: dict[str, CaseScan], single: CaseScan, case_names: set[str], labels: dict[str, set[Label]]
) -> dict[str, Any]:
    """How one pavedroad scan of the whole root differs from scanning each case on its own."""
    from_root = single_root_findings(single, case_names)
    differences = []
    for name in sorted(case_names):
        alone = {(item.rule, item.path, item.line) for item in per_case[name].findings}
        together = from_root.get(name, set())
        if alone != together:
            differences.append(
                {
                    "case": name,
                    "only_alone": sorted(map(list, alone - together)),
                    "only_in_root_scan": sorted(map(list, together - alone)),
                }
            )
    found = {
        name: [Reported(rule, path, line, line, rule) for rule, path, line in items]
        for name, items in from_root.items()
    }
    evaluation = evaluate(labels, found)
    return {
        "seconds": single.seconds,
        "exit_code": single.exit_code,
        "problem": single.problem,
        "errors": len(single.errors),
        "overall": evaluation["overall"],
        "cases_differing": len(differences),
        "labels_lost": sum(
            1
            for entry in differences
            for rule, path, line in entry["only_alone"]
            if (rule, path, line) in labels[entry["case"]]
        ),
        "differences": differences,
    }


def cases_command(command: list[str], root: Path) -> str:
    """The command as a reader would type it, with the temporary root of the copied cases as CASES."""
    return " ".join(command).replace(str(root), "CASES")


def evaluate_corpus(pavedroad: Path, bandit_bin: Path, workdir: Path, jobs: int, timeout: float) -> dict[str, Any]:
    root = workdir / "cases"
    root.mkdir()
    labels = copy_cases(root)
    if not labels:
        raise SystemExit(f"error: no cases under {LABELLED_CORPUS}")
    names = set(labels)
    pavedroad_rules = set(sast_rules(pavedroad))
    labelled = {label[0] for case_labels in labels.values() for label in case_labels}
    mapped = {RULE_PREFIX + category for category in BANDIT_RULES.values()} & (pavedroad_rules | labelled)
    print(f"corpus: pavedroad on {len(labels)} cases, {jobs} at a time ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    per_case = scan_cases(pavedroad, root, sorted(names), jobs, min(timeout, CASE_TIMEOUT_SECONDS))
    pavedroad_seconds = time.perf_counter() - started
    print("corpus: pavedroad on the whole root once ...", file=sys.stderr, flush=True)
    single = scan_with_pavedroad(pavedroad, root, ".", timeout)
    print("corpus: bandit on the whole root ...", file=sys.stderr, flush=True)
    bandit = bandit_on_cases(bandit_bin, root, names, mapped, timeout)
    gaps = known_gaps()
    failed = {name for name, scan in per_case.items() if scan.problem is not None}
    tests = bandit_tests(bandit_bin)
    pavedroad_eval = evaluate(labels, {name: scan.findings for name, scan in per_case.items()})
    bandit_eval = evaluate(labels, bandit["by_case"])
    unmapped = Counter(
        item.tool_rule for found in bandit["by_case"].values() for item in found if item.rule.startswith(UNMAPPED)
    )
    # the plugin names of `bandit -h` ("random" where the JSON says "blacklist" for B311)
    test_names = {**bandit.get("test_names", {}), **tests}
    return {
        "source": str(LABELLED_CORPUS.relative_to(REPOSITORY)),
        "source_sha256": corpus_manifest(LABELLED_CORPUS),
        "cases": len(labels),
        "cases_per_group": dict(sorted(Counter(name.split("/", 1)[0] for name in labels).items())),
        "cases_without_labels": sum(1 for case_labels in labels.values() if not case_labels),
        "labels": sum(len(case_labels) for case_labels in labels.values()),
        "labels_per_rule": dict(
            Counter(label[0] for case_labels in labels.values() for label in case_labels).most_common()
        ),
        "known_gaps_listed": sorted(gaps),
        "known_gaps_not_cases": sorted(gaps - names),
        "pavedroad_rules": sorted(pavedroad_rules),
        "labelled_rules_not_in_pavedroad": sorted(labelled - pavedroad_rules),
        "bandit_mapping": mapping_table(pavedroad_rules, labelled, tests),
        "bandit_tests_mapped_but_not_installed": sorted(set(BANDIT_RULES) - set(tests)),
        "commands": {
            "pavedroad, each case": cases_command(pavedroad_command(pavedroad, root / "GROUP" / "CASE"), root),
            "pavedroad, whole root (check only)": cases_command(pavedroad_command(pavedroad, root), root),
            "bandit, whole root": cases_command(bandit_command(bandit_bin, root), root),
        },
        PAVEDROAD: {
            "seconds_all_cases": round(pavedroad_seconds, 2),
            "parallel_scans": jobs,
            "evaluation": pavedroad_eval,
            "missed_cases": misses(pavedroad_eval, gaps, failed),
            "false_positive_cases": false_positive_cases(pavedroad_eval),
            "problems": [
                {"case": scan.case, "problem": scan.problem} for scan in per_case.values() if scan.problem is not None
            ],
            "errors": [{"case": scan.case, **error} for scan in per_case.values() for error in scan.errors],
            "exit_codes": dict(Counter(str(scan.exit_code) for scan in per_case.values())),
            "slowest_cases": sorted(
                ({"case": scan.case, "seconds": scan.seconds} for scan in per_case.values()),
                key=lambda entry: -entry["seconds"],
            )[:5],
        },
        BANDIT: {
            "seconds": bandit["seconds"],
            "exit_code": bandit["exit_code"],
            "problem": bandit.get("problem"),
            "errors": bandit.get("errors", []),
            "evaluation": bandit_eval,
            "missed_cases": misses(bandit_eval, gaps),
            "unmapped_findings": {
                f"{test_id} {test_names.get(test_id, '')}": count for test_id, count in unmapped.most_common()
            },
            "findings_by_test": dict(
                Counter(
                    f"{item.tool_rule} {test_names.get(item.tool_rule, '')}"
                    for found in bandit["by_case"].values()
                    for item in found
                ).most_common()
            ),
        },
        "single_root_check": single_root_check(per_case, single, names, labels),
    }


# ---------------------------------------------------------------- speed on a real tree


def default_speed_corpus() -> Path:
    candidates = sorted(PROJECT_VENV.glob("lib/python3*/site-packages"))
    if not candidates:
        raise SystemExit(f"no site-packages under {PROJECT_VENV}; pass --corpus PATH")
    return candidates[0]


def python_files(root: Path) -> int:
    return sum(1 for path in regular_files(root) if path.suffix == ".py")


def sast_inputs(root: Path) -> dict[str, int]:
    """Files pavedroad's classifier calls Python and its SAST analyzer does not skip (vendored, generated...),
    by suffix: it parses stubs (.pyi) and Python scripts without a suffix too, Bandit only *.py and *.pyw."""
    counts: Counter[str] = Counter()
    for path in regular_files(root):
        relpath = path.relative_to(root).as_posix()
        with path.open("rb") as handle:
            language, kinds = classify(relpath, handle.read(HEAD_BYTES))
        if language == "python" and not kinds & SKIPPED_KINDS:
            counts[path.suffix or "(no suffix)"] += 1
    return dict(counts.most_common())


def prepare_speed_corpus(source: Path, workdir: Path, quick: bool) -> tuple[Path, dict[str, Any]]:
    corpus = workdir / "corpus"
    copy_corpus(source, corpus, QUICK_PYTHON_FILES if quick else None, cost=python_files)
    files, size = corpus_size(corpus)
    subset = f"top-level entries in name order up to {QUICK_PYTHON_FILES} .py files" if quick else "all"
    return corpus, {
        "source": str(source),
        "subset": subset,
        "files": files,
        "megabytes": round(size / MEGABYTE, 2),
        "python_files": python_files(corpus),
        "pavedroad_sast_inputs_by_classifier": sast_inputs(corpus),
        "manifest_sha256": corpus_manifest(corpus),
    }


def speed_scenarios(
    pavedroad: Path, bandit_bin: Path, corpus: Path, workdir: Path, timeout: float, previous_src: Path | None
) -> list[Scenario]:
    def pavedroad_scenario(name: str, output: str, python_path: Path | None) -> Scenario:
        env = {**os.environ, "PYTHONHASHSEED": HASH_SEED}
        if python_path is not None:
            env["PYTHONPATH"] = str(python_path)
        command = pavedroad_command(pavedroad, corpus)
        return Scenario(name, PAVEDROAD, command, workdir / output, True, env=env, timeout=timeout)

    scenarios = [pavedroad_scenario(PAVEDROAD_SAST, "pavedroad-sast.json", None)]
    if previous_src is not None:
        scenarios.append(pavedroad_scenario(PREVIOUS_SAST, "pavedroad-sast-previous.json", previous_src))
    scenarios.append(
        Scenario(BANDIT, BANDIT, bandit_command(bandit_bin, corpus), workdir / "bandit.json", False, timeout=timeout)
    )
    return scenarios


def load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def finding_keys(document: Any) -> set[tuple[str, str, int, str]]:
    """(rule, path, line, message) of each active finding of a pavedroad JSON report."""
    if not isinstance(document, dict):
        return set()
    return {
        (item["rule_id"], item["location"]["path"], item["location"].get("start_line"), item.get("message", ""))
        for item in document.get("findings", [])
        if item.get("active", True)
    }


def version_comparison(current: Any, previous: Any) -> dict[str, Any]:
    """What the previous source tree reported differently on the speed corpus (traces included)."""
    ours, theirs = finding_keys(current), finding_keys(previous)
    traces = [
        [item.get("trace") for item in document.get("findings", [])] if isinstance(document, dict) else None
        for document in (current, previous)
    ]
    return {
        "identical_findings": bool(ours) == bool(current) and ours == theirs,
        "identical_traces": traces[0] is not None and traces[0] == traces[1],
        "only_current": sorted(map(list, ours - theirs)),
        "only_previous": sorted(map(list, theirs - ours)),
    }


def pavedroad_speed_findings(document: Any, corpus: Path) -> dict[str, Any]:
    if not isinstance(document, dict):
        return {"report": "missing or not JSON (see the stderr summary)"}
    findings = [item for item in document.get("findings", []) if item.get("active", True)]
    errors = document.get("errors", [])
    internal = [error for error in errors if SYNTAX_ERROR not in str(error.get("message", ""))]
    return {
        "total": len(findings),
        "files_with_findings": len({item["location"]["path"] for item in findings}),
        "by_rule": dict(Counter(item["rule_id"] for item in findings).most_common()),
        "files_scanned": document["run"].get("files_scanned"),
        "errors": len(errors),
        "syntax_errors": len(errors) - len(internal),
        "other_errors": internal,
        "first_errors": [
            {key: str(value).replace(str(corpus), "CORPUS") for key, value in error.items()}
            for error in errors[:FIRST_ERRORS]
        ],
        "sample": [
            {
                "rule": item["rule_id"],
                "path": item["location"]["path"],
                "line": item["location"].get("start_line"),
                "message": item.get("message", ""),
            }
            for item in sorted(findings, key=lambda item: (item["rule_id"], item["location"]["path"]))[:SAMPLE]
        ],
        "skipped": dict(
            Counter(SIZES.sub("", skip.get("reason", "?")) for skip in document.get("skipped", [])).most_common()
        ),
        "warnings": document.get("warnings", [])[:FIRST_ERRORS],
    }


def bandit_speed_findings(document: Any, corpus: Path, tests: dict[str, str]) -> dict[str, Any]:
    if not isinstance(document, dict):
        return {"report": "missing or not JSON (see the stderr summary)"}
    results = document.get("results", [])
    metrics = document.get("metrics", {})
    errors = document.get("errors", [])
    return {
        "total": len(results),
        "files_with_findings": len({item["filename"] for item in results}),
        "by_test": dict(
            Counter(
                f"{item['test_id']} {tests.get(item['test_id'], item['test_name'])}" for item in results
            ).most_common()
        ),
        "by_severity": dict(Counter(item["issue_severity"].lower() for item in results).most_common()),
        "files_scanned": len([name for name in metrics if name != "_totals"]),
        "lines_of_code": metrics.get("_totals", {}).get("loc"),
        "errors": len(errors),
        "first_errors": [
            {"path": os.path.relpath(error.get("filename", ""), corpus), "reason": error.get("reason", "")}
            for error in errors[:FIRST_ERRORS]
        ],
    }


def measure_speed(
    pavedroad: Path,
    bandit_bin: Path,
    source: Path,
    workdir: Path,
    options: argparse.Namespace,
) -> dict[str, Any]:
    corpus, stats = prepare_speed_corpus(source, workdir, options.quick)
    scenarios = speed_scenarios(pavedroad, bandit_bin, corpus, workdir, options.timeout, options.previous_src)
    runs = run_all(scenarios, corpus, workdir, options.repeat)
    summaries = {
        name: speed_summary(name, measured, stats["python_files"], options.timeout) for name, measured in runs.items()
    }
    reports = {scenario.name: load_json(scenario.stdout) for scenario in scenarios if scenario.tool == PAVEDROAD}
    result: dict[str, Any] = {
        "corpus": stats,
        "commands": {scenario.name: portable(scenario.command, corpus) for scenario in scenarios},
        "summaries": summaries,
        "findings": {
            **{name: pavedroad_speed_findings(report, corpus) for name, report in reports.items()},
            BANDIT: bandit_speed_findings(load_json(workdir / "bandit.json"), corpus, bandit_tests(bandit_bin)),
        },
        "stderr": {scenario.name: stderr_summary(workdir, scenario.name, options.repeat) for scenario in scenarios},
    }
    if options.previous_src is not None:
        result["previous_src"] = str(options.previous_src)
        result["versions_compared"] = version_comparison(reports[PAVEDROAD_SAST], reports[PREVIOUS_SAST])
    return result


def speed_summary(name: str, runs: list[Measurement], python_file_count: int, timeout: float) -> dict[str, Any]:
    summary = summarise_runs(name, runs, {"runs_timed_out": sum(1 for run in runs if run.wall_seconds >= timeout)})
    wall = summary["median_wall_seconds"]
    summary["python_files_per_second"] = round(python_file_count / wall, 1) if wall else None
    return summary


# ---------------------------------------------------------------- report


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def tally_cells(tally: dict[str, Any] | None) -> str:
    if tally is None:
        return "0 | 0 | 0 | – | – | –"
    return (
        f"{tally['tp']} | {tally['fp']} | {tally['fn']} | {percent(tally['precision'])} "
        f"| {percent(tally['recall'])} | {percent(tally['recall_rule_anywhere_in_case'])}"
    )


def accuracy_tables(corpus: dict[str, Any]) -> list[str]:
    ours, theirs = corpus[PAVEDROAD]["evaluation"], corpus[BANDIT]["evaluation"]
    header = (
        "| {first} | labels | pavedroad TP | FP | FN | precision | recall | recall ¹ "
        "| Bandit TP | FP | FN | precision | recall | recall ¹ |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rules = sorted(
        {rule for rule in [*ours["per_rule"], *theirs["per_rule"]] if not rule.startswith(UNMAPPED)},
        key=lambda rule: (-corpus["labels_per_rule"].get(rule, 0), rule),
    )
    lines = [header.format(first="rule")]
    for rule in rules:
        labels = corpus["labels_per_rule"].get(rule, 0)
        lines.append(
            f"| {rule.removeprefix(RULE_PREFIX)} | {labels} | {tally_cells(ours['per_rule'].get(rule))} "
            f"| {tally_cells(theirs['per_rule'].get(rule))} |"
        )
    unmapped_fp = theirs["overall"]["fp"] - theirs["overall_excluding_unmapped"]["fp"]
    lines.append(f"| Bandit, unmapped tests ² | 0 | – | – | – | – | – | – | 0 | {unmapped_fp} | 0 | – | – | – |")
    lines.append(
        f"| **all** | {corpus['labels']} | {tally_cells(ours['overall'])} | {tally_cells(theirs['overall'])} |"
    )
    lines.append(
        f"| **all, Bandit's unmapped findings left out** | {corpus['labels']} | {tally_cells(ours['overall'])} "
        f"| {tally_cells(theirs['overall_excluding_unmapped'])} |"
    )
    groups = ["", header.format(first="group")]
    for group in sorted(set(ours["per_group"]) | set(theirs["per_group"])):
        labels = ours["per_group"].get(group, {}).get("labels", 0)
        groups.append(
            f"| {group} ({corpus['cases_per_group'].get(group, 0)} cases) | {labels} "
            f"| {tally_cells(ours['per_group'].get(group))} | {tally_cells(theirs['per_group'].get(group))} |"
        )
    return [*lines, *groups]


def miss_lines(entries: list[dict[str, Any]]) -> list[str]:
    if not entries:
        return ["none"]
    lines = [f"{len(entries)} cases with missed labels; the first {min(TOP, len(entries))}:", ""]
    for entry in entries[:TOP]:
        missed = ", ".join(
            f"{item['rule'].removeprefix(RULE_PREFIX)} {item['path']}:{item['line']}" for item in entry["missed"]
        )
        gap = " *(listed as a known gap)*" if entry["known_gap"] else ""
        gap += " *(scan failed: no report)*" if entry.get("scan_failed") else ""
        lines.append(f"- `{entry['case']}`{gap}: {len(entry['missed'])}/{entry['labels']} missed — {missed}")
    return lines


def false_positive_lines(entries: list[dict[str, Any]]) -> list[str]:
    if not entries:
        return ["none"]
    lines = [f"{len(entries)} cases with findings no label asks for; the first {min(TOP, len(entries))}:", ""]
    for entry in entries[:TOP]:
        found = ", ".join(
            f"{item['rule'].removeprefix(RULE_PREFIX)} {item['path']}:{item['line']}"
            for item in entry["false_positives"]
        )
        kind = "no labels" if not entry["labels"] else f"{entry['labels']} labels"
        lines.append(f"- `{entry['case']}` ({kind}): {found}")
    return lines


def corpus_section(corpus: dict[str, Any]) -> list[str]:
    ours, theirs, check = corpus[PAVEDROAD], corpus[BANDIT], corpus["single_root_check"]
    inactive = sorted(
        {entry["pavedroad_rule"] for entry in corpus["bandit_mapping"]}
        - {
            entry["pavedroad_rule"]
            for entry in corpus["bandit_mapping"]
            if entry["rule_in_pavedroad"] or entry["rule_labelled_in_corpus"]
        }
    )
    lines = [
        "### Labelled corpus: precision and recall",
        "",
        f"{corpus['cases']} cases ({', '.join(f'{g} {n}' for g, n in corpus['cases_per_group'].items())}), "
        f"{corpus['labels']} labels on {len(corpus['labels_per_rule'])} rules, "
        f"{corpus['cases_without_labels']} cases without labels (every finding there is a false positive); "
        f"source {corpus['source']} (manifest {corpus['source_sha256'][:12]}). pavedroad scanned each case "
        f"directory alone ({ours['parallel_scans']} at a time, {ours['seconds_all_cases']} s in all); "
        f"Bandit scanned the root holding all cases once ({theirs['seconds']} s).",
        "",
        *accuracy_tables(corpus),
        "",
        "TP: labels a finding of the same rule in the same file reports on the labelled line (Bandit: "
        "anywhere in its line_range). FP: findings (one per rule, file and line) matching no label. "
        "FN: labels nothing matches. Precision TP/(TP+FP), recall TP/(TP+FN).",
        "¹ The same rule reported anywhere in the same case, any line: Bandit's B608 flags the SQL string "
        "where it is built, not the execute() the label is on.",
        f"² Bandit tests with no pavedroad counterpart (counted as FP in **all**): "
        f"{compact(theirs['unmapped_findings']) or 'none'}. Mapped tests whose pavedroad rule neither exists "
        f"in this pavedroad nor is labelled, so counted as unmapped: {', '.join(inactive) or 'none'}.",
        "",
        "Labelled rules that this pavedroad does not have: "
        f"{', '.join(corpus['labelled_rules_not_in_pavedroad']) or 'none'}.",
        "",
        "#### Labels pavedroad misses",
        "",
        *miss_lines(ours["missed_cases"]),
        "",
        "#### Labels Bandit misses",
        "",
        *miss_lines(theirs["missed_cases"]),
        "",
        "#### pavedroad's false positives",
        "",
        *false_positive_lines(ours["false_positive_cases"]),
        "",
        "#### One pavedroad scan of the whole root instead of one per case",
        "",
        f"{check['cases_differing']} of {corpus['cases']} cases get different findings "
        f"({check['labels_lost']} labelled findings lost; recall {percent(check['overall']['recall'])}, "
        f"precision {percent(check['overall']['precision'])}; {check['seconds']:.1f} s). "
        "Imports resolve by module-name suffix when the scan root is above a case's import root; a "
        "difference here means two cases' modules were confused.",
    ]
    for entry in check["differences"][:5]:
        alone = ", ".join(f"{rule.removeprefix(RULE_PREFIX)} {path}:{line}" for rule, path, line in entry["only_alone"])
        together = ", ".join(
            f"{rule.removeprefix(RULE_PREFIX)} {path}:{line}" for rule, path, line in entry["only_in_root_scan"]
        )
        lines.append(
            f"- `{entry['case']}`: only when scanned alone: {alone or '–'}; only in the root scan: {together or '–'}"
        )
    return lines


def speed_section(speed: dict[str, Any], repeat: int) -> list[str]:
    corpus, summaries, findings = speed["corpus"], speed["summaries"], speed["findings"]
    lines = [
        "### Speed on a real tree",
        "",
        f"Corpus: {corpus['source']} ({corpus['subset']}): {corpus['files']} files, {corpus['megabytes']} MB, "
        f"{corpus['python_files']} .py files (files pavedroad's classifier gives its SAST analyzer, by suffix: "
        f"{compact(corpus['pavedroad_sast_inputs_by_classifier'])}; manifest {corpus['manifest_sha256'][:12]}). "
        "`.py files/s` divides the .py files by the median wall time for both tools.",
        "",
        f"| tool (median of {repeat}) | wall s | min–max s | CPU s | .py files/s | largest process RSS MB "
        "| tree peak RSS MB | tree peak PSS MB | files read ¹ | findings | error entries | exit ² |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, summary in summaries.items():
        found = findings[name]
        exits = ",".join(map(str, summary["exit_codes"]))
        if summary["runs_timed_out"]:
            exits += f" ({summary['runs_timed_out']} timed out)"
        lines.append(
            f"| {name} | {summary['median_wall_seconds']:.2f} "
            f"| {summary['min_wall_seconds']:.2f}–{summary['max_wall_seconds']:.2f} "
            f"| {summary['median_cpu_seconds']:.1f} | {optional(summary['python_files_per_second'])} "
            f"| {summary['median_max_process_rss_mb']:.0f} | {optional(summary['median_tree_peak_rss_mb'])} "
            f"| {optional(summary['median_tree_peak_pss_mb'])} | {found.get('files_scanned', '?')} "
            f"| {found.get('total', '?')} | {found.get('errors', '?')} | {exits} |"
        )
    ours, theirs = findings[PAVEDROAD_SAST], findings[BANDIT]
    lines += [
        "",
        "¹ The tool's own count: pavedroad's `files_scanned` is every file it read, of any kind, although only "
        "the SAST analyzer runs; Bandit's is the Python files in its metrics. "
        "² pavedroad: 0 = report written (monitor mode), 2 = scanner errors; Bandit: 1 = issues found.",
        "",
        f"- pavedroad findings: {compact(ours.get('by_rule', {})) or 'none'} "
        f"(the first {SAMPLE} by rule and path are in the JSON, for triage).",
        f"- Bandit findings by severity: {compact(theirs.get('by_severity', {})) or 'none'}; "
        f"top tests: {compact(dict(list(theirs.get('by_test', {}).items())[:8])) or 'none'}.",
        f"- pavedroad error entries: {ours.get('errors', '?')} ({ours.get('syntax_errors', '?')} files that "
        f"are not valid Python 3 to its parser, {len(ours.get('other_errors', []))} others); skipped: "
        f"{compact(ours.get('skipped', {})) or 'none'}."
        + (f" The first {FIRST_ERRORS}:" if ours.get("first_errors") else ""),
    ]
    lines += [
        f"  - `{error.get('path')}`:{error.get('line')}: {error.get('message')}"
        for error in ours.get("first_errors", [])
    ]
    lines.append(
        f"- Bandit errors: {theirs.get('errors', '?')}."
        + (f" The first {FIRST_ERRORS}:" if theirs.get("first_errors") else "")
    )
    lines += [f"  - `{error['path']}`: {error['reason']}" for error in theirs.get("first_errors", [])]
    compared = speed.get("versions_compared")
    if compared:
        lines.append(
            f"- Against `{speed['previous_src']}`: findings "
            + ("identical" if compared["identical_findings"] else "DIFFERENT")
            + ", traces "
            + ("identical" if compared["identical_traces"] else "different")
            + f" ({len(compared['only_current'])} only now, {len(compared['only_previous'])} only before)."
        )
    return lines


def compact(counts: dict[str, int]) -> str:
    return ", ".join(f"{key.strip()} {value}" for key, value in counts.items())


def problem_lines(document: dict[str, Any]) -> list[str]:
    lines = []
    tools = document["tools"]
    if tools["pavedroad_src_sha256_at_start"] != tools["pavedroad_src_sha256_at_end"]:
        lines.append(
            "- **src/ changed while this ran** (SHA-256 of src/ differs between start and end): the results "
            "mix pavedroad versions; run again on a quiet tree before quoting them."
        )
    corpus = document.get("corpus_evaluation")
    if corpus:
        ours, theirs = corpus[PAVEDROAD], corpus[BANDIT]
        lines.append(
            f"- pavedroad on the cases: exit codes {ours['exit_codes']}, {len(ours['problems'])} runs without a "
            f"report, {len(ours['errors'])} error entries."
        )
        by_problem: dict[str, list[str]] = defaultdict(list)
        for entry in ours["problems"]:
            by_problem[entry["problem"]].append(entry["case"])
        for problem, names in by_problem.items():
            shown = ", ".join(f"`{name}`" for name in names[:5]) + (
                f" and {len(names) - 5} more" if len(names) > 5 else ""
            )
            lines.append(f"  - {len(names)} cases ({shown}): {problem}")
        lines += [
            f"  - `{entry['case']}/{entry.get('path')}`:{entry.get('line')}: {entry.get('message')}"
            for entry in ours["errors"]
        ]
        check = corpus["single_root_check"]
        if check["problem"] or check["errors"]:
            lines.append(f"- pavedroad on the whole root: {check['problem'] or ''} {check['errors']} error entries.")
        lines.append(
            f"- Bandit on the cases: exit {theirs['exit_code']}, {len(theirs['errors'])} errors"
            + (f"; {theirs['problem']}" if theirs["problem"] else "")
            + "".join(f"; `{error['path']}`: {error['reason']}" for error in theirs["errors"][:FIRST_ERRORS])
        )
        absent = corpus["bandit_tests_mapped_but_not_installed"]
        if absent:
            lines.append(f"- BANDIT_RULES maps tests this Bandit does not have: {', '.join(absent)}")
        if corpus["known_gaps_not_cases"]:
            lines.append(f"- known-gaps entries naming no case: {', '.join(corpus['known_gaps_not_cases'])}")
    speed = document.get("speed")
    if speed:
        other = speed["findings"][PAVEDROAD_SAST].get("other_errors", [])
        lines.append(f"- pavedroad on the speed corpus: {len(other)} error entries other than syntax errors.")
        lines += [f"  - `{error.get('path')}`:{error.get('line')}: {error.get('message')}" for error in other[:50]]
        for name, stderr in speed["stderr"].items():
            if stderr["notable_lines_last_run"]:
                lines.append(
                    f"- {name} stderr: {stderr['lines_per_run']} lines per run, "
                    f"{stderr['notable_lines_last_run']} warnings or errors in the last run, e.g.:"
                )
                lines += [f"  - `{line[:240]}`" for line in stderr["notable"][:5]]
    return lines


def render_report(document: dict[str, Any]) -> str:
    tools, machine = document["tools"], document["machine"]
    lines = [
        f"## SAST: pavedroad {tools['pavedroad']} ({short_revision(tools['pavedroad_revision'])}) "
        f"vs Bandit {tools['bandit']}",
        "",
        f"Machine: {machine['cpu_count']} CPUs, {machine['memory_gb']} GB; pavedroad on Python "
        f"{machine['python']}, Bandit on Python {tools['bandit_python']}; load average at start "
        f"{machine['load_average_at_start'][0]}.",
        "",
    ]
    if "corpus_evaluation" in document:
        lines += [*corpus_section(document["corpus_evaluation"]), ""]
    if "speed" in document:
        lines += [*speed_section(document["speed"], document["repeat"]), ""]
    lines += ["### Problems", "", *problem_lines(document), "", "### Notes", ""]
    commands = {
        **document.get("corpus_evaluation", {}).get("commands", {}),
        **{f"{name}, speed": command for name, command in document.get("speed", {}).get("commands", {}).items()},
    }
    lines += [f"- {name}: `{command}`" for name, command in commands.items()]
    lines += [
        "- Bandit runs with every plugin at its defaults (all severities and confidences); its test ids are "
        "mapped to pavedroad rules as listed in the JSON (`bandit_mapping`).",
        f"- Memory: {document['memory_method']}.",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="speed runs of each tool; the median is reported")
    parser.add_argument(
        "--corpus", type=Path, help="tree for the speed runs (default: the project venv's site-packages)"
    )
    parser.add_argument("--quick", action="store_true", help=f"speed runs on ~{QUICK_PYTHON_FILES} .py files")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_SECONDS,
        help="seconds after which a speed run (or the scan of the labelled corpus) is killed (default %(default)s)",
    )
    parser.add_argument("--part", choices=("all", "corpus", "speed"), default="all", help="what to run")
    parser.add_argument(
        "--previous-src",
        type=Path,
        help="also time pavedroad from this source tree (put first on PYTHONPATH) and compare its findings",
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="pavedroad scans of cases run at once (default: cores)"
    )
    arguments = parser.parse_args(argv)
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    if arguments.jobs < 1:
        parser.error("--jobs must be at least 1")
    return arguments


def result_path(part: str, quick: bool) -> Path:
    """The first free name of sast-<date>[-part][-quick][-N].json: earlier results stay as they were."""
    suffix = ("" if part == "all" else f"-{part}") + ("-quick" if quick and part != "corpus" else "")
    stem = f"sast-{date.today().isoformat()}{suffix}"
    candidates = (RESULTS / (f"{stem}.json" if number == 1 else f"{stem}-{number}.json") for number in count(1))
    return next(path for path in candidates if not path.exists())


def interpreter_version(python: Path) -> str:
    completed = subprocess.run(
        [str(python), "-c", "import platform; print(platform.python_version())"], capture_output=True, text=True
    )
    return completed.stdout.strip() or "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    pavedroad = pavedroad_executable()
    bandit_bin = ensure_peer_venv(BANDIT, BANDIT_REQUIREMENT)
    speed_source = (arguments.corpus or default_speed_corpus()).resolve()
    document: dict[str, Any] = {
        "benchmark": "sast",
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "part": arguments.part,
        "repeat": arguments.repeat,
        "quick": arguments.quick,
        "timeout_seconds": arguments.timeout,
        "case_timeout_seconds": CASE_TIMEOUT_SECONDS,
        "machine": machine_info(),
        "tools": {
            "pavedroad": tool_version(pavedroad),
            "pavedroad_revision": pavedroad_revision(),
            "pavedroad_src_sha256_at_start": source_digest(),
            "bandit": tool_version(bandit_bin / "bandit"),
            "bandit_requirement": BANDIT_REQUIREMENT,
            "bandit_python": interpreter_version(bandit_bin / "python"),
        },
        "memory_method": memory_method(),
    }
    with tempfile.TemporaryDirectory(prefix="pavedroad-bench-sast-") as temporary:
        workdir = Path(temporary)
        if arguments.part in ("all", "corpus"):
            document["corpus_evaluation"] = evaluate_corpus(
                pavedroad, bandit_bin, workdir, arguments.jobs, arguments.timeout
            )
        if arguments.part in ("all", "speed"):
            speed = measure_speed(pavedroad, bandit_bin, speed_source, workdir, arguments)
            document["speed"] = speed
    document["tools"]["pavedroad_src_sha256_at_end"] = source_digest()
    if document["tools"]["pavedroad_src_sha256_at_end"] != document["tools"]["pavedroad_src_sha256_at_start"]:
        print("warning: src/ changed during the run: the results mix pavedroad versions", file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = result_path(arguments.part, arguments.quick)
    output.write_text(json.dumps(document, indent=2) + "\n")
    print(render_report(document))
    print(f"\nResults written to {output.relative_to(REPOSITORY)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
