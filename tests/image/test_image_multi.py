"""Tarballs of several images: each is scanned, findings name their image, `--image` selects one."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from image_builders import (
    APK_INSTALLED,
    OS_RELEASE_ALPINE,
    REQUESTS_METADATA,
    SITE_PACKAGES,
    ImageSpec,
    docker_save_images,
    image_config,
    layer_tar,
    oci_layout_images,
    tree,
)

from pavedroad.cli.image import image_command
from pavedroad.image.scan import scan_images

ALPINE = layer_tar(tree({"etc/os-release": OS_RELEASE_ALPINE, "lib/apk/db/installed": APK_INSTALLED}), compress=True)
APP = layer_tar(tree({f"{SITE_PACKAGES}/requests-2.19.1.dist-info/METADATA": REQUESTS_METADATA}))
METADATA = f"{SITE_PACKAGES}/requests-2.19.1.dist-info/METADATA"
API, WORKER = "registry.example.com/shop/api:1.4", "registry.example.com/shop/worker:1.4"
IMAGES = [
    # The API runs as root with vulnerable requests; the worker shares the base layer and is clean.
    ImageSpec([ALPINE, APP], image_config(ports=["8080/tcp"]), (API,)),
    ImageSpec([ALPINE], image_config(user="10001"), (WORKER, "shop/worker:latest")),
]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _report(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(image_command, [*args, "--format", "json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("build", [docker_save_images, oci_layout_images])
def test_every_image_is_scanned_and_each_finding_names_its_image(tmp_path: Path, build: Any) -> None:
    code, report = _report(str(build(tmp_path / "shop.tar", IMAGES)))

    assert code == 0
    assert report["run"]["scope"]["images"] == [API, WORKER]
    placed = {(f["rule_id"], f["location"]["path"], f["properties"]["image"]) for f in report["findings"]}
    assert placed == {
        ("image/runs-as-root", f"{API}!/image-config", API),
        ("sca/vulnerable-dependency", f"{API}!/{METADATA}", API),
    }


def test_scan_images_gives_one_result_per_image_with_its_own_packages(tmp_path: Path) -> None:
    tarball = scan_images(docker_save_images(tmp_path / "shop.tar", IMAGES))

    assert tarball.problems == ()
    assert [(image.reference, sorted(c.name for c in image.components)) for image in tarball.images] == [
        ("registry.example.com/shop/api:1.4", ["libcrypto3", "musl", "requests"]),
        ("registry.example.com/shop/worker:1.4", ["libcrypto3", "musl"]),
    ]


@pytest.mark.parametrize(
    "name", ["shop/worker", "docker.io/shop/worker:latest", "registry.example.com/shop/worker:1.4"]
)
def test_image_option_selects_one_image_by_any_of_its_names(tmp_path: Path, name: str) -> None:
    code, report = _report(str(docker_save_images(tmp_path / "shop.tar", IMAGES)), "--image", name)

    assert code == 0
    assert report["run"]["scope"]["images"] == ["registry.example.com/shop/worker:1.4"]
    assert report["run"]["scope"]["image"] == "registry.example.com/shop/worker:1.4"
    assert report["findings"] == []


def test_a_selection_matching_no_image_is_an_error_listing_the_images(tmp_path: Path) -> None:
    tar = oci_layout_images(tmp_path / "shop.tar", IMAGES)
    code, report = _report(str(tar), "--image", "shop/billing:1.4")

    assert code == 2
    assert [e["message"] for e in report["errors"]] == [
        "shop.tar: no image named 'shop/billing:1.4'; the tarball holds: "
        "registry.example.com/shop/api:1.4, registry.example.com/shop/worker:1.4"
    ]


def test_one_unreadable_image_is_an_error_and_the_others_are_scanned(tmp_path: Path) -> None:
    tar = docker_save_images(tmp_path / "shop.tar", IMAGES)
    broken = tmp_path / "broken.tar"
    with tarfile.open(tar) as source, tarfile.open(broken, "w") as target:
        for member in source:
            if member.name == "manifest.json":
                manifest = json.loads(source.extractfile(member).read())  # type: ignore[union-attr]
                manifest[0]["Config"] = "0" * 64 + ".json"
                data = json.dumps(manifest).encode()
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
            else:
                target.addfile(member, source.extractfile(member))
    tarball = scan_images(broken)

    assert [image.reference for image in tarball.images] == ["registry.example.com/shop/worker:1.4"]
    assert [(p.path, p.message) for p in tarball.problems] == [
        ("broken.tar", f"broken.tar: {'0' * 64}.json is missing; that image is skipped")
    ]
