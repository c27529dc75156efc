"""pip-audit JSON, hand-written to pip-audit's JSON format: see the fixtures README."""

from __future__ import annotations

import json
from pathlib import Path

from importer_helpers import FIXTURES

from pavedroad.core.findings import PackageRef
from pavedroad.importers import load_results


def test_each_dependency_vulnerability_pair_is_a_finding() -> None:
    results = load_results(FIXTURES / "pip-audit" / "pip-audit.json")

    assert (results.tool, results.format) == ("pip-audit", "pip-audit")
    assert [(f.rule_id, f.severity.value, f.package, f.vulnerability) for f in results.findings] == [
        ("pip-audit/PYSEC-2019-179", "medium", PackageRef("pkg:pypi/flask@0.5", "0.5", ("1.0",)),
         ("PYSEC-2019-179", "CVE-2019-1010083", "GHSA-5wv5-4vpf-pj6m")),
        ("pip-audit/PYSEC-2018-66", "medium", PackageRef("pkg:pypi/flask@0.5", "0.5", ("0.12.3",)),
         ("PYSEC-2018-66", "CVE-2018-1000656", "GHSA-562c-5r94-xh97")),
        ("pip-audit/PYSEC-2019-217", "medium", PackageRef("pkg:pypi/jinja2@2.10", "2.10", ("2.10.1",)),
         ("PYSEC-2019-217", "CVE-2019-10906", "GHSA-462w-v97r-4m45")),
    ]  # fmt: skip
    assert results.findings[2].message == (
        "jinja2 2.10 is affected by PYSEC-2019-217, CVE-2019-10906, GHSA-462w-v97r-4m45:"
        " In Pallets Jinja before 2.10.1, str.format_map allows a sandbox escape. Fixed in: 2.10.1."
    )
    assert results.skipped == (
        "dependencies[3]: internal-tools was not audited: Dependency not found on PyPI and could not be"
        " audited: internal-tools (0.1.0)",
    )


def test_the_legacy_bare_list_is_read(tmp_path: Path) -> None:
    legacy = tmp_path / "audit.json"
    vulnerability = {"id": "PYSEC-2019-179", "fix_versions": ["1.0"]}
    legacy.write_text(json.dumps([{"name": "flask", "version": "0.5", "vulns": [vulnerability]}]))

    findings = load_results(legacy).findings

    assert [(f.rule_id, f.vulnerability, f.package) for f in findings] == [
        ("pip-audit/PYSEC-2019-179", ("PYSEC-2019-179",), PackageRef("pkg:pypi/flask@0.5", "0.5", ("1.0",)))
    ]
