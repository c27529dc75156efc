"""One image or root filesystem scan as a `RunResult`: inventory, vulnerabilities, config findings, gate.

The same RunResult every reporter and the policy gate read, so `pavedroad image` and
`pavedroad rootfs` print, gate and exit exactly like `pavedroad scan`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pavedroad.analyzers.sca.checking import DEFAULT_MAX_AGE_DAYS
from pavedroad.analyzers.sca.rules import RULES as SCA_RULES
from pavedroad.core.config import Config
from pavedroad.core.errors import ScanError, ScanWarning
from pavedroad.core.findings import Severity
from pavedroad.core.run import AnalyzerInfo, RunResult
from pavedroad.image.problems import ImageLimits
from pavedroad.image.rules import RULES as IMAGE_RULES
from pavedroad.image.scan import ImageScanResult, scan_image, scan_rootfs
from pavedroad.image.vulnerabilities import check_vulnerabilities
from pavedroad.scanning import ScanRequest, effective_config, now, triage_and_gate

ANALYZER_NAME = "image"
ANALYZER_VERSION = "1"


@dataclass(frozen=True, slots=True)
class ImageRequest:
    """What the user asked for; None means "as configured" (`.pavedroad.toml` in the current directory)."""

    target: str
    kind: str = "image"  # "image" (a tarball) or "rootfs" (a directory)
    mode: str | None = None
    fail_on: Severity | None = None
    config_path: Path | None = None
    database_path: Path | None = None
    limits: ImageLimits | None = None


def run_image_scan(request: ImageRequest) -> tuple[RunResult, ImageScanResult]:
    """Scan the image or root filesystem, match its packages, decide the gate."""
    # Configuration, suppressions and baseline come from the directory the command runs in.
    scan_request = ScanRequest(
        path=str(Path.cwd()), mode=request.mode, fail_on=request.fail_on, config_path=request.config_path
    )
    config = effective_config(Path.cwd(), scan_request)
    started = now()
    scanned = (scan_image if request.kind == "image" else scan_rootfs)(request.target, request.limits)
    database = request.database_path or _configured_database(config)
    check = check_vulnerabilities(scanned.components, database, _max_age(config))
    problems = (*scanned.problems, *check.problems)
    result = RunResult(
        root=request.target,
        scope={
            "kind": request.kind,
            "image": scanned.reference,
            "distribution": scanned.distro.ecosystem if scanned.distro else None,
            "layers": len(scanned.layers),
            "components": len(scanned.components),
        },
        analyzers=[AnalyzerInfo(ANALYZER_NAME, ANALYZER_VERSION)],
        started=started,
        files_scanned=len({component.source for component in scanned.components}),
        errors=[ScanError(p.path, p.message, ANALYZER_NAME, p.line) for p in problems if p.is_error],
        warnings=[ScanWarning(p.path, p.message, p.line) for p in problems if not p.is_error],
        rules={rule.id: rule for rule in (*SCA_RULES, *IMAGE_RULES)},
    )
    result = triage_and_gate(result, [*check.findings, *scanned.findings], config, Path.cwd(), scan_request)
    return result, scanned


def _configured_database(config: Config) -> Path | None:
    configured = config.sca.get("database")
    return Path(str(configured)) if configured else None


def _max_age(config: Config) -> float:
    try:
        return float(str(config.sca.get("max_age_days", DEFAULT_MAX_AGE_DAYS)))
    except ValueError:
        return DEFAULT_MAX_AGE_DAYS
