"""From the scan's targets to resources: each file through its format's reader, Terraform by module."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from pavedroad.analyzers.iac.model import Resource
from pavedroad.analyzers.iac.sources import (
    FILE_FORMATS,
    HEAD_BYTES,
    MAX_IAC_FILE_BYTES,
    PLAN_FORMAT,
    FileFormat,
    is_terraform_plan,
)
from pavedroad.analyzers.iac.terraform.module import ModuleLoader, parse_files
from pavedroad.analyzers.iac.yamldoc import YamlError
from pavedroad.core.analyzer import AnalyzerIssue, ProjectOutcome, Target

TERRAFORM_SUFFIXES = (".tf", ".tfvars")

Report = Callable[[str, str, "int | None"], None]
SourceLines = dict[str, list[str]]


def collect_resources(
    targets: Sequence[Target], root: Path, outcome: ProjectOutcome
) -> tuple[list[Resource], SourceLines]:
    """Resources of every IaC file: per-file formats, Terraform plans, and Terraform modules."""
    terraform_targets = [
        target
        for target in targets
        if "terraform" in target.kinds
        and target.relpath.endswith(TERRAFORM_SUFFIXES)
        and "vendored" not in target.kinds
    ]
    resources, source_lines = read_formats(targets, FILE_FORMATS, outcome, plan_files=True)
    terraform_files = []
    for target in terraform_targets:
        text = _read(target, _reporter(outcome))
        if text is not None:
            terraform_files.append((target.relpath, text))
            source_lines[target.relpath] = text.splitlines()
    if terraform_files:
        configuration = parse_files(terraform_files, _reporter(outcome))
        loader = ModuleLoader(configuration, root, _reporter(outcome), _reporter(outcome, notes=True))
        resources.extend(loader.root_modules())
        for files in configuration.files_by_directory.values():
            for parsed in files:
                source_lines.setdefault(parsed.relpath, parsed.text_lines)
    return resources, source_lines


def read_formats(
    targets: Sequence[Target], formats: Sequence[FileFormat], outcome: ProjectOutcome, *, plan_files: bool = False
) -> tuple[list[Resource], SourceLines]:
    """Resources from every target that has one of `formats`' kinds (first match wins)."""
    report = _reporter(outcome)
    resources: list[Resource] = []
    source_lines: SourceLines = {}
    for target in targets:
        if "vendored" in target.kinds:
            continue
        chosen = next((candidate for candidate in formats if candidate.kind in target.kinds), None)
        if chosen is None and plan_files and target.language == "json" and target.size <= MAX_IAC_FILE_BYTES:
            head = _head(target)
            chosen = PLAN_FORMAT if head and is_terraform_plan(target, head) else None
        if chosen is None:
            continue
        text = _read(target, report)
        if text is None:
            continue
        source_lines[target.relpath] = text.splitlines()
        resources.extend(_read_resources(chosen, target.relpath, text, report))
    return resources, source_lines


def _reporter(outcome: ProjectOutcome, *, notes: bool = False) -> Report:
    entries = outcome.notes if notes else outcome.issues

    def report(relpath: str, message: str, line: int | None) -> None:
        entries.append(AnalyzerIssue(relpath, message, line))

    return report


def _read_resources(chosen: FileFormat, relpath: str, text: str, report: Report) -> list[Resource]:
    try:
        return list(chosen.read(text, relpath))
    except YamlError as error:
        report(relpath, f"{chosen.framework}: {error}", error.line)
    except (ValueError, TypeError, RecursionError) as error:
        report(relpath, f"{chosen.framework}: cannot read: {error}", None)
    return []


def _read(target: Target, report: Report) -> str | None:
    if target.size > MAX_IAC_FILE_BYTES:
        report(target.relpath, f"larger than {MAX_IAC_FILE_BYTES // (1024 * 1024)} MB; not checked", None)
        return None
    try:
        data = target.read_bytes()
    except OSError as error:
        report(target.relpath, f"cannot read: {error.strerror}", None)
        return None
    return data.decode("utf-8", errors="replace")


def _head(target: Target) -> bytes | None:
    if target.content is not None:
        return target.content[:HEAD_BYTES]
    try:
        with open(target.path, "rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError:
        return None
