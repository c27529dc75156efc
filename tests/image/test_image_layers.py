"""Reading image tarballs: layer order, whiteouts, both layouts, and every kind of bad input."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

from image_builders import (
    DPKG_STATUS,
    OS_RELEASE_DEBIAN,
    Member,
    bomb_layer,
    docker_save,
    image_config,
    layer_tar,
    oci_layout,
    tree,
)

from pavedroad.image import ImageLimits, ImageScanResult, scan_image

LOCKFILE = '{"lockfileVersion": 3, "packages": {"node_modules/ms": {"version": "2.0.0"}}}'
# The base layer: Debian with a dpkg database, a file and a directory the next layer removes.
BASE = [
    Member("etc", kind="dir"),
    *tree({"usr/lib/os-release": OS_RELEASE_DEBIAN}),
    Member("etc/os-release", kind="symlink", target="../usr/lib/os-release"),
    *tree(
        {
            "var/lib/dpkg/status": DPKG_STATUS,
            "opt/app/package-lock.json": LOCKFILE,
            "srv/cache/node_modules/left-pad/package.json": '{"name": "left-pad", "version": "1.1.0"}',
            "srv/cache/node_modules/kept/package.json": '{"name": "old-kept", "version": "0.0.1"}',
        }
    ),
]
# The top layer: whiteouts the lockfile, makes srv/cache opaque and adds one package back in it.
TOP = [
    Member("opt/app/.wh.package-lock.json"),
    Member("srv/cache/.wh..wh..opq"),
    *tree({"srv/cache/node_modules/kept/package.json": '{"name": "kept", "version": "2.0.0"}'}),
]


def _names(result: ImageScanResult) -> set[tuple[str, str | None, str]]:
    return {(component.name, component.version, component.source) for component in result.components}


def _problems(result: ImageScanResult) -> list[str]:
    return [problem.describe() for problem in result.problems]


def test_docker_save_layers_apply_in_order_with_whiteouts_and_opaque_directories(tmp_path: Path) -> None:
    image = docker_save(tmp_path / "app.tar", [layer_tar(BASE), layer_tar(TOP, compress=True)], image_config())
    result = scan_image(image)
    assert result.reference == "example/app:1.0"
    assert result.distro is not None and result.distro.ecosystem == "Debian:12"
    assert _problems(result) == []
    language = {(c.name, c.version, c.source) for c in result.components if c.ecosystem == "npm"}
    # left-pad and old-kept were hidden by the opaque directory; only the top layer's package remains.
    assert language == {("kept", "2.0.0", "srv/cache/node_modules/kept/package.json")}
    assert not any(c.source == "opt/app/package-lock.json" for c in result.components)
    assert {c.name for c in result.components if c.ecosystem == "Debian:12"} == {
        "libssl3",
        "openssl",
        "libc6",
        "zlib1g",
    }


def test_oci_layout_tarball_is_read_like_docker_save(tmp_path: Path) -> None:
    image = oci_layout(tmp_path / "oci.tar", [layer_tar(BASE, compress=True), layer_tar(TOP, compress=True)], {})
    result = scan_image(image)
    assert result.reference == "example/oci:2.0"
    assert _problems(result) == []
    assert ("kept", "2.0.0", "srv/cache/node_modules/kept/package.json") in _names(result)
    assert len(result.layers) == 2 and all(label.startswith("sha256:") for label in result.layers)


def test_whiteout_of_the_package_database_removes_the_os_inventory(tmp_path: Path) -> None:
    image = docker_save(tmp_path / "a.tar", [layer_tar(BASE), layer_tar([Member("var/lib/dpkg/.wh.status")])], {})
    assert not [c for c in scan_image(image).components if c.ecosystem.startswith("Debian")]


def _single_layer(tmp_path: Path, members: list[Member]) -> ImageScanResult:
    good = tree({"var/lib/dpkg/status": DPKG_STATUS, "etc/os-release": OS_RELEASE_DEBIAN})
    image = docker_save(tmp_path / "bad.tar", [layer_tar([*members, *good])], image_config(user="app"))
    return scan_image(image)


def _assert_rest_completes(result: ImageScanResult) -> None:
    assert {c.name for c in result.components} == {"libssl3", "openssl", "libc6", "zlib1g"}


def test_dotdot_member_is_refused_by_name(tmp_path: Path) -> None:
    result = _single_layer(tmp_path, tree({"../../etc/cron.d/evil": "* * * * * root sh"}))
    assert [(p.message, p.is_error) for p in result.problems] == [
        ("member '../../etc/cron.d/evil': path with '..' segments; skipped", True)
    ]
    _assert_rest_completes(result)


def test_absolute_member_name_is_refused(tmp_path: Path) -> None:
    result = _single_layer(tmp_path, tree({"/etc/passwd": "root::0:0::/:/bin/sh"}))
    assert [p.message for p in result.problems] == ["member '/etc/passwd': absolute path; skipped"]
    _assert_rest_completes(result)


def test_symlink_escaping_the_root_is_refused_and_never_followed(tmp_path: Path) -> None:
    escaping = [
        Member("usr/lib/python3/dist-packages/x.dist-info", kind="symlink", target="/../../../../usr/lib/python3"),
        Member("opt/link", kind="symlink", target="../../../../../etc/shadow"),
    ]
    result = _single_layer(tmp_path, escaping)
    messages = [p.message for p in result.problems]
    assert messages == [
        "member 'usr/lib/python3/dist-packages/x.dist-info': symbolic link to '/../../../../usr/lib/python3': "
        "link target '/../../../../usr/lib/python3' escapes the image root; skipped",
        "member 'opt/link': symbolic link to '../../../../../etc/shadow': "
        "link target '../../../../../etc/shadow' escapes the image root; skipped",
    ]
    _assert_rest_completes(result)


def test_absolute_symlink_resolves_inside_the_image_not_on_the_host(tmp_path: Path) -> None:
    # etc/os-release -> /etc/alpine-os: inside the image that file does not exist, so the host's is never read.
    members = [
        Member("etc/os-release", kind="symlink", target="/etc/host-only-os-release"),
        *tree({"var/lib/dpkg/status": DPKG_STATUS}),
    ]
    result = scan_image(docker_save(tmp_path / "s.tar", [layer_tar(members)], {}))
    assert result.distro is None
    assert result.problems[0].message.startswith("no etc/os-release")


def test_hard_link_escaping_the_root_is_refused(tmp_path: Path) -> None:
    result = _single_layer(tmp_path, [Member("opt/passwd", kind="hardlink", target="../../../etc/passwd")])
    assert [p.message for p in result.problems] == [
        "member 'opt/passwd': hard link to '../../../etc/passwd': path with '..' segments outside the image root; "
        "skipped"
    ]
    _assert_rest_completes(result)


def test_hard_link_inside_the_layer_reads_its_target(tmp_path: Path) -> None:
    members = [
        *tree({"opt/real/METADATA": "Name: requests\nVersion: 2.19.1\n"}),
        Member(
            "usr/lib/python3/site-packages/requests-2.19.1.dist-info/METADATA",
            kind="hardlink",
            target="opt/real/METADATA",
        ),
    ]
    result = scan_image(docker_save(tmp_path / "h.tar", [layer_tar(members)], {}))
    assert _names(result) == {
        ("requests", "2.19.1", "usr/lib/python3/site-packages/requests-2.19.1.dist-info/METADATA")
    }


def test_device_files_and_fifos_are_skipped_with_a_warning(tmp_path: Path) -> None:
    result = _single_layer(tmp_path, [Member("dev/sda", kind="char"), Member("tmp/pipe", kind="fifo")])
    assert [(p.message, p.is_error) for p in result.problems] == [
        ("member 'dev/sda': device file; skipped", False),
        ("member 'tmp/pipe': FIFO; skipped", False),
    ]
    _assert_rest_completes(result)


def test_decompression_bomb_stops_that_layer_before_inflating_it(tmp_path: Path) -> None:
    good = layer_tar(tree({"var/lib/dpkg/status": DPKG_STATUS, "etc/os-release": OS_RELEASE_DEBIAN}))
    bomb = bomb_layer(8 * 1024 * 1024)
    image = docker_save(tmp_path / "bomb.tar", [good, bomb], {})
    limits = ImageLimits(ratio_floor_bytes=1024 * 1024, max_compression_ratio=50)
    result = scan_image(image, limits)
    bomb_label = result.layers[1]
    [problem] = result.problems
    assert problem.path == bomb_label and problem.is_error
    assert problem.message.startswith("decompression bomb: the layer inflates")
    assert "'zeros.bin'" in problem.message
    _assert_rest_completes(result)


def test_member_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    image = docker_save(tmp_path / "big.tar", [bomb_layer(4096)], {})
    [problem] = scan_image(image, ImageLimits(max_member_bytes=1000)).problems
    assert "member 'zeros.bin' claims 4096 bytes, over the 1000-byte per-file limit" in problem.message


def test_truncated_layer_keeps_what_was_read_and_names_the_layer(tmp_path: Path) -> None:
    whole = layer_tar(
        [*tree({"etc/os-release": OS_RELEASE_DEBIAN, "var/lib/dpkg/status": DPKG_STATUS}), Member("big", bytes(50000))]
    )
    image = docker_save(tmp_path / "t.tar", [gzip.compress(whole[:30000])], {})
    result = scan_image(image)
    [problem] = result.problems
    assert problem.path == result.layers[0]
    assert problem.message.startswith("layer unreadable or truncated")
    _assert_rest_completes(result)


def test_truncated_image_tarball_is_one_clear_problem(tmp_path: Path) -> None:
    image = docker_save(tmp_path / "whole.tar", [layer_tar(BASE)], {})
    cut = tmp_path / "cut.tar"
    cut.write_bytes(image.read_bytes()[:700])
    result = scan_image(cut)
    assert result.components == ()
    [problem] = result.problems
    assert problem.path == str(cut) and problem.is_error
    assert "cut.tar" in problem.message


def test_manifest_json_that_is_not_json_names_the_file(tmp_path: Path) -> None:
    image = docker_save(tmp_path / "m.tar", [layer_tar(BASE)], {})
    broken = tmp_path / "broken.tar"
    with tarfile.open(image) as source, tarfile.open(broken, "w") as target:
        for member in source:
            data = source.extractfile(member)
            if member.name == "manifest.json":
                member.size = len(b"[{not json")
                target.addfile(member, io.BytesIO(b"[{not json"))
            else:
                target.addfile(member, data)
    [problem] = scan_image(broken).problems
    assert problem.message.startswith("broken.tar: manifest.json is not valid JSON")


def test_broken_manifest_json_falls_back_to_the_oci_index(tmp_path: Path) -> None:
    image = oci_layout(tmp_path / "o.tar", [layer_tar(BASE, compress=True)], {})
    both = tmp_path / "both.tar"
    with tarfile.open(image) as source, tarfile.open(both, "w") as target:
        for member in source:
            target.addfile(member, source.extractfile(member))
        info = tarfile.TarInfo("manifest.json")
        info.size = 3
        target.addfile(info, io.BytesIO(b"{{{"))
    result = scan_image(both)
    assert [p.message for p in result.problems] == [
        "both.tar: manifest.json is not valid JSON (Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)); reading the OCI layout (index.json) instead"
    ]
    assert {(c.name, c.version) for c in result.components if c.ecosystem == "npm"} == {
        ("ms", "2.0.0"),
        ("left-pad", "1.1.0"),
        ("old-kept", "0.0.1"),
    }
    assert {c.name for c in result.components if c.ecosystem == "Debian:12"} == {
        "libssl3",
        "openssl",
        "libc6",
        "zlib1g",
    }


def test_a_file_that_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "notes.tar"
    path.write_bytes(layer_tar(tree({"README": "hello"})))
    [problem] = scan_image(path).problems
    assert "neither a docker save nor an OCI layout tarball" in problem.message
