"""`pavedroad image IMAGE.tar` and `pavedroad rootfs DIR`: packages, vulnerabilities and config checks.

Both print the report like `pavedroad scan` and exit with the gate's code: 0 passed (or
monitor mode), 1 policy failed in enforce mode, 2 scanner error (an unreadable layer, a
refused member, a database that could not be opened).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pavedroad.cli.db import database_option
from pavedroad.cli.options import SEVERITY_CHOICE
from pavedroad.cli.output import write_reports
from pavedroad.core.findings import Severity
from pavedroad.image.run import ImageRequest, run_image_scan
from pavedroad.report import REPORTERS
from pavedroad.sbom.cyclonedx import cyclonedx_json
from pavedroad.sbom.spdx import spdx_json

F = TypeVar("F", bound=Callable[..., Any])
SBOM_WRITERS = {"cyclonedx": cyclonedx_json, "spdx": spdx_json}


def _report_options(function: F) -> F:
    decorators = [
        click.option("--mode", type=click.Choice(["monitor", "enforce"]), help="monitor reports; enforce fails."),
        click.option("--fail-on", type=SEVERITY_CHOICE, help="Lowest severity that fails the gate."),
        click.option(
            "--format", "output_format", type=click.Choice(sorted(REPORTERS)), default="terminal", show_default=True
        ),
        click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here."),
        click.option("--sbom", "sbom_format", type=click.Choice(sorted(SBOM_WRITERS)), help="Also write an SBOM."),
        click.option(
            "--sbom-output",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Where the SBOM goes (default: --output, the report then going to stdout).",
        ),
        click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Config file."),
        database_option,
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


@click.command("image")
@click.argument("image", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--image",
    "selected",
    metavar="NAME:TAG",
    help="Scan only this image of a multi-image tarball (default: every image).",
)
@_report_options
def image_command(image: str, selected: str | None, **options: Any) -> None:
    """Scan IMAGE, a `docker save` or OCI-layout tarball (gzip or not), without a Docker daemon.

    Lists OS packages (dpkg, apk, rpm) and language packages inside, checks them for known
    vulnerabilities and checks the image config (root user, secrets in ENV or history, exposed
    ports). Layers are read in memory: nothing is extracted or executed. A tarball of several
    images (`docker save a b`) is scanned image by image; each finding names its image.
    """
    _run(image, "image", selected=selected, **options)


@click.command("rootfs")
@click.argument("directory", type=click.Path(file_okay=False, path_type=str))
@_report_options
def rootfs_command(directory: str, **options: Any) -> None:
    """Scan DIRECTORY as a root filesystem (a mounted image, a chroot, `/`): its OS and language packages."""
    _run(directory, "rootfs", **options)


def _run(
    target: str,
    kind: str,
    mode: str | None,
    fail_on: str | None,
    output_format: str,
    output: Path | None,
    sbom_format: str | None,
    sbom_output: Path | None,
    config_path: Path | None,
    database: Path | None,
    selected: str | None = None,
) -> None:
    if sbom_output is not None and sbom_format is None:
        raise click.UsageError("--sbom-output needs --sbom cyclonedx|spdx")
    if sbom_format is not None and sbom_output is None:
        if output is None:
            raise click.UsageError("--sbom needs -o FILE or --sbom-output FILE")
        sbom_output, output = output, None
    request = ImageRequest(
        target=target,
        kind=kind,
        mode=mode,
        fail_on=Severity(fail_on) if fail_on else None,
        config_path=config_path,
        database_path=database,
        image=selected,
    )
    result, scanned = run_image_scan(request)
    if sbom_format is not None and sbom_output is not None:
        document = SBOM_WRITERS[sbom_format](scanned.reference, list(scanned.components))
        sbom_output.write_text(document, encoding="utf-8")
        click.echo(f"wrote {sbom_format} SBOM with {len(scanned.components)} components to {sbom_output}", err=True)
    write_reports(result, output_format, output)
    assert result.gate is not None
    sys.exit(result.gate.exit_code)


__all__ = ["image_command", "rootfs_command"]
