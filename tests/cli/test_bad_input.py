"""Bad input: a clear message naming the file, and the rest of the scan completes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import active_rules, fake_github_token, make_repo, run_cli, scan_json

from pavedroad.analyzers.secrets.analyzer import SecretsAnalyzer
from pavedroad.core.analyzer import AnalysisContext, Target
from pavedroad.core.pipeline import Pipeline

TOKEN = fake_github_token(60)


def repo_with_a_leak(tmp_path: Path, extra: dict[str, str | bytes]) -> Path:
    return make_repo(tmp_path / "repo", {"good.py": f'T = "{TOKEN}"\n', **extra}, commit=False)


def test_a_path_that_does_not_exist(tmp_path: Path) -> None:
    completed = run_cli("scan", str(tmp_path / "nope"))
    assert completed.returncode == 2
    assert completed.stderr.strip() == f"pavedroad: error: {tmp_path / 'nope'}: no such file or directory"


def test_a_file_that_cannot_be_read_is_an_error_and_the_rest_is_scanned(tmp_path: Path) -> None:
    repo = repo_with_a_leak(tmp_path, {"gone.py": "x = 1\n"})
    vanished = Target(str(repo / "gone.py"), "gone.py", 6)
    (repo / "gone.py").unlink()
    present = Target(str(repo / "good.py"), "good.py", (repo / "good.py").stat().st_size)
    result = Pipeline([SecretsAnalyzer()], AnalysisContext(str(repo)), jobs=1).run([vanished, present])
    assert [error.describe() for error in result.errors] == ["gone.py: unreadable: No such file or directory"]
    assert [(f.rule_id, f.location.path) for f in result.findings] == [("secrets/github-pat", "good.py")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    repo = repo_with_a_leak(tmp_path, {"locked.py": "x = 1\n"})
    (repo / "locked.py").chmod(0)
    code, document = scan_json(str(repo))
    assert code == 2
    assert document["errors"][0]["path"] == "locked.py"
    assert active_rules(document) == [("secrets/github-pat", "good.py", 1)]


def test_invalid_utf8_is_a_warning_with_file_and_line_and_still_scanned(tmp_path: Path) -> None:
    content = b"# caf\xe9 in latin-1\n" + f'T = "{fake_github_token(61)}"\n'.encode()
    repo = repo_with_a_leak(tmp_path, {"latin1.py": content})
    code, document = scan_json(str(repo))
    assert code == 0
    assert {(w["path"], w["line"]) for w in document["warnings"]} == {("latin1.py", 1)}
    assert ("secrets/github-pat", "latin1.py", 2) in active_rules(document)


def test_a_50_mb_single_line_minified_file(tmp_path: Path) -> None:
    filler = b"var a=function(b){return b*2};" * (50 * 1024 * 1024 // 31)
    minified = filler + f'var t="{fake_github_token(62)}";'.encode() + filler[:1000]
    repo = repo_with_a_leak(tmp_path, {"dist/app.min.js": minified})
    _, document = scan_json(str(repo))
    assert active_rules(document) == [("secrets/github-pat", "good.py", 1)]
    assert any(s["path"] == "dist/app.min.js" and "limit" in s["reason"] for s in document["skipped"])

    _, raised = scan_json(str(repo), "--max-file-size", str(60 * 1024 * 1024))
    hit = next(f for f in raised["findings"] if f["location"]["path"] == "dist/app.min.js")
    assert hit["location"]["start_line"] == 1
    assert hit["location"]["start_column"] == len(filler) + 8
    assert len(hit["location"]["snippet"]) < 200


def test_a_binary_with_a_text_extension_is_skipped(tmp_path: Path) -> None:
    binary = b"\x89PNG\r\n\x1a\n\x00\x00\x00" + TOKEN.encode()
    repo = repo_with_a_leak(tmp_path, {"notes.txt": binary})
    _, document = scan_json(str(repo))
    assert {"path": "notes.txt", "reason": "binary content"} in document["skipped"]
    assert active_rules(document) == [("secrets/github-pat", "good.py", 1)]


def test_symlink_loops_and_links_out_of_the_root_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text(f'T = "{fake_github_token(63)}"\n')
    repo = repo_with_a_leak(tmp_path, {})
    (repo / "loop").symlink_to(repo / "loop")
    (repo / "a").symlink_to(repo / "b")
    (repo / "b").symlink_to(repo / "a")
    (repo / "escape").symlink_to(outside)
    (repo / "escape.py").symlink_to(outside / "secret.py")
    code, document = scan_json(str(repo))
    assert code == 0
    assert active_rules(document) == [("secrets/github-pat", "good.py", 1)]
    reasons = {skip["path"]: skip["reason"] for skip in document["skipped"]}
    assert "loop" in reasons["loop"] and "loop" in reasons["a"]
    assert "outside the scan root" in reasons["escape"]
    assert "outside the scan root" in reasons["escape.py"]


def test_a_malformed_config_names_file_and_line(tmp_path: Path) -> None:
    repo = repo_with_a_leak(tmp_path, {".pavedroad.toml": 'mode = "monitor"\n\n[policy\nfail_on = "high"\n'})
    completed = run_cli("scan", str(repo))
    assert completed.returncode == 2
    assert ".pavedroad.toml:3: invalid TOML" in completed.stderr


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('mode = "strict"\n', ".pavedroad.toml:1: mode must be one of monitor, enforce, not 'strict'"),
        (
            '\n[policy]\nfail_on = "severe"\n',
            ".pavedroad.toml:3: fail_on must be one of critical, high, medium, low, info",
        ),
        ('exclude = []\nmod = "enforce"\n', ".pavedroad.toml:2: unknown setting 'mod' in the top level"),
        ("\n[policy]\nmax_high = -1\n", ".pavedroad.toml:3: max_high must be a whole number"),
        ('max_file_size = "huge"\n', ".pavedroad.toml:1: max_file_size must be a size"),
        (
            '\n\n[[suppress]]\nreason = "x"\n',
            ".pavedroad.toml:3: a [[suppress]] entry needs a rule, path or fingerprint",
        ),
    ],
)
def test_config_mistakes_are_explained(tmp_path: Path, config: str, expected: str) -> None:
    repo = repo_with_a_leak(tmp_path, {".pavedroad.toml": config})
    completed = run_cli("scan", str(repo))
    assert completed.returncode == 2
    assert expected in completed.stderr


def test_config_in_pyproject(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "x"\n\n[tool.pavedroad]\nmode = "enforce"\n\n'
        '[tool.pavedroad.policy]\nfail_on = "critical"\nbogus = 1\n'
    )
    repo = repo_with_a_leak(tmp_path, {"pyproject.toml": pyproject})
    completed = run_cli("scan", str(repo))
    assert completed.returncode == 2
    assert "pyproject.toml:9: unknown setting 'bogus' in [policy]" in completed.stderr


def test_staged_outside_a_git_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    completed = run_cli("scan", "--staged", cwd=plain)
    assert completed.returncode == 2
    assert "--staged needs a git repository" in completed.stderr
