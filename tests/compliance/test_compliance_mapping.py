"""Mapping data spot checks against the published framework texts."""

from __future__ import annotations

import pytest

from pavedroad.compliance import available_frameworks, load_framework
from pavedroad.compliance.frameworks import FrameworkError
from pavedroad.compliance.mapping import rule_controls
from pavedroad.core.findings import Confidence, Rule, Severity


def _rule(rule_id: str, cwe: tuple[str, ...] = (), controls: tuple[str, ...] = ()) -> Rule:
    return Rule(rule_id, "t", Severity.HIGH, Confidence.HIGH, "why", "fix", cwe=cwe, controls=controls)


def _control_ids(framework_name: str, rule: Rule) -> list[str]:
    return [control.id for control in rule_controls(load_framework(framework_name), rule)]


def test_every_framework_names_its_version_and_source() -> None:
    assert {name: framework.label for name, framework in available_frameworks().items()} == {
        "cis-aws-foundations": "CIS Amazon Web Services Foundations Benchmark 3.0.0",
        "cis-docker": "CIS Docker Benchmark 1.6.0",
        "cis-kubernetes": "CIS Kubernetes Benchmark 1.8.0",
        "cwe-top25": "CWE Top 25 Most Dangerous Software Weaknesses 2024",
        "iso-27001": "ISO/IEC 27001 Annex A 2022",
        "nist-800-53": "NIST SP 800-53 Rev. 5",
        "owasp-top10": "OWASP Top 10 2021",
        "pci-dss": "PCI DSS 4.0",
        "soc2": "SOC 2 Trust Services Criteria 2017 (revised points of focus 2022)",
    }
    assert all(framework.source.startswith("https://") for framework in available_frameworks().values())


def test_owasp_2021_categories_and_their_official_cwe_counts() -> None:
    owasp = load_framework("owasp-top10")

    assert [(control.id, len(control.cwe)) for control in owasp.controls] == [
        ("A01:2021", 34), ("A02:2021", 29), ("A03:2021", 33), ("A04:2021", 40), ("A05:2021", 20),
        ("A06:2021", 3), ("A07:2021", 22), ("A08:2021", 10), ("A09:2021", 4), ("A10:2021", 1),
    ]  # fmt: skip
    assert _control_ids("owasp-top10", _rule("x/sql", cwe=("CWE-89",))) == ["A03:2021"]
    assert _control_ids("owasp-top10", _rule("x/xss", cwe=("CWE-79",))) == ["A03:2021"]
    assert _control_ids("owasp-top10", _rule("x/ssrf", cwe=("CWE-918",))) == ["A10:2021"]
    assert _control_ids("owasp-top10", _rule("x/secret", cwe=("CWE-798",))) == ["A07:2021"]
    assert _control_ids("owasp-top10", _rule("x/path", cwe=("CWE-22",))) == ["A01:2021"]
    # An explicit OWASP id on a rule maps too, without a CWE.
    assert _control_ids("owasp-top10", _rule("x/y", controls=("OWASP-A08:2021",))) == ["A08:2021"]


def test_cwe_top25_2024_ranks() -> None:
    top25 = load_framework("cwe-top25")

    ranked = {control.id: control.rank for control in top25.controls}
    assert len(ranked) == 25
    assert (ranked["CWE-79"], ranked["CWE-787"], ranked["CWE-89"], ranked["CWE-306"]) == (1, 2, 3, 25)
    assert ranked["CWE-798"] == 22
    assert "CWE-311" not in ranked
    assert _control_ids("cwe-top25", _rule("x/sql", cwe=("CWE-89",))) == ["CWE-89"]


def test_explicit_control_ids_map_and_enhancements_count_for_their_base() -> None:
    rule = _rule("iac/x", controls=("CIS-AWS-2.1.4", "PCI-DSS-4.0-1.4.4", "SOC2-CC6.1", "NIST-800-53-AC-6(10)"))

    assert _control_ids("cis-aws-foundations", rule) == ["2.1.4"]
    assert _control_ids("pci-dss", rule) == ["1.4.4"]
    assert _control_ids("soc2", rule) == ["CC6.1"]
    assert _control_ids("nist-800-53", rule) == ["AC-6", "AC-6(10)"]
    # ISO through its NIST relationship: AC-6 → 8.2 Privileged access rights.
    assert _control_ids("iso-27001", rule) == ["8.2"]


def test_iso_maps_whole_rule_families() -> None:
    assert _control_ids("iso-27001", _rule("secrets/github-pat")) == ["5.17"]
    assert _control_ids("iso-27001", _rule("sca/vulnerable-dependency")) == ["8.8"]
    assert _control_ids("iso-27001", _rule("sast/python-sql-injection")) == ["8.28"]


def test_cis_frameworks_hold_only_the_items_pavedroad_cites() -> None:
    docker = load_framework("cis-docker")

    assert not docker.complete
    assert [control.id for control in docker.controls][:4] == ["4.1", "4.2", "4.3", "4.6"]


def test_an_unknown_framework_lists_the_known_ones() -> None:
    with pytest.raises(FrameworkError, match=r"unknown framework 'hipaa'; available: cis-aws-foundations \(CIS"):
        load_framework("hipaa")
