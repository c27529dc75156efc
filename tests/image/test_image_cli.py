"""`pavedroad image` and `pavedroad rootfs` as a user runs them: findings, masking, SBOMs, exit codes."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import fake_github_token, run_cli
from image_builders import (
    APK_INSTALLED,
    DPKG_STATUS,
    OS_RELEASE_ALPINE,
    OS_RELEASE_DEBIAN,
    REQUESTS_METADATA,
    SITE_PACKAGES,
    Member,
    docker_save,
    image_config,
    layer_tar,
    tree,
)

from pavedroad.cli.image import image_command, rootfs_command
from pavedroad.image.archive import read_layouts
from pavedroad.image.config_checks import check_config
from pavedroad.image.config_document import ImageConfig
from pavedroad.image.problems import ImageLimits
from pavedroad.image.scan import scan_image

TOKEN = fake_github_token("image-env")
HISTORY_TOKEN = fake_github_token("image-history")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .pavedroad.toml from the repository applies


def _risky_image(tmp_path: Path) -> Path:
    """Root user, a token in ENV and in a RUN step, SSH exposed, a remote ADD, vulnerable requests."""
    config = image_config(
        env=["PATH=/usr/bin", f"GITHUB_TOKEN={TOKEN}"],
        ports=["22/tcp", "8080/tcp"],
        history=[
            "/bin/sh -c #(nop) ADD file:abc in / ",
            f"ENV GITHUB_TOKEN={TOKEN}",
            f'RUN /bin/sh -c curl -H "Authorization: token {HISTORY_TOKEN}" https://api.github.com/user',
            "ADD https://user:pa55word@example.com/tool.tar.gz /opt/ # buildkit",
        ],
    )
    base = layer_tar(tree({"etc/os-release": OS_RELEASE_DEBIAN, "var/lib/dpkg/status": DPKG_STATUS}), compress=True)
    app = layer_tar(tree({f"{SITE_PACKAGES}/requests-2.19.1.dist-info/METADATA": REQUESTS_METADATA}))
    return docker_save(tmp_path / "risky.tar", [base, app], config)


def _invoke(command: Any, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(command, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_config_checks_exact_findings(tmp_path: Path) -> None:
    findings = scan_image(_risky_image(tmp_path)).findings
    assert [(f.rule_id, f.severity.value, f.location.path, f.location.start_line) for f in findings] == [
        ("image/runs-as-root", "medium", "image-config", 1),
        ("image/secret-in-env", "critical", "image-config", 2),
        ("image/secret-in-history", "critical", "image-history", 3),
        ("image/sensitive-port-exposed", "medium", "image-config", 1),
        ("image/add-remote-url", "low", "image-history", 4),
    ]
    assert findings[4].message == "Build step 4 downloads https://***@example.com/tool.tar.gz with ADD, unverified."
    assert findings[2].properties[1][0] == "layer"  # the RUN step created the image's second layer


def test_non_root_user_and_no_secrets_give_no_config_findings(tmp_path: Path) -> None:
    assert check_config(scan_config(tmp_path, image_config(user="10001:10001", ports=["8080/tcp"]))) == []
    assert [f.rule_id for f in check_config(scan_config(tmp_path, image_config(user="0:0")))] == ["image/runs-as-root"]


def scan_config(tmp_path: Path, config: dict[str, Any]) -> ImageConfig:
    path = docker_save(tmp_path / f"c{len(list(tmp_path.iterdir()))}.tar", [layer_tar([])], config)
    with tarfile.open(path) as archive:
        return read_layouts(archive, path.name, ImageLimits()).images[0].config


def test_json_report_has_vulnerability_and_config_findings_with_secrets_masked(tmp_path: Path) -> None:
    code, output = _invoke(image_command, str(_risky_image(tmp_path)), "--format", "json")
    assert code == 0  # monitor mode by default
    assert TOKEN not in output and HISTORY_TOKEN not in output and "pa55word" not in output
    report = json.loads(output)
    by_rule = sorted({(f["rule_id"], f["location"]["path"]) for f in report["findings"]})
    assert ("sca/vulnerable-dependency", f"{SITE_PACKAGES}/requests-2.19.1.dist-info/METADATA") in by_rule
    requests_ids = {
        i for f in report["findings"] if f["rule_id"] == "sca/vulnerable-dependency" for i in f["vulnerability"]
    }
    assert "PYSEC-2018-28" in requests_ids
    env_secret = next(f for f in report["findings"] if f["rule_id"] == "image/secret-in-env")
    assert TOKEN[:4] in env_secret["location"]["snippet"] and "********" in env_secret["location"]["snippet"]
    # No Debian data in the bundled snapshot: said once, not silently.
    assert any(
        "no advisories for Debian:12" in w["message"] for w in report["run"].get("warnings", report.get("warnings", []))
    )


@pytest.mark.parametrize("output_format", ["terminal", "sarif"])
def test_secrets_never_appear_in_other_formats(tmp_path: Path, output_format: str) -> None:
    code, output = _invoke(image_command, str(_risky_image(tmp_path)), "--format", output_format)
    assert code == 0
    assert "image/secret-in-env" in output
    assert TOKEN not in output and HISTORY_TOKEN not in output


def test_enforce_mode_fails_on_the_secret(tmp_path: Path) -> None:
    image = str(_risky_image(tmp_path))
    assert _invoke(image_command, image, "--mode", "enforce", "--format", "json")[0] == 1


def test_enforce_mode_passes_a_clean_image(tmp_path: Path) -> None:
    clean = docker_save(
        tmp_path / "clean.tar",
        [layer_tar(tree({"etc/os-release": OS_RELEASE_ALPINE, "lib/apk/db/installed": APK_INSTALLED}))],
        image_config(user="app"),
    )
    code, output = _invoke(image_command, str(clean), "--mode", "enforce", "--format", "json")
    assert code == 0
    assert json.loads(output)["findings"] == []


def test_a_refused_member_is_a_scanner_error_exit_2_and_the_report_still_comes(tmp_path: Path) -> None:
    bad = docker_save(
        tmp_path / "bad.tar",
        [layer_tar([*tree({"etc/os-release": OS_RELEASE_DEBIAN}), Member("../escape", b"x")])],
        image_config(user="app"),
    )
    code, output = _invoke(image_command, str(bad), "--format", "json")
    assert code == 2
    errors = json.loads(output)["errors"]
    assert [e["message"] for e in errors] == ["member '../escape': path with '..' segments; skipped"]


def test_not_an_image_exits_2_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "x.tar"
    path.write_bytes(b"this is not a tar file at all" * 40)
    code, output = _invoke(image_command, str(path), "--format", "json")
    assert code == 2
    [error] = json.loads(output)["errors"]
    assert (error["path"], error["message"]) == (
        str(path),
        "not a tar archive (plain, gzip, bzip2 or xz): not an image tarball",
    )


def test_sbom_of_an_image(tmp_path: Path) -> None:
    sbom = tmp_path / "sbom.json"
    code, _ = _invoke(image_command, str(_risky_image(tmp_path)), "--sbom", "cyclonedx", "-o", str(sbom))
    assert code == 0
    purls = {component.get("purl") for component in json.loads(sbom.read_text())["components"]}
    assert "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl" in purls
    assert "pkg:pypi/requests@2.19.1" in purls


def test_rootfs_command(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "etc/os-release").write_text(OS_RELEASE_DEBIAN)
    (root / "var/lib/dpkg").mkdir(parents=True)
    (root / "var/lib/dpkg/status").write_text(DPKG_STATUS)
    code, output = _invoke(rootfs_command, str(root), "--format", "json")
    assert code == 0
    report = json.loads(output)
    assert report["run"]["scope"]["components"] == 4
    assert report["run"]["scope"]["distribution"] == "Debian:12"


# Debian and Alpine advisories in the published OSV format (the bundled snapshot has none).
def _advisory(identifier: str, ecosystem: str, name: str, fixed: str, **extra: Any) -> dict[str, Any]:
    """An OSV record with one ECOSYSTEM range: introduced 0, fixed at `fixed`."""
    events = [{"introduced": "0"}, {"fixed": fixed}]
    return {
        "id": identifier,
        "modified": "2024-01-30T00:00:00Z",
        "affected": [
            {"package": {"ecosystem": ecosystem, "name": name}, "ranges": [{"type": "ECOSYSTEM", "events": events}]}
        ],
        **extra,
    }


OS_ADVISORIES = [
    _advisory("DSA-5532-1", "Debian:12", "openssl", "3.0.13-1~deb12u1", aliases=["CVE-2023-5363"]),
    # Fixed before the installed version: 3.0.11-1~deb12u1 sorts before 3.0.11-1~deb12u2.
    _advisory("DSA-5417-1", "Debian:12", "openssl", "3.0.11-1~deb12u1"),
    # The epoch and revision decide: 1:1.2.13.dfsg-1 < 1:1.2.13.dfsg-2.
    _advisory("DLA-0000-1", "Debian:12", "zlib", "1:1.2.13.dfsg-2"),
    # Another release: not this image's.
    _advisory("DSA-9999-1", "Debian:11", "glibc", "9.0"),
    _advisory("ALPINE-CVE-2024-0727", "Alpine:v3.19", "openssl", "3.1.4-r6", aliases=["CVE-2024-0727"]),
]


@pytest.fixture
def os_database(tmp_path: Path) -> Path:
    source = tmp_path / "advisories"
    source.mkdir()
    for record in OS_ADVISORIES:
        (source / f"{record['id']}.json").write_text(json.dumps(record))
    database = tmp_path / "os.sqlite3"
    completed = run_cli("db", "import", "--db", str(database), str(source))
    assert completed.returncode == 0, completed.stderr
    return database


def test_debian_and_alpine_packages_matched_by_source_package(tmp_path: Path, os_database: Path) -> None:
    debian = docker_save(
        tmp_path / "debian.tar",
        [layer_tar(tree({"etc/os-release": OS_RELEASE_DEBIAN, "var/lib/dpkg/status": DPKG_STATUS}))],
        image_config(user="app"),
    )
    code, output = _invoke(
        image_command, str(debian), "--db", str(os_database), "--format", "json", "--mode", "enforce"
    )
    findings = json.loads(output)["findings"]
    assert sorted((f["vulnerability"][0], f["package"]["purl"], f["location"]["start_line"]) for f in findings) == [
        ("DLA-0000-1", "pkg:deb/debian/zlib@1:1.2.13.dfsg-1?arch=source&distro=debian-12", 23),
        ("DSA-5532-1", "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=source&distro=debian-12", 1),
    ]
    openssl = next(f for f in findings if f["vulnerability"][0] == "DSA-5532-1")
    assert openssl["message"].endswith(
        "Installed from source package openssl: libssl3 3.0.11-1~deb12u2, openssl 3.0.11-1~deb12u2."
    )
    assert openssl["package"]["fixed_versions"] == ["3.0.13-1~deb12u1"]
    assert code == 0  # no severity data in these records: rated medium, under the default fail_on high

    alpine = docker_save(
        tmp_path / "alpine.tar",
        [layer_tar(tree({"etc/os-release": OS_RELEASE_ALPINE, "lib/apk/db/installed": APK_INSTALLED}))],
        image_config(user="app"),
    )
    _, output = _invoke(image_command, str(alpine), "--db", str(os_database), "--format", "json")
    [finding] = json.loads(output)["findings"]
    assert finding["vulnerability"] == ["ALPINE-CVE-2024-0727", "CVE-2024-0727"]
    assert "libcrypto3 3.1.4-r5" in finding["message"]
