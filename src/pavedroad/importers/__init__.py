"""Importing peer tools' results (SARIF, Bandit, Semgrep, Checkov, Trivy, Gitleaks, ZAP, pip-audit).

`load_results(path)` recognises the format from the content and returns the findings as
pavedroad Findings; `equivalence_keys(finding)` gives the keys under which an imported
finding and one of pavedroad's own describe the same problem.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Protocol, cast

from pavedroad.importers.detect import SUPPORTED_FORMATS, detect_format
from pavedroad.importers.equivalence import equivalence_keys
from pavedroad.importers.model import ImportedResults, ImportFileError
from pavedroad.importers.reading import DEFAULT_MAX_BYTES, read_json

# Format name → module with `parse(document) -> ImportedResults`, imported when used.
_PARSERS = {
    "sarif": "pavedroad.importers.sarif",
    "bandit": "pavedroad.importers.bandit",
    "semgrep": "pavedroad.importers.semgrep",
    "checkov": "pavedroad.importers.checkov",
    "trivy": "pavedroad.importers.trivy",
    "gitleaks": "pavedroad.importers.gitleaks",
    "zap": "pavedroad.importers.zap",
    "pip-audit": "pavedroad.importers.pip_audit",
}


class _Parser(Protocol):
    def parse(self, document: object) -> ImportedResults: ...


def load_results(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ImportedResults:
    """The findings in one results file, whichever supported tool wrote it.

    Raises ImportFileError (a UsageError: exit code 2) naming the file when it is too
    large, not JSON, or not a supported format. Entries that cannot be converted are
    listed in `skipped` and the rest are still returned.
    """
    document = read_json(path, max_bytes)
    format_name = detect_format(document, str(path))
    parser = cast(_Parser, importlib.import_module(_PARSERS[format_name]))
    return parser.parse(document)


__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_FORMATS",
    "ImportFileError",
    "ImportedResults",
    "equivalence_keys",
    "load_results",
]
