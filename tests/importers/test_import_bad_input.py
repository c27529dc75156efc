"""Bad input: each gets a one-line error naming the file, or a skip reason for the one bad entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from importer_helpers import FIXTURES

from pavedroad.core.errors import UsageError
from pavedroad.importers import ImportFileError, load_results


def test_invalid_json_names_file_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "results.json"
    broken.write_text('{"runs": [\n  {"tool": }\n]}')

    with pytest.raises(ImportFileError) as raised:
        load_results(broken)

    assert str(raised.value) == f"{broken}:2:12: invalid JSON: Expecting value"
    assert isinstance(raised.value, UsageError)  # the CLI turns it into exit code 2


def test_a_file_above_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    large = tmp_path / "huge.sarif"
    large.write_text(json.dumps({"version": "2.1.0", "runs": [{"results": ["x" * 2951]}]}))
    assert large.stat().st_size == 3000

    with pytest.raises(ImportFileError) as raised:
        load_results(large, max_bytes=2048)

    assert str(raised.value) == (
        f"{large}: 3,000 bytes is above the import limit of 2,048 bytes; split the report or raise the limit"
    )


def test_the_default_limit_is_200_megabytes() -> None:
    from pavedroad.importers import DEFAULT_MAX_BYTES

    assert DEFAULT_MAX_BYTES == 200 * 1024 * 1024


@pytest.mark.parametrize(
    "document",
    [{"some": "thing"}, [1, 2, 3], {"version": "1.0", "results": [{"id": 1}]}, "just text"],
)
def test_an_unknown_format_names_the_file_and_the_supported_formats(tmp_path: Path, document: Any) -> None:
    unknown = tmp_path / "bandit.json"  # the name says bandit; the content decides
    unknown.write_text(json.dumps(document))

    with pytest.raises(ImportFileError) as raised:
        load_results(unknown)

    assert str(raised.value) == (
        f"{unknown}: not a results format pavedroad can import; supported: SARIF 2.1.0 (any tool), Bandit JSON,"
        " Semgrep JSON, Checkov JSON, Trivy JSON, Gitleaks JSON, OWASP ZAP traditional JSON, pip-audit JSON"
    )


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"missing\.json: cannot read"):
        load_results(tmp_path / "missing.json")


def test_formats_are_recognised_from_content_whatever_the_file_name(tmp_path: Path) -> None:
    for source, expected in [
        (FIXTURES / "bandit" / "bandit.json", "bandit"),
        (FIXTURES / "semgrep" / "semgrep.json", "semgrep"),
        (FIXTURES / "checkov" / "checkov.json", "checkov"),
        (FIXTURES / "trivy" / "trivy.json", "trivy"),
        (FIXTURES / "gitleaks" / "gitleaks.json", "gitleaks"),
        (FIXTURES / "zap" / "zap.json", "zap"),
        (FIXTURES / "pip-audit" / "pip-audit.json", "pip-audit"),
        (FIXTURES / "sarif" / "semgrep.sarif", "sarif"),
    ]:
        renamed = tmp_path / "results.txt"
        renamed.write_bytes(source.read_bytes())
        assert load_results(renamed).format == expected, source


def _drop(document: Any, path: tuple[Any, ...], key: str) -> Any:
    """A copy of `document` with `key` removed from the object at `path`."""
    copy = json.loads(json.dumps(document))
    target = copy
    for step in path:
        target = target[step]
    del target[key]
    return copy


# (fixture, path to one entry, field removed, expected skip reason, findings left)
MISSING_FIELD_CASES = [
    ("bandit/bandit.json", ("results", 1), "test_id", "results[1]: missing field 'test_id'", 4),
    ("semgrep/semgrep.json", ("results", 0), "path", "results[0]: missing field 'path'", 1),
    ("checkov/checkov.json", ("results", "failed_checks", 2), "check_id",
     "results.failed_checks[2]: missing field 'check_id'", 9),
    ("trivy/trivy.json", ("Results", 0, "Vulnerabilities", 0), "VulnerabilityID",
     "Results[0].Vulnerabilities[0]: missing field 'VulnerabilityID'", 5),
    ("gitleaks/gitleaks.json", (1,), "File", "[1]: missing field 'File'", 1),
    ("zap/zap.json", ("site", 0, "alerts", 2), "pluginid", "site[0].alerts[2]: missing field 'pluginid'", 3),
    ("pip-audit/pip-audit.json", ("dependencies", 1), "version", "dependencies[1]: missing field 'version'", 2),
    ("sarif/checkov.sarif", ("runs", 0, "results", 0), "locations", "runs[0].results[0]: no physical location", 9),
]  # fmt: skip


@pytest.mark.parametrize(("fixture", "path", "key", "reason", "left"), MISSING_FIELD_CASES)
def test_an_entry_missing_a_field_is_skipped_and_the_others_kept(
    tmp_path: Path, fixture: str, path: tuple[Any, ...], key: str, reason: str, left: int
) -> None:
    original = load_results(FIXTURES / fixture)
    damaged = tmp_path / Path(fixture).name
    damaged.write_text(json.dumps(_drop(json.loads((FIXTURES / fixture).read_text()), path, key)))

    results = load_results(damaged)

    assert reason in results.skipped
    assert len(results.findings) == left
    kept = {finding.fingerprint for finding in results.findings}
    assert kept < {finding.fingerprint for finding in original.findings}


def test_html_and_script_in_messages_survive_unchanged(tmp_path: Path) -> None:
    markup = '<img src=x onerror="alert(1)"> & <script>document.cookie</script>'
    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Scanner"}}, "results": [
        {"ruleId": "R1", "message": {"text": markup},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"}}}]}]}]}  # fmt: skip
    path = tmp_path / "markup.sarif"
    path.write_text(json.dumps(log))

    (finding,) = load_results(path).findings

    assert finding.message == markup
    assert finding.rule_id == "scanner/R1"
