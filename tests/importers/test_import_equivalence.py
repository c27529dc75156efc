"""equivalence_keys: the keys the store uses to recognise one problem reported by two tools."""

from __future__ import annotations

from importer_helpers import FIXTURES

from pavedroad.core.findings import Confidence, Finding, Location, PackageRef, Severity
from pavedroad.importers import equivalence_keys, load_results
from pavedroad.importers.normalise import cwe_ids, normalise_path


def _own(rule_id: str, path: str, line: int, cwe: tuple[str, ...], package: PackageRef | None = None,
         vulnerability: tuple[str, ...] = ()) -> Finding:  # fmt: skip
    return Finding(rule_id, "sast", Severity.HIGH, Confidence.HIGH, "t", "m", Location(path, line), "fp", cwe=cwe,
                   package=package, vulnerability=vulnerability)  # fmt: skip


def test_code_findings_match_on_path_line_and_cwe() -> None:
    bandit_sql = load_results(FIXTURES / "bandit" / "bandit.json").findings[1]
    semgrep_sql = load_results(FIXTURES / "semgrep" / "semgrep.json").findings[0]
    ours = _own("sast/python-sql-injection", "app/db.py", 8, ("CWE-89",))

    assert ("code", "app/db.py", "8", "CWE-89") in equivalence_keys(bandit_sql)
    assert equivalence_keys(bandit_sql) & equivalence_keys(ours) == {("code", "app/db.py", "8", "CWE-89")}
    assert equivalence_keys(semgrep_sql) & equivalence_keys(ours) == {("code", "app/db.py", "8", "CWE-89")}
    assert not equivalence_keys(bandit_sql) & equivalence_keys(_own("x", "app/db.py", 9, ("CWE-89",)))


def test_dependency_findings_match_on_package_and_any_alias() -> None:
    pip_audit_jinja = load_results(FIXTURES / "pip-audit" / "pip-audit.json").findings[2]
    trivy_jinja = load_results(FIXTURES / "trivy" / "trivy.json").findings[0]
    ours = _own("sca/vulnerable-dependency", "requirements.txt", 3, ("CWE-1395",),
                PackageRef("pkg:pypi/Jinja2@2.10", "2.10"), ("GHSA-462w-v97r-4m45", "CVE-2019-10906"))  # fmt: skip

    shared = {("package", "pypi", "jinja2", "CVE-2019-10906")}
    assert equivalence_keys(pip_audit_jinja) & equivalence_keys(trivy_jinja) == shared
    assert equivalence_keys(ours) & equivalence_keys(pip_audit_jinja) == {
        *shared, ("package", "pypi", "jinja2", "GHSA-462W-V97R-4M45")
    }
    # A dependency finding is not also matched by its manifest line.
    assert not any(key[0] == "code" for key in equivalence_keys(ours))


def test_every_finding_matches_itself_by_fingerprint() -> None:
    finding = load_results(FIXTURES / "checkov" / "checkov.json").findings[0]

    assert equivalence_keys(finding) == {
        ("fingerprint", finding.fingerprint),
        ("code-rule", "main.tf", "5", "checkov/CKV_AWS_24"),
    }


def test_path_and_cwe_spellings_are_normalised() -> None:
    assert normalise_path("file:///home/ci/repo/src/a%20b.py", "file:///home/ci/repo/") == "src/a b.py"
    assert normalise_path("./src\\win.py") == "src/win.py"
    assert normalise_path("/main.tf") == "main.tf"
    assert cwe_ids(["external/cwe/cwe-079", "CWE-89: SQL", 22, "79", "security"]) == ("CWE-79", "CWE-89", "CWE-22")
    assert cwe_ids(["2021", "owasp-a03"], bare_numbers=False) == ()
