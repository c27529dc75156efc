"""OS package licences: dpkg copyright files (DEP-5), apk `L:`, rpm License; in SBOMs and the licence policy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from image_builders import (
    APK_INSTALLED,
    DPKG_STATUS,
    OS_RELEASE_ALPINE,
    OS_RELEASE_DEBIAN,
    Member,
    docker_save,
    image_config,
    layer_tar,
    rpm_header,
    rpmdb_sqlite,
    tree,
)

from pavedroad.cli.image import image_command
from pavedroad.image import scan_image, scan_rootfs
from pavedroad.image.debian_copyright import copyright_license
from pavedroad.image.license_names import debian_license_expression
from pavedroad.image.rpm import TAG_ARCH, TAG_LICENSE, TAG_NAME, TAG_RELEASE, TAG_VERSION

LIBSSL_COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: OpenSSL
Source: https://www.openssl.org/source/

Files: *
Copyright: 1998-2023 The OpenSSL Authors
License: Apache-2.0

Files: debian/*
Copyright: 1999-2023 Debian OpenSSL maintainers
License: GPL-2+ or Artistic

License: Apache-2.0
 Licensed under the Apache License, Version 2.0 (the "License").

License: Artistic
 This program is free software; you can redistribute it and/or modify it
 under the terms of the "Artistic License".
"""
ZLIB_COPYRIGHT = """\
Format: http://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: zlib

Files: *
Copyright: 1995-2022 Jean-loup Gailly and Mark Adler
License: Zlib
 This software is provided 'as-is', without any express or implied warranty.
"""
LIBC_COPYRIGHT = "This is the Debian prepackaged version of the GNU C Library.\n\nIt is free software (LGPL).\n"
DEBIAN_WITH_DOCS = [
    *tree({
        "etc/os-release": OS_RELEASE_DEBIAN,
        "var/lib/dpkg/status": DPKG_STATUS,
        "usr/share/doc/libssl3/copyright": LIBSSL_COPYRIGHT,
        "usr/share/doc/zlib1g/copyright": ZLIB_COPYRIGHT,
        "usr/share/doc/libc6/copyright": LIBC_COPYRIGHT,
    }),
    # Debian links the doc directory of a package to that of another built from the same source.
    Member("usr/share/doc/openssl", kind="symlink", target="libssl3"),
]  # fmt: skip
LIBSSL_LICENSE = "Apache-2.0 AND (GPL-2.0-or-later OR Artistic-1.0)"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _licenses(components: Any) -> dict[str, tuple[str, ...]]:
    return {component.name: component.licenses for component in components}


@pytest.mark.parametrize(
    ("field", "expression"),
    [
        ("GPL-2+", "GPL-2.0-or-later"),
        ("Expat", "MIT"),
        ("BSD-3-clause", "BSD-3-Clause"),
        ("zlib", "Zlib"),
        ("LGPL-2.1+", "LGPL-2.1-or-later"),
        ("GPL-2", "GPL-2.0-only"),
        ("GFDL-NIV-1.3", "GFDL-1.3-no-invariants-only"),
        ("Perl", "Artistic-1.0-Perl OR GPL-1.0-or-later"),
        ("GPL-2+ or Artistic-2.0, and BSD-3-clause", "(GPL-2.0-or-later OR Artistic-2.0) AND BSD-3-Clause"),
        ("BSD-4-clause-UC and MIT-like", "BSD-4-Clause-UC AND LicenseRef-MIT-like"),
        ("public-domain", "LicenseRef-public-domain"),
        # Two SPDX Bison exceptions exist: the clause is kept whole rather than one picked.
        ("GPL-3+ with Bison exception", "LicenseRef-GPL-3-or-later-with-Bison-exception"),
    ],
)
def test_debian_licence_names_become_spdx_expressions(field: str, expression: str) -> None:
    assert debian_license_expression(field) == expression


def test_copyright_file_licence_is_its_files_paragraphs_and_free_text_is_unknown() -> None:
    assert copyright_license(LIBSSL_COPYRIGHT) == LIBSSL_LICENSE
    assert copyright_license(ZLIB_COPYRIGHT) == "Zlib"
    assert copyright_license(LIBC_COPYRIGHT) is None


def test_dpkg_licences_come_from_copyright_files_through_linked_doc_directories(tmp_path: Path) -> None:
    result = scan_image(docker_save(tmp_path / "d.tar", [layer_tar(DEBIAN_WITH_DOCS)], image_config(user="app")))

    assert result.problems == ()
    assert _licenses(result.components) == {
        "libssl3": (LIBSSL_LICENSE,),
        "openssl": (LIBSSL_LICENSE,),
        "libc6": (),  # not machine-readable: unknown, not guessed
        "zlib1g": ("Zlib",),
    }


def test_apk_and_rpm_licences_are_read_from_their_databases(tmp_path: Path) -> None:
    alpine = docker_save(
        tmp_path / "a.tar",
        [layer_tar(tree({"etc/os-release": OS_RELEASE_ALPINE, "lib/apk/db/installed": APK_INSTALLED}))],
        {},
    )
    header = rpm_header({TAG_NAME: "bash", TAG_VERSION: "5.1.8", TAG_RELEASE: "6.el9", TAG_ARCH: "x86_64",
                         TAG_LICENSE: "GPL-3.0-or-later"})  # fmt: skip
    rpm = docker_save(tmp_path / "r.tar", [layer_tar(tree({"var/lib/rpm/rpmdb.sqlite": rpmdb_sqlite([header])}))], {})

    assert _licenses(scan_image(alpine).components) == {"musl": ("MIT",), "libcrypto3": ("Apache-2.0",)}
    assert _licenses(scan_image(rpm).components) == {"bash": ("GPL-3.0-or-later",)}


def test_licence_policy_sees_os_packages_and_names_those_it_cannot_judge(tmp_path: Path) -> None:
    (tmp_path / ".pavedroad.toml").write_text('[licenses]\ndeny = ["Apache-2.0"]\n')
    image = docker_save(tmp_path / "d.tar", [layer_tar(DEBIAN_WITH_DOCS)], image_config(user="app"))
    result = CliRunner().invoke(image_command, [str(image), "--format", "json"], catch_exceptions=False)
    report = json.loads(result.stdout)

    assert sorted((f["rule_id"], f["title"], f["location"]["start_line"]) for f in report["findings"]) == [
        ("sca/license-policy", f"libssl3 3.0.11-1~deb12u2: licence {LIBSSL_LICENSE}", 1),
        ("sca/license-policy", f"openssl 3.0.11-1~deb12u2: licence {LIBSSL_LICENSE}", 8),
    ]
    unknown = [w for w in report["warnings"] if "licence unknown" in w["message"]]
    assert [(w["path"], w["message"]) for w in unknown] == [
        ("var/lib/dpkg/status", "licence unknown for 1 OS package(s), not checked by the licence policy "
         "(no machine-readable copyright file or licence field): libc6")
    ]  # fmt: skip


@pytest.mark.parametrize("sbom_format", ["spdx", "cyclonedx"])
def test_sboms_carry_os_package_licences(tmp_path: Path, sbom_format: str) -> None:
    image = docker_save(tmp_path / "d.tar", [layer_tar(DEBIAN_WITH_DOCS)], image_config(user="app"))
    sbom = tmp_path / "sbom.json"
    result = CliRunner().invoke(image_command, [str(image), "--sbom", sbom_format, "-o", str(sbom)])
    assert result.exit_code == 0
    document = json.loads(sbom.read_text())
    if sbom_format == "spdx":
        declared = {p["name"]: p["licenseDeclared"] for p in document["packages"] if "licenseDeclared" in p}
        assert declared == {"libssl3": LIBSSL_LICENSE, "openssl": LIBSSL_LICENSE, "libc6": "NOASSERTION",
                            "zlib1g": "Zlib"}  # fmt: skip
    else:
        assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(sbom.read_text()) is None
        declared = {c["name"]: [entry["expression"] for entry in c.get("licenses", [])] for c in document["components"]}
        assert declared == {"libssl3": [LIBSSL_LICENSE], "openssl": [LIBSSL_LICENSE], "libc6": [], "zlib1g": ["Zlib"]}


def test_spdx_defines_the_licence_refs_it_uses(tmp_path: Path) -> None:
    from pavedroad.sbom.spdx import spdx_json

    tzdata_copyright = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n" \
        "Files: *\nCopyright: none\nLicense: public-domain\n"  # fmt: skip
    status = "Package: tzdata\nStatus: install ok installed\nArchitecture: all\nVersion: 2024a-0+deb12u1\n"
    root = tmp_path / "root"
    for path, text in {"etc/os-release": OS_RELEASE_DEBIAN, "var/lib/dpkg/status": status,
                       "usr/share/doc/tzdata/copyright": tzdata_copyright}.items():  # fmt: skip
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    document = json.loads(spdx_json("root", list(scan_rootfs(root).components)))  # validated by spdx-tools

    assert document["hasExtractedLicensingInfos"] == [
        {"extractedText": "A licence the package names 'public-domain'; it has no SPDX id.",
         "licenseId": "LicenseRef-public-domain", "name": "public-domain"}
    ]  # fmt: skip


REAL_PACKAGES = ("zlib1g", "tzdata", "libc6")


def test_this_machines_dpkg_database_and_copyright_files(tmp_path: Path) -> None:
    sources = [Path("/var/lib/dpkg/status"), Path("/etc/os-release")]
    sources += [Path(f"/usr/share/doc/{name}/copyright") for name in REAL_PACKAGES]
    if not all(path.is_file() for path in sources):
        pytest.skip("not a Debian-based machine with zlib1g, tzdata and libc6")
    root = tmp_path / "root"
    for source in sources:
        target = root / source.relative_to("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    result = scan_rootfs(root)
    licenses = _licenses(result.components)

    assert licenses["zlib1g"] == ("Zlib",)
    assert licenses["tzdata"] == ("LicenseRef-public-domain",)
    assert licenses["libc6"] == ()  # glibc's copyright file is free text
    # Only the three copied copyright files exist: every other package's licence is unknown.
    assert {name for name, found in licenses.items() if found} == {"zlib1g", "tzdata"}
