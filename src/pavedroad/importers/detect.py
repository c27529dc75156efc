"""Which tool wrote a results file, recognised from its content (never from its name)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pavedroad.importers.fields import objects
from pavedroad.importers.model import ImportFileError

#: Format name → how users know it; the order is the order of the error message.
SUPPORTED_FORMATS = {
    "sarif": "SARIF 2.1.0 (any tool)",
    "bandit": "Bandit JSON",
    "semgrep": "Semgrep JSON",
    "checkov": "Checkov JSON",
    "trivy": "Trivy JSON",
    "gitleaks": "Gitleaks JSON",
    "zap": "OWASP ZAP traditional JSON",
    "pip-audit": "pip-audit JSON",
}


def detect_format(document: object, source: str) -> str:
    """The format name of a parsed document; ImportFileError naming `source` if none fits."""
    for name, matches in _SIGNATURES:
        if matches(document):
            return name
    supported = ", ".join(SUPPORTED_FORMATS.values())
    raise ImportFileError(f"{source}: not a results format pavedroad can import; supported: {supported}")


def _is_sarif(document: object) -> bool:
    return (
        isinstance(document, Mapping)
        and isinstance(document.get("runs"), list)
        and (str(document.get("version", "")).startswith("2.1") or "sarif" in str(document.get("$schema", "")))
    )


def _is_bandit(document: object) -> bool:
    return isinstance(document, Mapping) and "generated_at" in document and isinstance(document.get("results"), list)


def _is_semgrep(document: object) -> bool:
    if not isinstance(document, Mapping) or not isinstance(document.get("results"), list):
        return False
    results = document["results"]
    # An empty result list still carries Semgrep's `paths` and `errors` keys.
    if not results:
        return "paths" in document and "errors" in document
    return any(isinstance(item, Mapping) and "check_id" in item for item in results)


def _is_checkov(document: object) -> bool:
    reports = document if isinstance(document, list) and document else [document]
    # With nothing to scan Checkov prints only its summary, which still names its version.
    return all(
        isinstance(report, Mapping)
        and (("check_type" in report and isinstance(report.get("results"), Mapping)) or "checkov_version" in report)
        for report in reports
    )


def _is_trivy(document: object) -> bool:
    return isinstance(document, Mapping) and "SchemaVersion" in document and "ArtifactName" in document


def _is_gitleaks(document: object) -> bool:
    # Gitleaks writes `[]` when it finds nothing: an empty list is read as an empty Gitleaks report.
    # One recognisable entry is enough, so a damaged entry is skipped rather than the whole file refused.
    return isinstance(document, list) and (
        not document or any(isinstance(item, Mapping) and "RuleID" in item for item in document)
    )


def _is_zap(document: object) -> bool:
    return isinstance(document, Mapping) and isinstance(document.get("site"), list) and "@version" in document


def _is_pip_audit(document: object) -> bool:
    dependencies = document if isinstance(document, list) else objects(document, "dependencies")
    if not dependencies:
        return isinstance(document, Mapping) and "dependencies" in document and "fixes" in document
    return any(isinstance(item, Mapping) and ("vulns" in item or "skip_reason" in item) for item in dependencies)


_SIGNATURES: tuple[tuple[str, Callable[[object], bool]], ...] = (
    ("sarif", _is_sarif),
    ("bandit", _is_bandit),
    ("semgrep", _is_semgrep),
    ("trivy", _is_trivy),
    ("zap", _is_zap),
    ("gitleaks", _is_gitleaks),
    ("pip-audit", _is_pip_audit),
    ("checkov", _is_checkov),
)
