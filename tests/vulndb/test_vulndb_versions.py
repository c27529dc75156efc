"""Each ecosystem's version order against its tricky cases, and unreadable versions."""

from __future__ import annotations

import gzip
import json
import random

import pytest
from conftest import OSV_DATA
from univers.versions import RpmVersion

from pavedroad.vulndb.versions import UnparsableVersionError, VersionOrder, order_for_ecosystem, order_for_range

ASCENDING = {
    "PyPI": [
        "1.0.dev1", "1.0a1", "1.0a2.dev1", "1.0a2", "1.0b1", "1.0rc1", "1.0", "1.0+local.1",
        "1.0.post1.dev1", "1.0.post1", "1.1", "1.10", "1!0.1",
    ],
    "npm": ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
            "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0-0"],
    "Go": ["v0.0.0-20190101000000-abcdefabcdef", "v0.0.0-20210101000000-abcdefabcdef", "0.0.1",
           "v1.2.3", "v1.2.4-0.20220101000000-abcdefabcdef", "1.2.4", "v2.0.0+incompatible", "v2.1.0"],
    "crates.io": ["0.6.13", "0.6.14", "1.0.0-alpha.1", "1.0.0", "1.6.1", "1.10.0"],
    "Julia": ["1.1.17+0", "1.1.20+0", "8.8.0+0", "8.9.0+0"],
    "Maven": ["1.0-alpha-1", "1.0-beta-1", "1.0-M1", "1.0-RC1", "1.0-SNAPSHOT", "1.0", "1.0-sp1", "1.0.1", "1.1"],
    "NuGet": ["1.0.0-alpha.2", "1.0.0-alpha.10", "1.0.0-beta", "1.0.0", "1.0.0.1", "1.0.1"],
    "RubyGems": ["1.0.a", "1.0.0.beta2", "1.0.0.rc1", "1.0.0", "5.0.0", "5.0.0.1", "5.1"],
    "Packagist": ["1.0.0-alpha2", "1.0.0-beta2", "1.0.0-beta10", "1.0.0-RC1", "1.0.0", "v1.0.0-p1", "1.0.1",
                  "2.1.0", "2.1.0.1"],
    "Debian:12": ["1:0.9", "1:1.0~rc1", "1:1.0", "1:1.0-1", "1:1.0-1+deb12u1", "1:1.0-1+deb12u10", "1:1.0+b1", "2:0.1"],
    "Alpine:v3.20": ["1.2.3_rc1-r0", "1.2.3-r0", "1.2.3-r4", "1.2.3-r10", "1.2.3_p1-r0", "1.2.10-r0", "3.1.0-r0"],
    "AlmaLinux:9": ["1.0~rc1-1", "1.0-1", "1.0-1.el8", "1.0-1.el8_1", "1.0^git1-1", "1.0a-1", "2.0-1", "1:1.0-1",
                    "1:3.0.1-41.el9_0", "1:3.0.1-43.el9_0"],
    "Hackage": ["1.0", "1.0.0", "1.5.6.0", "2.0.1.0", "10.0"],
    "CRAN": ["1.4-1", "1.4.2", "1.8.7", "1.8.8", "1.10-1"],
}  # fmt: skip


@pytest.mark.parametrize("ecosystem", sorted(ASCENDING))
def test_versions_sort_in_the_ecosystems_order(ecosystem: str) -> None:
    order = order_for_ecosystem(ecosystem)
    assert order is not None
    expected = ASCENDING[ecosystem]
    shuffled = expected[:]
    random.Random(ecosystem).shuffle(shuffled)
    assert order.sorted(shuffled) == expected


@pytest.mark.parametrize(
    ("ecosystem", "left", "right"),
    [
        ("PyPI", "2.10", "2.10.0"),
        ("PyPI", "1.0-1", "1.0.post1"),
        ("npm", "1.0.0", "1.0.0+build.5"),  # build metadata never changes precedence
        ("Go", "v1.6.0", "1.6.0"),
        ("Julia", "8.9.0+0", "8.9.0"),
        ("Maven", "1.0", "1.0.0"),
        ("NuGet", "1.0.0-Beta", "1.0.0-beta"),
        ("AlmaLinux:9", "0:1.0-1", "1.0-1"),
        ("Packagist", "v2.0.0", "2.0.0"),
    ],
)
def test_equal_versions(ecosystem: str, left: str, right: str) -> None:
    order = order_for_ecosystem(ecosystem)
    assert order is not None
    assert order.key(left) <= order.key(right) and order.key(right) <= order.key(left)


@pytest.mark.parametrize(
    ("ecosystem", "version"),
    [
        ("PyPI", "not a version"),
        ("PyPI", "0.1.33-NA"),  # a real bound in the PyPI data that PEP 440 rejects
        ("npm", "1.2.3.4"),  # four components are not SemVer, even tolerantly
        ("npm", "latest"),
        ("crates.io", ""),
        ("Go", " 1.0.0"),
        ("Packagist", "dev-main"),
        ("Hackage", "1.0-beta"),
        ("Debian:12", "junk version!"),
        ("AlmaLinux:9", "x:1.0-1"),
        ("NuGet", "abc"),
        ("PyPI", "1" * 300),
    ],
)
def test_unreadable_versions_raise_a_clear_error(ecosystem: str, version: str) -> None:
    order = order_for_ecosystem(ecosystem)
    assert order is not None
    assert not order.is_valid(version)
    with pytest.raises(UnparsableVersionError, match=f"not a valid {order.name} version"):
        order.key(version)


def test_semver_tolerates_what_advisories_write() -> None:
    semver = order_for_range("SEMVER", "Bitnami")
    assert semver is not None
    assert semver.sorted(["2023.03.13", "2022.11.08", "1.2", "1.2.1"]) == ["1.2", "1.2.1", "2022.11.08", "2023.03.13"]


def test_range_types_pick_their_order() -> None:
    assert order_for_range("SEMVER", "PyPI") is order_for_range("SEMVER", "npm")
    assert order_for_range("ECOSYSTEM", "PyPI") is order_for_ecosystem("PyPI")
    assert order_for_range("GIT", "PyPI") is None
    assert order_for_ecosystem("OSS-Fuzz") is None
    assert order_for_ecosystem("AlmaLinux:8") is order_for_ecosystem("Rocky Linux:9")


def alma_versions() -> list[str]:
    versions = set()
    with gzip.open(OSV_DATA / "AlmaLinux.jsonl.gz", "rt", encoding="utf-8") as stream:
        for line in stream:
            for entry in json.loads(line)["affected"]:
                versions.update(v for r in entry["ranges"] for e in r["events"] for v in e.values() if v != "0")
    return sorted(versions)


def test_the_rpm_key_orders_exactly_as_univers_rpmvercmp() -> None:
    order: VersionOrder | None = order_for_ecosystem("AlmaLinux:9")
    assert order is not None
    versions = alma_versions() + ASCENDING["AlmaLinux:9"] + ["1.0-1~", "1.0~~-1", "1.0_1-1", "1.0-1^", "1.0^a-1"]
    rng = random.Random(7)
    pairs = [(rng.choice(versions), rng.choice(versions)) for _ in range(20_000)]
    for left, right in pairs:
        expected = (RpmVersion(left) > RpmVersion(right)) - (RpmVersion(left) < RpmVersion(right))
        got = (order.key(left) > order.key(right)) - (order.key(left) < order.key(right))
        assert got == expected, (left, right)
