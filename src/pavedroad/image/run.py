"""An image tarball or root filesystem scan as a `RunResult`: inventory, vulnerabilities, licences, config, gate.

The same RunResult every reporter and the policy gate read, so `pavedroad image` and
`pavedroad rootfs` print, gate and exit exactly like `pavedroad scan`. A tarball holding
several images gives one report in which every finding names its image (`placement.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pavedroad.analyzers.sca.checking import DEFAULT_MAX_AGE_DAYS
from pavedroad.analyzers.sca.licenses import LicensePolicy, license_findings, policy_from_options
from pavedroad.analyzers.sca.rules import RULES as SCA_RULES
from pavedroad.core.config import Config
from pavedroad.core.errors import ScanError, ScanWarning
from pavedroad.core.findings import Finding, Severity
from pavedroad.core.run import AnalyzerInfo, RunResult
from pavedroad.image.os_licenses import unknown_license_warning
from pavedroad.image.placement import component_in_image, finding_in_image, problem_in_image
from pavedroad.image.problems import ImageLimits, ImageProblem
from pavedroad.image.rules import RULES as IMAGE_RULES
from pavedroad.image.scan import ImageScanResult, TarballScanResult, scan_images, scan_rootfs
from pavedroad.image.vulnerabilities import check_vulnerabilities
from pavedroad.scanning import ScanRequest, effective_config, now, triage_and_gate

ANALYZER_NAME = "image"
ANALYZER_VERSION = "1"


@dataclass(frozen=True, slots=True)
class ImageRequest:
    """What the user asked for; None means "as configured" (`.pavedroad.toml` in the current directory).

    `image` picks images of a multi-image tarball by name (`--image NAME:TAG`); None scans them all.
    """

    target: str
    kind: str = "image"  # "image" (a tarball) or "rootfs" (a directory)
    mode: str | None = None
    fail_on: Severity | None = None
    config_path: Path | None = None
    database_path: Path | None = None
    limits: ImageLimits | None = None
    image: str | None = None


@dataclass(frozen=True, slots=True)
class _Checks:
    """How every image's components are checked: the advisory database and the licence policy."""

    database: Path | None
    max_age_days: float
    licenses: LicensePolicy


def run_image_scan(request: ImageRequest) -> tuple[RunResult, ImageScanResult]:
    """Scan the tarball's images or the root filesystem, match their packages, decide the gate.

    The ImageScanResult returned holds every component scanned (for the SBOM).
    """
    # Configuration, suppressions and baseline come from the directory the command runs in.
    scan_request = ScanRequest(
        path=str(Path.cwd()), mode=request.mode, fail_on=request.fail_on, config_path=request.config_path
    )
    config = effective_config(Path.cwd(), scan_request)
    started = now()
    if request.kind == "image":
        tarball = scan_images(request.target, request.limits, request.image)
    else:
        tarball = _single(scan_rootfs(request.target, request.limits))
    checks = _Checks(
        request.database_path or _configured_database(config),
        _max_age(config),
        policy_from_options(config.licenses),
    )
    several = len(tarball.images) > 1
    findings: list[Finding] = []
    problems: list[ImageProblem] = list(tarball.problems)
    for image in tarball.images:
        image_findings, image_problems = _check_image(image, checks, several)
        findings.extend(image_findings)
        problems.extend(image_problems)
    # Each image's check repeats the database's own notices (stale data, missing ecosystems): say them once.
    problems = list(dict.fromkeys(problems))
    scanned = _everything(tarball)
    result = RunResult(
        root=request.target,
        scope={
            "kind": request.kind,
            "image": scanned.reference,
            "images": [image.reference for image in tarball.images],
            "distribution": scanned.distro.ecosystem if scanned.distro else None,
            "layers": len(scanned.layers),
            "components": len(scanned.components),
        },
        analyzers=[AnalyzerInfo(ANALYZER_NAME, ANALYZER_VERSION)],
        started=started,
        files_scanned=sum(len({c.source for c in image.components}) for image in tarball.images),
        errors=[ScanError(p.path, p.message, ANALYZER_NAME, p.line) for p in problems if p.is_error],
        warnings=[ScanWarning(p.path, p.message, p.line) for p in problems if not p.is_error],
        rules={rule.id: rule for rule in (*SCA_RULES, *IMAGE_RULES)},
    )
    result = triage_and_gate(result, findings, config, Path.cwd(), scan_request)
    return result, scanned


def _check_image(image: ImageScanResult, checks: _Checks, several: bool) -> tuple[list[Finding], list[ImageProblem]]:
    """One image's vulnerability, licence and config findings, and its problems; placed in it if `several`."""
    components = [component_in_image(c, image.reference) for c in image.components] if several else image.components
    check = check_vulnerabilities(components, checks.database, checks.max_age_days)
    findings = [*check.findings, *license_findings(components, checks.licenses), *image.findings]
    problems = [*image.problems, *(unknown_license_warning(components) if checks.licenses.active else [])]
    if several:
        findings = [finding_in_image(finding, image.reference) for finding in findings]
        problems = [problem_in_image(problem, image.reference) for problem in problems]
    return findings, [*problems, *check.problems]


def _single(result: ImageScanResult) -> TarballScanResult:
    """A root filesystem as a tarball of one image, so both take the same path."""
    return TarballScanResult(result.reference, (result,))


def _everything(tarball: TarballScanResult) -> ImageScanResult:
    """One image as it is; several (or none) as one result named after the tarball, for the SBOM and scope."""
    if len(tarball.images) == 1:
        return tarball.images[0]
    distros = {image.distro for image in tarball.images}
    return ImageScanResult(
        reference=tarball.label,
        components=tuple(component for image in tarball.images for component in image.components),
        distro=distros.pop() if len(distros) == 1 else None,
        layers=tuple(dict.fromkeys(layer for image in tarball.images for layer in image.layers)),
    )


def _configured_database(config: Config) -> Path | None:
    configured = config.sca.get("database")
    return Path(str(configured)) if configured else None


def _max_age(config: Config) -> float:
    try:
        return float(str(config.sca.get("max_age_days", DEFAULT_MAX_AGE_DAYS)))
    except ValueError:
        return DEFAULT_MAX_AGE_DAYS
