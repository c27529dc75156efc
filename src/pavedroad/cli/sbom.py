"""`pavedroad sbom`: write the project's SBOM; `pavedroad sbom scan FILE`: check anyone's SBOM."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pavedroad.analyzers.sca.findings import match_finding
from pavedroad.analyzers.sca.inventory import collect_components
from pavedroad.analyzers.sca.rules import RULES
from pavedroad.cli.options import SEVERITY_CHOICE
from pavedroad.core.analyzer import ProjectOutcome
from pavedroad.core.errors import ScanWarning, UsageError
from pavedroad.core.findings import Severity
from pavedroad.core.run import AnalyzerInfo, RunResult
from pavedroad.core.workspace import Workspace, resolve_scope
from pavedroad.report import REPORTERS, render
from pavedroad.sbom.cyclonedx import cyclonedx_json
from pavedroad.sbom.reading import InvalidSbomError, read_sbom
from pavedroad.sbom.spdx import spdx_json
from pavedroad.scanning import ScanRequest, effective_config, now, triage_and_gate
from pavedroad.vulndb.errors import VulnDbError
from pavedroad.vulndb.match import find_vulnerabilities
from pavedroad.vulndb.snapshot import open_database

WRITERS = {"cyclonedx": cyclonedx_json, "spdx": spdx_json}


class DefaultToWrite(click.Group):
    """`pavedroad sbom [PATH]` writes; a first word naming a subcommand (`scan`) runs it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["write", *args]
        return super().parse_args(ctx, args)


@click.group("sbom", cls=DefaultToWrite)
def sbom_group() -> None:
    """Software bills of materials: write one for a project, or scan an existing one."""


@sbom_group.command("write")
@click.argument("path", default=".", type=click.Path(path_type=str))
@click.option("--format", "sbom_format", type=click.Choice(sorted(WRITERS)), default="cyclonedx", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
@click.option("--name", help="The project's name in the SBOM (default: the directory's name).")
@click.pass_context
def write_command(context: click.Context, path: str, sbom_format: str, output: Path | None, name: str | None) -> None:
    """Write a software bill of materials for PATH: CycloneDX 1.6 or SPDX 2.3 JSON.

    Every manifest and lockfile pavedroad reads contributes, with purls, hashes where the
    lockfile has them, licences where known, and the dependency graph. Files that cannot be
    read are named on stderr and the exit code is 2; the SBOM holds everything else.
    """
    scope = resolve_scope(path)
    outcome = ProjectOutcome()
    components = collect_components(list(Workspace(scope).targets()), scope.root, outcome)
    document = WRITERS[sbom_format](name or scope.root.name, components)
    if output is None:
        click.echo(document, nl=False)
    else:
        output.write_text(document, encoding="utf-8")
        click.echo(f"wrote {sbom_format} SBOM with {len(components)} component entries to {output}", err=True)
    for issue in outcome.issues:
        where = f"{issue.path}:{issue.line}" if issue.line else issue.path
        click.echo(f"error: {where}: {issue.message}", err=True)
    if outcome.issues:
        context.exit(2)


@sbom_group.command("scan")
@click.argument("sbom_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default="terminal", show_default=True)
@click.option("--mode", type=click.Choice(["monitor", "enforce"]))
@click.option("--fail-on", type=SEVERITY_CHOICE)
@click.option("--db", "database", type=click.Path(dir_okay=False, path_type=Path), help="Vulnerability database.")
def scan_command(
    sbom_file: Path, output_format: str, mode: str | None, fail_on: str | None, database: Path | None
) -> None:
    """Match the components of an SBOM from any tool (CycloneDX or SPDX JSON) against advisories."""
    try:
        contents = read_sbom(sbom_file.read_bytes(), sbom_file.name)
    except InvalidSbomError as error:
        raise UsageError(str(error)) from None
    root = Path.cwd()
    request = ScanRequest(path=str(root), mode=mode, fail_on=Severity(fail_on) if fail_on else None)
    config = effective_config(root, request)
    result = RunResult(
        root=str(sbom_file.resolve().parent),
        scope={"sbom": str(sbom_file), "sbom_format": contents.format},
        analyzers=[AnalyzerInfo("sca", "1")],
        started=now(),
        files_scanned=1,
        bytes_scanned=sbom_file.stat().st_size,
        warnings=[ScanWarning(sbom_file.name, problem) for problem in contents.problems],
        rules={rule.id: rule for rule in RULES},
    )
    try:
        db = open_database(database, notice=lambda message: click.echo(f"note: {message}", err=True))
    except VulnDbError as error:
        raise UsageError(str(error)) from None
    try:
        matches = find_vulnerabilities(db, contents.components)
    finally:
        db.close()
    findings = [match_finding(match, matches.safe_upgrade(match.component)) for match in matches]
    result = triage_and_gate(result, findings, config, root, request)
    click.echo(render(output_format, result), nl=False)
    assert result.gate is not None
    sys.exit(result.gate.exit_code)
