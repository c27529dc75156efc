"""From the scan's targets to resources: each file through its format's reader, Terraform by module."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath

from pavedroad.analyzers.iac.helm import TEMPLATE_SUFFIXES, Chart, chart_resources, charts_of, load_values
from pavedroad.analyzers.iac.kubernetes import KUSTOMIZATION_FILES, apply_kustomize_namespaces
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
from pavedroad.analyzers.iac.yamldoc import YamlError, load_documents
from pavedroad.core.analyzer import AnalyzerIssue, ProjectOutcome, Target

TERRAFORM_SUFFIXES = (".tf", ".tfvars")

Report = Callable[[str, str, "int | None"], None]
SourceLines = dict[str, list[str]]


def collect_resources(
    targets: Sequence[Target], root: Path, outcome: ProjectOutcome, var_files: Sequence[str] = ()
) -> tuple[list[Resource], SourceLines]:
    """Resources of every IaC file: per-file formats, Helm charts, Terraform plans and modules.

    `var_files` (from `[iac] var_files`) are applied to every Terraform root module, after its
    own terraform.tfvars and *.auto.tfvars, as `terraform plan -var-file` would.
    """
    terraform_targets = [
        target
        for target in targets
        if "terraform" in target.kinds
        and target.relpath.endswith(TERRAFORM_SUFFIXES)
        and "vendored" not in target.kinds
    ]
    charts = charts_of([target.relpath for target in targets])
    chart_templates = [target for target in targets if any(chart.owns(target.relpath) for chart in charts)]
    templated = {target.relpath for target in chart_templates}
    plain_targets = [target for target in targets if target.relpath not in templated]
    resources, source_lines = read_formats(plain_targets, FILE_FORMATS, outcome, plan_files=True)
    resources.extend(_chart_resources(charts, chart_templates, root, outcome, source_lines))
    apply_kustomize_namespaces(_kustomizations(plain_targets), resources)
    terraform_files = []
    for target in terraform_targets:
        text = _read(target, _reporter(outcome))
        if text is not None:
            terraform_files.append((target.relpath, text))
            source_lines[target.relpath] = text.splitlines()
    if terraform_files:
        configuration = parse_files(terraform_files, _reporter(outcome))
        configuration.extra_var_files = _var_files(root, var_files, _reporter(outcome))
        loader = ModuleLoader(configuration, root, _reporter(outcome), _reporter(outcome, notes=True))
        resources.extend(loader.root_modules())
        for files in configuration.files_by_directory.values():
            for parsed in files:
                source_lines.setdefault(parsed.relpath, parsed.text_lines)
    return resources, source_lines


def _chart_resources(
    charts: list[Chart], templates: list[Target], root: Path, outcome: ProjectOutcome, source_lines: SourceLines
) -> list[Resource]:
    """Helm chart templates, read statically (see iac.helm); one note per chart says so."""
    report = _reporter(outcome)
    resources: list[Resource] = []
    for chart in charts:
        values = load_values(_read_path(root / chart.values_path))
        owned = [target for target in templates if chart.owns(target.relpath)]
        for target in owned:
            if not target.relpath.endswith(TEMPLATE_SUFFIXES):
                continue
            text = _read(target, report)
            if text is None:
                continue
            source_lines[target.relpath] = text.splitlines()
            try:
                resources.extend(chart_resources(text, target.relpath, values))
            except YamlError as error:
                outcome.notes.append(
                    AnalyzerIssue(
                        target.relpath,
                        f"helm template not checked: its static parts are not YAML ({error})",
                        error.line,
                    )
                )
        if owned:
            outcome.notes.append(
                AnalyzerIssue(
                    chart.directory,
                    "helm chart read statically (the helm binary is not used): values.yaml defaults filled in,"
                    " template logic not evaluated, included snippets treated as unknown",
                )
            )
    return resources


def _kustomizations(targets: Sequence[Target]) -> dict[str, object]:
    found: dict[str, object] = {}
    for target in targets:
        if PurePosixPath(target.relpath).name in KUSTOMIZATION_FILES:
            try:
                documents = list(load_documents(target.read_bytes().decode("utf-8", "replace")))
            except (YamlError, OSError):
                continue  # a broken kustomization only loses its namespace hint
            if documents:
                found[target.relpath] = documents[0]
    return found


def _var_files(root: Path, names: Sequence[str], report: Report) -> list[tuple[str, str]]:
    files = []
    for name in names:
        text = _read_path(root / name)
        if text is None:
            report(name, "var file named in [iac] var_files not found", None)
        else:
            files.append((name, text))
    return files


def _read_path(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
    except OSError:
        return None


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
        entry = AnalyzerIssue(relpath, message, line)
        if entry not in entries:  # a module called for several instances says it once
            entries.append(entry)

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
