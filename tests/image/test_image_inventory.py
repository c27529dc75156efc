"""OS and language package inventories of images and root filesystems, exactly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from image_builders import (
    APK_INSTALLED,
    DPKG_STATUS,
    OS_RELEASE_ALPINE,
    OS_RELEASE_DEBIAN,
    REQUESTS_METADATA,
    SITE_PACKAGES,
    Member,
    docker_save,
    layer_tar,
    rpm_header,
    rpmdb_sqlite,
    tree,
)

from pavedroad.image import scan_image, scan_rootfs
from pavedroad.image.vulnerabilities import advisory_groups


def _image(tmp_path: Path, contents: dict[str, str | bytes]) -> Path:
    return docker_save(tmp_path / "image.tar", [layer_tar(tree(contents), compress=True)], {})


def test_dpkg_status_inventory_with_purls_and_source_packages(tmp_path: Path) -> None:
    result = scan_image(_image(tmp_path, {"etc/os-release": OS_RELEASE_DEBIAN, "var/lib/dpkg/status": DPKG_STATUS}))
    assert [(c.ecosystem, c.name, c.version, c.line, c.purl) for c in result.components] == [
        ("Debian:12", "libssl3", "3.0.11-1~deb12u2", 1,
         "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl"),
        ("Debian:12", "openssl", "3.0.11-1~deb12u2", 8,
         "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"),
        ("Debian:12", "libc6", "2.36-9+deb12u3", 14,
         "pkg:deb/debian/libc6@2.36-9%2Bdeb12u3?arch=amd64&distro=debian-12&upstream=glibc"),
        ("Debian:12", "zlib1g", "1:1.2.13.dfsg-1+b1", 23,
         "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1%2Bb1?arch=amd64&distro=debian-12&upstream=zlib%401:1.2.13.dfsg-1"),
    ]  # fmt: skip
    assert result.components[1].dependencies == ("libc6", "libssl3")
    assert result.problems == ()


def test_binaries_of_one_source_package_are_matched_as_that_source(tmp_path: Path) -> None:
    result = scan_image(_image(tmp_path, {"etc/os-release": OS_RELEASE_DEBIAN, "var/lib/dpkg/status": DPKG_STATUS}))
    groups = {
        (key.name, key.version): sorted(c.name for c in members)
        for key, members in advisory_groups(result.components).items()
    }
    assert groups == {
        ("openssl", "3.0.11-1~deb12u2"): ["libssl3", "openssl"],
        ("glibc", "2.36-9+deb12u3"): ["libc6"],
        ("zlib", "1:1.2.13.dfsg-1"): ["zlib1g"],
    }


def test_distroless_status_d_entries(tmp_path: Path) -> None:
    stanza = "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n"
    result = scan_image(
        _image(
            tmp_path,
            {
                "etc/debian_version": "12.5\n",
                "var/lib/dpkg/status.d/base-files": stanza,
                "var/lib/dpkg/status.d/base-files.md5sums": "d41d8cd98f00b204e9800998ecf8427e  etc/issue\n",
            },
        )
    )
    assert [(c.ecosystem, c.name, c.version, c.source) for c in result.components] == [
        ("Debian:12", "base-files", "12.4+deb12u5", "var/lib/dpkg/status.d/base-files")
    ]


def test_apk_installed_inventory(tmp_path: Path) -> None:
    result = scan_image(_image(tmp_path, {"etc/os-release": OS_RELEASE_ALPINE, "lib/apk/db/installed": APK_INSTALLED}))
    assert [(c.ecosystem, c.name, c.version, c.purl, c.dependencies) for c in result.components] == [
        ("Alpine:v3.19", "musl", "1.2.4-r2", "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1", ()),
        ("Alpine:v3.19", "libcrypto3", "3.1.4-r5",
         "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl", ("musl",)),
    ]  # fmt: skip
    assert [key.name for key in advisory_groups(result.components)] == ["musl", "openssl"]


def test_rpm_sqlite_database_inventory(tmp_path: Path) -> None:
    headers = [
        rpm_header({1000: "openssl-libs", 1001: "3.0.7", 1002: "25.el9_3", 1003: 1, 1022: "x86_64",
                    1044: "openssl-3.0.7-25.el9_3.src.rpm"}),
        rpm_header({1000: "bash", 1001: "5.1.8", 1002: "6.el9_1", 1022: "x86_64"}),
        rpm_header({1000: "gpg-pubkey", 1001: "b86b3716", 1002: "61e69f29"}),
        b"\x00\x00\x00\x05\x00\x00\x00\x00",  # claims five index entries it does not have
    ]  # fmt: skip
    release = 'ID="almalinux"\nVERSION_ID="9.3"\n'
    result = scan_image(
        _image(tmp_path, {"etc/os-release": release, "var/lib/rpm/rpmdb.sqlite": rpmdb_sqlite(headers)})
    )
    assert [(c.ecosystem, c.name, c.version, c.purl) for c in result.components] == [
        ("AlmaLinux:9", "openssl-libs", "1:3.0.7-25.el9_3",
         "pkg:rpm/almalinux/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=almalinux-9.3&epoch=1"
         "&upstream=openssl-3.0.7-25.el9_3.src.rpm"),
        ("AlmaLinux:9", "bash", "5.1.8-6.el9_1",
         "pkg:rpm/almalinux/bash@5.1.8-6.el9_1?arch=x86_64&distro=almalinux-9.3"),
    ]  # fmt: skip
    assert [problem.describe() for problem in result.problems] == [
        "var/lib/rpm/rpmdb.sqlite: package 4: header index or data larger than the blob; skipped"
    ]


def test_berkeley_db_rpm_database_is_reported_not_inventoried(tmp_path: Path) -> None:
    result = scan_image(
        _image(tmp_path, {"etc/os-release": 'ID="centos"\nVERSION_ID="7"\n', "var/lib/rpm/Packages": b"\0" * 64})
    )
    assert result.components == ()
    assert [(p.path, p.message, p.is_error) for p in result.problems] == [
        ("var/lib/rpm/Packages", "rpm database present (Berkeley DB/NDB format), not inventoried", False)
    ]


def test_language_packages_inside_the_image(tmp_path: Path) -> None:
    result = scan_image(
        _image(
            tmp_path,
            {
                f"{SITE_PACKAGES}/requests-2.19.1.dist-info/METADATA": REQUESTS_METADATA,
                "app/node_modules/@scope/pkg/package.json": '{"name": "@scope/pkg", "version": "1.0.0"}',
                "app/node_modules/broken/package.json": '{"name": "broken", ',
            },
        )
    )
    assert sorted((c.ecosystem, c.name, c.version, c.source) for c in result.components) == [
        ("PyPI", "requests", "2.19.1", f"{SITE_PACKAGES}/requests-2.19.1.dist-info/METADATA"),
        ("npm", "@scope/pkg", "1.0.0", "app/node_modules/@scope/pkg/package.json"),
    ]
    assert [(p.path, p.is_error) for p in result.problems] == [("app/node_modules/broken/package.json", False)]


def test_rootfs_directory_with_links_resolved_inside_it(tmp_path: Path) -> None:
    root = tmp_path / "rootfs"
    (root / "usr/lib").mkdir(parents=True)
    (root / "etc").mkdir()
    (root / "var/lib/dpkg").mkdir(parents=True)
    (root / "usr/lib/os-release").write_text(OS_RELEASE_DEBIAN)
    (root / "etc/os-release").symlink_to("/usr/lib/os-release")  # absolute: the rootfs's own file
    (root / "var/lib/dpkg/status").write_text(DPKG_STATUS)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "METADATA").write_text(REQUESTS_METADATA)
    site = root / SITE_PACKAGES / "requests-2.19.1.dist-info"
    site.mkdir(parents=True)
    (site / "METADATA").symlink_to(outside / "METADATA")  # points at the host: must not be read
    result = scan_rootfs(root)
    assert result.distro is not None and result.distro.ecosystem == "Debian:12"
    assert sorted(c.name for c in result.components) == ["libc6", "libssl3", "openssl", "zlib1g"]


HOST_STATUS = Path("/var/lib/dpkg/status")
HOST_OS_RELEASE = Path("/etc/os-release")


@pytest.mark.skipif(not HOST_STATUS.is_file() or not HOST_OS_RELEASE.exists(), reason="no dpkg database here")
def test_this_machines_real_dpkg_status(tmp_path: Path) -> None:
    root = tmp_path / "host"
    (root / "var/lib/dpkg").mkdir(parents=True)
    (root / "etc").mkdir()
    shutil.copyfile(HOST_STATUS, root / "var/lib/dpkg/status")
    shutil.copyfile(HOST_OS_RELEASE, root / "etc/os-release")
    result = scan_rootfs(root)
    installed = HOST_STATUS.read_text(errors="replace").count("Status: install ok installed")
    assert installed >= 100
    assert len(result.components) == installed
    assert all(c.purl and c.purl.startswith("pkg:deb/") for c in result.components)
    assert "dpkg" in {c.name for c in result.components}
    assert [p for p in result.problems if p.is_error] == []


def test_files_written_through_a_linked_directory_land_inside_the_image(tmp_path: Path) -> None:
    # The first layer makes var/lib/dpkg a link to /tmp/x; the second writes "through" it.
    first = layer_tar(
        [Member("var/lib/dpkg", kind="symlink", target="/tmp/x"), *tree({"etc/os-release": OS_RELEASE_DEBIAN})]
    )
    second = layer_tar(tree({"var/lib/dpkg/status": DPKG_STATUS}))
    result = scan_image(docker_save(tmp_path / "i.tar", [first, second], {}))
    # Inside the image the file lands in tmp/x/status, as a container would see it: still found by its path.
    assert {c.name for c in result.components} == {"libssl3", "openssl", "libc6", "zlib1g"}
