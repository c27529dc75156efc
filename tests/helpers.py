"""Helpers for tests that act as a user: real git repositories, the real command line."""

from __future__ import annotations

import json
import os
import random
import string
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
SHARED = Path(os.environ.get("PAVEDROAD_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def fake_github_token(seed: int | str) -> str:
    """A classic GitHub token with a valid CRC32 checksum, made from a seed (never a real one)."""
    rng = random.Random(seed)
    body = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(30))
    number, digits = zlib.crc32(body.encode()), []
    while number:
        number, remainder = divmod(number, 62)
        digits.append(_BASE62[remainder])
    return "ghp_" + body + "".join(reversed(digits)).rjust(6, "0")


def git(repo: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GIT_AUTHOR_NAME": "Dev", "GIT_AUTHOR_EMAIL": "dev@example.invalid",
             "GIT_COMMITTER_NAME": "Dev", "GIT_COMMITTER_EMAIL": "dev@example.invalid"},
    )  # fmt: skip
    return completed.stdout


def make_repo(root: Path, files: dict[str, str | bytes], commit: bool = True) -> Path:
    """A git repository at `root` holding `files`, committed unless told otherwise."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    write_files(root, files)
    if commit and files:
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "initial")
    return root


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def age_files(root: Path, seconds: int = 60) -> None:
    """Move mtimes into the past so the cache trusts them (it distrusts very fresh files)."""
    for path in root.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns - seconds * 10**9, stat.st_mtime_ns - seconds * 10**9))


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `pavedroad ARGS` as a user would, in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "pavedroad", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def scan_json(*args: str, cwd: Path | None = None) -> tuple[int, dict[str, Any]]:
    completed = run_cli("scan", *args, "--format", "json", cwd=cwd)
    assert completed.stdout, completed.stderr
    return completed.returncode, json.loads(completed.stdout)


def active_rules(document: dict[str, Any]) -> list[tuple[str, str, int]]:
    return sorted(
        (finding["rule_id"], finding["location"]["path"], finding["location"]["start_line"])
        for finding in document["findings"]
        if finding["active"]
    )
