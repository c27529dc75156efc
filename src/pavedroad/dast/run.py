"""A DAST scan as a `RunResult`: the same triage, gate and reporters as `pavedroad scan`."""

from __future__ import annotations

from pathlib import Path

from pavedroad.core.errors import ScanError, ScanWarning
from pavedroad.core.findings import Severity
from pavedroad.core.run import AnalyzerInfo, RunResult
from pavedroad.dast.rules import RULES
from pavedroad.dast.scan import DastOptions, ProgressCallback, run_dast_scan
from pavedroad.scanning import ScanRequest, effective_config, now, triage_and_gate

ANALYZER_NAME = "dast"
ANALYZER_VERSION = "1"


def run_dast(
    options: DastOptions,
    mode: str | None = None,
    fail_on: Severity | None = None,
    config_path: Path | None = None,
    on_progress: ProgressCallback | None = None,
) -> RunResult:
    """Scan the target and decide the gate; configuration and baseline come from the current directory."""
    scan_request = ScanRequest(path=str(Path.cwd()), mode=mode, fail_on=fail_on, config_path=config_path)
    config = effective_config(Path.cwd(), scan_request)
    started = now()
    outcome = run_dast_scan(options, on_progress)
    result = RunResult(
        root=options.target,
        scope={
            "kind": "dast",
            "target": options.target,
            "mode": "passive" if options.passive_only else "active",
            "requests": outcome.requests,
            "endpoints": outcome.endpoints,
            "seconds": round(outcome.elapsed, 2),
            "completed": outcome.completed,
            "incomplete": outcome.incomplete,
        },
        analyzers=[AnalyzerInfo(ANALYZER_NAME, ANALYZER_VERSION)],
        started=started,
        errors=[ScanError(options.target, message, ANALYZER_NAME) for message in outcome.errors],
        warnings=[ScanWarning(options.target, message) for message in outcome.incomplete],
        rules={rule.id: rule for rule in RULES},
    )
    return triage_and_gate(result, outcome.findings, config, Path.cwd(), scan_request)
