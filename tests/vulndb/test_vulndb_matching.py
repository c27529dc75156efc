"""Exact OSV semantics on hand-written records, for ecosystems the shared data does not have."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ids_by_version, match, osv, write_jsonl

from pavedroad.core.components import Component
from pavedroad.vulndb.importer import import_paths
from pavedroad.vulndb.match import find_vulnerabilities
from pavedroad.vulndb.store import VulnerabilityDatabase
from pavedroad.vulndb.upgrade import smallest_safe_upgrade

Build = Callable[..., VulnerabilityDatabase]
CVSS_CRITICAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"  # 9.8
CVSS_MEDIUM = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N"  # 4.2


@pytest.mark.parametrize(
    ("ecosystem", "name", "events", "affected", "unaffected"),
    [
        ("npm", "left-pad", [("introduced", "1.0.0-alpha"), ("fixed", "1.3.0-rc.1")],
         ["1.0.0-alpha", "1.0.0", "1.2.9", "1.3.0-beta.10"], ["0.9.9", "1.3.0-rc.1", "1.3.0-rc.2", "1.3.0"]),
        ("RubyGems", "rails", [("introduced", "5.0.0.beta1"), ("fixed", "5.0.0.1")],
         ["5.0.0.beta1", "5.0.0.rc1", "5.0.0"], ["5.0.0.alpha", "5.0.0.1", "5.1.0", "4.2.11"]),
        ("Maven", "org.apache.logging.log4j:log4j-core", [("introduced", "2.0-beta9"), ("fixed", "2.15.0")],
         ["2.0-beta9", "2.0-rc1", "2.0", "2.14.1"], ["2.0-beta8", "2.15.0", "2.17.1", "1.2.17"]),
        ("NuGet", "Newtonsoft.Json", [("introduced", "0"), ("fixed", "13.0.1")],
         ["12.0.3", "13.0.1-beta1"], ["13.0.1", "13.0.3"]),
        ("Packagist", "guzzlehttp/guzzle", [("introduced", "7.0.0-beta1"), ("fixed", "7.4.5")],
         ["7.0.0-beta2", "7.0.0-RC1", "v7.4.4"], ["7.0.0-alpha1", "7.4.5", "7.4.5.1", "6.5.8"]),
        ("Debian:12", "openssl", [("introduced", "0"), ("fixed", "3.0.11-1~deb12u2")],
         ["3.0.11-1~deb12u1", "3.0.9-1"], ["3.0.11-1~deb12u2", "3.0.11-1", "3.0.13-1~deb12u1"]),
        ("Alpine:v3.20", "busybox", [("introduced", "0"), ("fixed", "1.36.1-r15")],
         ["1.36.1-r2", "1.36.1_rc1-r20"], ["1.36.1-r15", "1.36.1_p1-r0", "1.37.0-r0"]),
        ("AlmaLinux:9", "curl", [("introduced", "0"), ("fixed", "7.76.1-19.el9_1.2")],
         ["7.76.1-19.el9_1.1", "7.76.1-19.el9"], ["7.76.1-19.el9_1.2", "7.76.1-23.el9", "1:7.0-1"]),
        ("Hex", "plug", [("introduced", "1.0.0"), ("fixed", "1.3.2")], ["1.3.1"], ["1.3.2"]),
        ("Pub", "http", [("introduced", "0"), ("fixed", "0.13.3")], ["0.13.2"], ["0.13.3", "1.0.0"]),
    ],
)  # fmt: skip
def test_ecosystem_ranges_use_the_ecosystems_order(
    database_of: Build,
    ecosystem: str,
    name: str,
    events: list[tuple[str, str]],
    affected: list[str],
    unaffected: list[str],
) -> None:
    db = database_of(osv("TEST-1", ecosystem, name, *events))
    found = ids_by_version(match(db, ecosystem, name, *affected, *unaffected))
    assert found == {version: {"TEST-1"} for version in affected}


def test_several_introduced_fixed_pairs_last_affected_and_limit(database_of: Build) -> None:
    db = database_of(
        osv("BRANCHES", "npm", "a", ("introduced", "1.0.0"), ("fixed", "1.2.0"), ("introduced", "2.0.0"),
            ("fixed", "2.1.0"), range_type="SEMVER"),
        osv("LAST", "npm", "a", ("introduced", "0"), ("last_affected", "0.9.0"), range_type="SEMVER"),
        osv("LIMIT", "npm", "a", ("introduced", "3.0.0"), ("limit", "3.5.0"), range_type="SEMVER"),
        osv("UNSORTED", "npm", "a", ("fixed", "5.1.0"), ("introduced", "5.0.0"), range_type="SEMVER"),
    )  # fmt: skip
    found = ids_by_version(
        match(db, "npm", "a", "0.9.0", "0.9.1", "1.1.9", "1.2.0", "1.5.0", "2.0.5", "2.1.0", "3.4.9", "3.5.0", "5.0.1")
    )
    assert found == {
        "0.9.0": {"LAST"},  # last_affected is inclusive
        "1.1.9": {"BRANCHES"},
        "2.0.5": {"BRANCHES"},
        "3.4.9": {"LIMIT"},  # limit is exclusive
        "5.0.1": {"UNSORTED"},  # events are sorted before the walk
    }


def test_versions_lists_and_ranges_are_a_union_and_git_ranges_are_skipped(database_of: Build) -> None:
    record = osv("LISTED", "PyPI", "Some_Pkg", ("introduced", "2.0"), ("fixed", "2.1"), versions=["1.5", "0.1-legacy"])
    record["affected"][0]["ranges"].append(
        {"type": "GIT", "repo": "https://example.invalid/repo.git", "events": [{"introduced": "0"}]}
    )
    db = database_of(record, osv("GIT-ONLY", "PyPI", "some-pkg", ("introduced", "0"), range_type="GIT"))
    found = ids_by_version(match(db, "PyPI", "some.pkg", "1.5", "1.5.0", "0.1-legacy", "2.0.1", "1.6", "2.1"))
    assert found == {"1.5": {"LISTED"}, "1.5.0": {"LISTED"}, "0.1-legacy": {"LISTED"}, "2.0.1": {"LISTED"}}


def test_records_sharing_an_alias_are_one_match_with_every_id(database_of: Build) -> None:
    db = database_of(
        osv("PYSEC-2024-1", "PyPI", "lib", ("introduced", "0"), ("fixed", "1.1"), aliases=["CVE-2024-0001"],
            summary="Remote code execution"),
        osv("GHSA-aaaa-bbbb-cccc", "PyPI", "lib", ("introduced", "0"), ("fixed", "1.2"), aliases=["CVE-2024-0001"]),
        osv("PYSEC-2024-2", "PyPI", "lib", ("introduced", "0"), ("fixed", "1.1"), aliases=["CVE-2024-0002"],
            related=["CVE-2024-0001"]),
    )  # fmt: skip
    result = match(db, "PyPI", "lib", "1.0")
    merged = {m.id: m for m in result}
    assert set(merged) == {"PYSEC-2024-1", "PYSEC-2024-2"}  # `related` does not merge
    first = merged["PYSEC-2024-1"]
    assert first.aliases == ("GHSA-aaaa-bbbb-cccc", "CVE-2024-0001")
    assert set(first.ids) == {"PYSEC-2024-1", "GHSA-aaaa-bbbb-cccc"}
    assert first.summary == "Remote code execution"
    assert first.fixed_versions == ("1.1", "1.2")
    assert merged["PYSEC-2024-2"].related == ("CVE-2024-0001",)


def test_severity_from_the_cvss_vector_else_the_database_rating(database_of: Build) -> None:
    db = database_of(
        osv("V3", "npm", "s", ("introduced", "0"), severity=[{"type": "CVSS_V3", "score": CVSS_CRITICAL}],
            database_specific={"severity": "LOW"}),
        osv("TWO", "npm", "s", ("introduced", "0"), severity=[{"type": "CVSS_V3", "score": CVSS_MEDIUM},
            {"type": "CVSS_V4", "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}]),
        osv("RATED", "npm", "s", ("introduced", "0"), database_specific={"severity": "MODERATE"}),
        osv("BROKEN", "npm", "s", ("introduced", "0"), severity=[{"type": "CVSS_V3", "score": "CVSS:3.1/AV:X"}]),
        osv("ALSA-1", "npm", "s", ("introduced", "0"), summary="Important: openssl security update"),
    )  # fmt: skip
    severity = {m.id: m.severity for m in match(db, "npm", "s", "1.0.0")}
    assert (severity["V3"].level, severity["V3"].score, severity["V3"].source) == ("critical", 9.8, "CVSS_V3")
    assert (severity["TWO"].level, severity["TWO"].score, severity["TWO"].source) == ("critical", 9.3, "CVSS_V4")
    assert (severity["RATED"].level, severity["RATED"].score, severity["RATED"].source) == ("medium", None, "database")
    assert severity["BROKEN"].level == "unknown"
    assert (severity["ALSA-1"].level, severity["ALSA-1"].source) == ("high", "database")  # Red Hat-style errata


def test_an_unparsable_version_is_a_problem_never_a_silent_pass(database_of: Build) -> None:
    db = database_of(osv("R", "PyPI", "lib", ("introduced", "0"), ("fixed", "2.0"), versions=["weird-1"]))
    result = match(db, "PyPI", "lib", "not-a-version", "weird-1")
    assert [m.component.version for m in result] == ["weird-1"]  # an exact listed version still matches
    (problem,) = result.problems
    assert problem.kind == "unparsable-version"
    assert problem.component.version == "not-a-version"
    assert problem.describe() == (
        "lockfile:1: lib 'not-a-version' is not a valid PEP 440 version: advisories R could not be checked "
        "against it (only their exact version lists were)"
    )


def test_an_unparsable_bound_and_an_unordered_ecosystem_are_problems(database_of: Build) -> None:
    db = database_of(
        osv("BAD-BOUND", "PyPI", "lib", ("introduced", "0"), ("fixed", "0.1.33-NA")),
        osv("NO-ORDER", "OSS-Fuzz", "proj", ("introduced", "1.0"), ("fixed", "2.0")),
    )
    result = find_vulnerabilities(
        db, [Component("PyPI", "lib", "0.1", "a.txt", 3), Component("OSS-Fuzz", "proj", "1.5", "b.txt")]
    )
    assert not result.matches
    assert sorted((p.kind, p.describe()) for p in result.problems) == [
        ("undecidable-range", "a.txt:3: lib 0.1: could not evaluate advisories BAD-BOUND "
         "(version '0.1.33-NA' is not a valid PEP 440 version)"),
        ("undecidable-range", "b.txt: proj 1.5: could not evaluate advisories NO-ORDER "
         "(no version order for ECOSYSTEM ranges in OSS-Fuzz)"),
    ]  # fmt: skip


def test_unpinned_components_are_reported_not_matched(database_of: Build) -> None:
    db = database_of(osv("R", "npm", "x", ("introduced", "0")))
    result = find_vulnerabilities(db, [Component("npm", "x", None, "package.json", 4, specifier="^1.0.0")])
    assert not result.matches
    assert [(p.kind, p.describe()) for p in result.problems] == [
        ("unpinned", "package.json:4: x: no exact version, so not checked for vulnerabilities")
    ]


def test_npm_and_nuget_names_ignore_case_go_paths_do_not(database_of: Build) -> None:
    db = database_of(
        osv("N1", "npm", "JSONStream", ("introduced", "0")),
        osv("N2", "NuGet", "Newtonsoft.Json", ("introduced", "0")),
        osv("G1", "Go", "github.com/Foo/bar", ("introduced", "0"), range_type="SEMVER"),
    )
    components = [
        Component("npm", "jsonstream", "1.0.0", "l"),
        Component("NuGet", "newtonsoft.json", "1.0.0", "l"),
        Component("Go", "github.com/foo/bar", "v1.0.0", "l"),
    ]
    assert {m.id for m in find_vulnerabilities(db, components)} == {"N1", "N2"}


def test_smallest_safe_upgrade(database_of: Build) -> None:
    db = database_of(
        osv("A", "npm", "pkg", ("introduced", "0"), ("fixed", "1.2.0"), ("introduced", "2.0.0"), ("fixed", "2.0.3"),
            range_type="SEMVER"),
        osv("B", "npm", "pkg", ("introduced", "1.0.0"), ("fixed", "1.4.0"), range_type="SEMVER"),
        osv("LATER", "npm", "pkg", ("introduced", "1.4.0"), ("fixed", "1.5.1"), range_type="SEMVER"),
        osv("UNFIXED", "npm", "pkg", ("introduced", "0"), range_type="SEMVER"),
    )  # fmt: skip
    result = match(db, "npm", "pkg", "1.1.0")
    component = result.matches[0].component
    matched = [m for m in result if m.id != "UNFIXED"]
    assert {m.id for m in result} == {"A", "B", "UNFIXED"}
    # 1.2.0 fixes A but not B; 1.4.0 is outside A and B (and UNFIXED cannot be escaped).
    assert smallest_safe_upgrade("npm", "1.1.0", matched) == "1.4.0"
    assert smallest_safe_upgrade("npm", "1.1.0", result.matches) == "1.4.0"
    # ...but 1.4.0 brings in LATER, so the advice that knows every advisory is 1.5.1.
    assert result.safe_upgrade(component) == "1.5.1"
    assert smallest_safe_upgrade("npm", "1.1.0", []) is None
    assert smallest_safe_upgrade("npm", "not-semver", result.matches) is None


def test_kev_and_epss_flag_matches(database_of: Build, tmp_path: Path) -> None:
    database_of(
        osv("GHSA-kev", "npm", "hot", ("introduced", "0"), aliases=["CVE-2021-44228"]),
        osv("GHSA-cold", "npm", "hot", ("introduced", "0"), aliases=["CVE-2020-0001"]),
    )
    kev = tmp_path / "known_exploited_vulnerabilities.json"
    kev.write_text(
        '{"title": "CISA Catalog of Known Exploited Vulnerabilities", "catalogVersion": "2026.11.28", '
        '"dateReleased": "2026-11-28T12:00:00.000Z", "count": 1, "vulnerabilities": [{"cveID": "CVE-2021-44228", '
        '"vendorProject": "Apache", "product": "Log4j2", "vulnerabilityName": "Apache Log4j2 RCE", '
        '"dateAdded": "2021-12-10", "dueDate": "2021-12-24", "knownRansomwareCampaignUse": "Known"}]}'
    )
    epss = write_jsonl(
        tmp_path / "epss_scores-2026-11-28.csv.gz",
        ["#model_version:v2025.03.14,score_date:2026-11-28T00:00:00+0000", "cve,epss,percentile",
         "CVE-2021-44228,0.94358,0.99961", "CVE-2020-0001,0.00043,0.11201"],
    )  # fmt: skip
    report = import_paths(tmp_path / "vulndb.sqlite3", [kev, epss])
    assert [(s.kind, s.records) for s in report.sources] == [("kev", 1), ("epss", 2)]
    db = VulnerabilityDatabase(tmp_path / "vulndb.sqlite3")
    facts = {m.id: (m.known_exploited, m.epss, m.epss_percentile) for m in match(db, "npm", "hot", "1.0.0")}
    assert facts == {"GHSA-kev": (True, 0.94358, 0.99961), "GHSA-cold": (False, 0.00043, 0.11201)}
