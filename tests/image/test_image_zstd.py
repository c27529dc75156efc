"""zstd-compressed layers: read like gzip ones, with the same refusals, and a clear error without `zstandard`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from image_builders import DPKG_STATUS, OS_RELEASE_DEBIAN, Member, layer_tar, oci_layout, tree, zstd_layer

from pavedroad.image import ImageLimits, scan_image

DEBIAN = tree({"etc/os-release": OS_RELEASE_DEBIAN, "var/lib/dpkg/status": DPKG_STATUS})
PACKAGES = [("libssl3", "3.0.11-1~deb12u2"), ("openssl", "3.0.11-1~deb12u2"), ("libc6", "2.36-9+deb12u3"),
            ("zlib1g", "1:1.2.13.dfsg-1+b1")]  # fmt: skip


@pytest.mark.parametrize("frames", [1, 3])
def test_zstd_layer_is_inventoried_like_a_gzip_one(tmp_path: Path, frames: int) -> None:
    image = oci_layout(tmp_path / "z.tar", [zstd_layer(DEBIAN, frames=frames)], {})
    result = scan_image(image)

    assert result.problems == ()
    assert [(c.name, c.version) for c in result.components] == PACKAGES
    assert result.distro is not None and result.distro.ecosystem == "Debian:12"


def test_zstd_bomb_stops_before_inflating_and_the_other_layer_is_read(tmp_path: Path) -> None:
    bomb = zstd_layer([Member("zeros.bin", bytes(8 * 1024 * 1024))])
    image = oci_layout(tmp_path / "bomb.tar", [layer_tar(DEBIAN), bomb], {})
    result = scan_image(image, ImageLimits(ratio_floor_bytes=1024 * 1024, max_compression_ratio=50))

    [problem] = result.problems
    assert problem.path == result.layers[1] and problem.is_error
    assert problem.message.startswith("decompression bomb: the layer inflates")
    assert "at member 'zeros.bin'" in problem.message
    assert len(result.components) == 4


def test_zstd_layer_with_a_dotdot_member_refuses_it_by_name(tmp_path: Path) -> None:
    image = oci_layout(
        tmp_path / "evil.tar", [zstd_layer([*DEBIAN, Member("../../etc/cron.d/x", b"* * * * * id")])], {}
    )
    result = scan_image(image)

    assert [(p.path, p.message) for p in result.problems] == [
        (result.layers[0], "member '../../etc/cron.d/x': path with '..' segments; skipped")
    ]
    assert len(result.components) == 4


def test_corrupt_zstd_layer_is_named_and_the_scan_goes_on(tmp_path: Path) -> None:
    good = layer_tar(DEBIAN)
    corrupt = zstd_layer([Member("big", bytes(range(256)) * 400)])
    # A reserved bit set in the frame header: zstd itself refuses the frame.
    corrupt = corrupt[:4] + bytes([corrupt[4] | 0x08]) + corrupt[5:]
    result = scan_image(oci_layout(tmp_path / "c.tar", [good, corrupt], {}))

    [problem] = result.problems
    assert problem.path == result.layers[1]
    assert problem.message == (
        "layer unreadable or truncated (zstd stream corrupt: zstd decompress error: Unsupported frame parameter); "
        "kept what was read"
    )
    assert len(result.components) == 4


def test_without_zstandard_a_zstd_layer_is_a_clear_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = oci_layout(tmp_path / "z.tar", [layer_tar(DEBIAN), zstd_layer(tree({"opt/app/x": "y"}))], {})
    monkeypatch.setitem(sys.modules, "zstandard", None)  # as if the package were not installed
    result = scan_image(image)

    assert [(p.path, p.message, p.is_error) for p in result.problems] == [
        (
            result.layers[1],
            "zstd-compressed layer not read: the `zstandard` package is not installed (pip install zstandard)",
            True,
        )
    ]
    assert len(result.components) == 4
