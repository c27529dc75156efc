"""Known answers from the shared OSV data, in every ecosystem it has (KNOWN_ANSWERS.json)."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from conftest import KNOWN_ANSWERS, OSV_DATA, match

from pavedroad.core.components import Component
from pavedroad.vulndb.match import find_vulnerabilities
from pavedroad.vulndb.names import normalize_name
from pavedroad.vulndb.store import VulnerabilityDatabase

PACKAGE_CASES = [case for case in KNOWN_ANSWERS if case["package"]]


def case_id(case: dict[str, Any]) -> str:
    return f"{case['ecosystem']}:{case['package']}@{case['vulnerable_version']}"


def test_every_ecosystem_of_the_known_answers_is_covered() -> None:
    files = {case["file"] for case in KNOWN_ANSWERS}
    assert {case["file"] for case in PACKAGE_CASES} == files - {"GIT.jsonl.gz"}
    assert len(PACKAGE_CASES) >= 29


@pytest.mark.parametrize("case", PACKAGE_CASES, ids=case_id)
def test_the_vulnerable_version_is_found_with_its_ids(
    shared_database: VulnerabilityDatabase, case: dict[str, Any]
) -> None:
    result = match(shared_database, case["ecosystem"], case["package"], case["vulnerable_version"])
    found = [m for m in result if case["id"] in (m.id, *m.aliases)]
    assert len(found) == 1, [m.id for m in result]
    # Alias merging: the advisory's CVE (in `aliases`, `upstream` or, for AlmaLinux, `related`)
    # is carried by the one match instead of producing a second finding.
    assert set(case["aliases"]) <= {found[0].id, *found[0].aliases, *found[0].related}
    assert case["id"] in found[0].ids
    if case["fixed_version"]:
        assert case["fixed_version"] in found[0].fixed_versions
    assert not result.problems


@pytest.mark.parametrize("case", [c for c in PACKAGE_CASES if c["fixed_version"]], ids=case_id)
def test_the_fixed_version_is_not_reported(shared_database: VulnerabilityDatabase, case: dict[str, Any]) -> None:
    result = match(shared_database, case["ecosystem"], case["package"], case["fixed_version"])
    assert all(case["id"] not in (m.id, *m.aliases) for m in result)
    assert not result.problems


@pytest.mark.parametrize(
    ("ecosystem", "package", "version", "advisory"),
    [
        ("PyPI", "django", "1.0", "PYSEC-2021-7"),  # far below the range's introduced 3.2
        ("PyPI", "requests", "2.31.0", "PYSEC-2018-28"),
        ("Go", "golang.org/x/crypto", "0.31.0", "GO-2023-2402"),
        ("crates.io", "smallvec", "0.6.2", "RUSTSEC-2021-0003"),  # below the first range (0.6.3)
        ("crates.io", "smallvec", "0.6.14", "RUSTSEC-2021-0003"),  # between its two ranges
        ("Julia", "LibCURL_jll", "8.5.0+0", "JLSEC-2025-36"),  # below introduced 8.6.0+0
        ("AlmaLinux:8", "openssl", "1:3.0.1-41.el9_0", "ALSA-2022:7288"),  # another release's ecosystem
        ("Bitnami", "redis", "6.2.0", "BIT-redis-2022-33105"),
    ],
)
def test_versions_outside_the_ranges_are_not_reported(
    shared_database: VulnerabilityDatabase, ecosystem: str, package: str, version: str, advisory: str
) -> None:
    result = match(shared_database, ecosystem, package, version)
    assert all(advisory not in (m.id, *m.aliases) for m in result)


def test_names_are_normalised_as_the_registry_does(shared_database: VulnerabilityDatabase) -> None:
    result = match(shared_database, "pypi", "PyYAML", "5.3")
    assert "PYSEC-2020-96" in {m.id for m in result}
    assert "PYSEC-2019-217" in {m.id for m in match(shared_database, "PyPI", "Jinja2", "2.10")}


def test_go_versions_as_go_mod_writes_them(shared_database: VulnerabilityDatabase) -> None:
    ids = {m.id for m in match(shared_database, "Go", "github.com/gin-gonic/gin", "v1.5.0")}
    assert "GO-2020-0001" in ids
    pseudo = {m.id for m in match(shared_database, "Go", "golang.org/x/net", "v0.16.1-0.20231010000000-abcdefabcdef")}
    assert "GO-2023-2102" in pseudo  # a pseudo-version after 0.16.0 still precedes the 0.17.0 fix


def withdrawn_cases() -> list[tuple[str, str, str, str]]:
    """(ecosystem, package, version, id) for each withdrawn record of a known-answer package."""
    cases = []
    wanted = {(c["file"], normalize_name(c["ecosystem"], c["package"])) for c in PACKAGE_CASES}
    for file_name in sorted({f for f, _ in wanted}):
        with gzip.open(OSV_DATA / file_name, "rt", encoding="utf-8") as stream:
            for line in stream:
                if '"withdrawn"' not in line:
                    continue
                record = json.loads(line)
                for entry in record["affected"]:
                    package = entry.get("package", {})
                    if (file_name, normalize_name(package["ecosystem"], package["name"])) in wanted:
                        version = (entry.get("versions") or [None])[0]
                        if version:
                            cases.append((package["ecosystem"], package["name"], version, record["id"]))
    return cases


def test_withdrawn_advisories_are_never_reported(shared_database: VulnerabilityDatabase) -> None:
    cases = withdrawn_cases()
    assert len(cases) >= 5  # django and jinja2 have withdrawn records in the shared data
    components = [Component(ecosystem, name, version, "lockfile") for ecosystem, name, version, _ in cases]
    reported = {identifier for m in find_vulnerabilities(shared_database, components) for identifier in m.ids}
    withdrawn = {identifier for *_, identifier in cases}
    assert reported.isdisjoint(withdrawn)
    # They are stored, withdrawn date and all, just never matched.
    stored = shared_database.advisory(sorted(withdrawn)[0])
    assert stored is not None and stored.withdrawn


def test_records_for_the_same_flaw_are_one_match(shared_database: VulnerabilityDatabase) -> None:
    result = match(shared_database, "PyPI", "django", "3.2")
    identifiers = [i for m in result for i in (m.id, *m.aliases)]
    assert len(identifiers) == len(set(identifiers))  # no CVE or GHSA shows up under two matches
    (flaw,) = [m for m in result if m.id == "PYSEC-2021-7"]
    assert "CVE-2021-31542" in flaw.aliases
