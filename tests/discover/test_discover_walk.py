"""The discovery walk: .gitignore and .pavedroadignore semantics, .git/ and symbolic links."""

from __future__ import annotations

from discover_repos import RepoFactory

from pavedroad.core.errors import ScanError, Skip
from pavedroad.discover.walk import walk_repository


def test_ignore_files_at_the_root_are_applied_in_order(make_repo: RepoFactory) -> None:
    root = make_repo(
        {
            ".gitignore": "# build output\nbuild/\n*.log\n!keep.log\n/secret.txt\n",
            ".pavedroadignore": "tests/fixtures/\nkeep.log\n",
            "build/app.js": "",
            "src/build/gen.py": "",
            "app.log": "",
            "keep.log": "",
            "secret.txt": "",
            "docs/secret.txt": "",
            "tests/fixtures/bad.py": "",
            "tests/test_ok.py": "",
        }
    )

    walk = walk_repository(root)

    assert walk.files == (".gitignore", ".pavedroadignore", "docs/secret.txt", "tests/test_ok.py")
    assert walk.skipped == ()
    assert walk.problems == ()


def test_git_directory_is_always_skipped(make_repo: RepoFactory) -> None:
    root = make_repo({".git/config": "[core]\n", ".git/HEAD": "ref: refs/heads/main\n", "main.py": ""})

    assert walk_repository(root).files == ("main.py",)


def test_symbolic_links_are_reported_and_not_followed(make_repo: RepoFactory) -> None:
    outside = make_repo({"elsewhere/credentials.py": "TOKEN = 1\n"})
    root = make_repo({".gitignore": "ignored-link\n", "main.py": ""})
    (root / "linked-dir").symlink_to(outside / "elsewhere", target_is_directory=True)
    (root / "linked-file.py").symlink_to(outside / "elsewhere" / "credentials.py")
    (root / "ignored-link").symlink_to(outside / "elsewhere")

    walk = walk_repository(root)

    assert walk.files == (".gitignore", "main.py")
    assert walk.skipped == (
        Skip("linked-dir", "symlink pointing outside the scan root; not followed"),
        Skip("linked-file.py", "symlink pointing outside the scan root; not followed"),
    )


def test_an_invalid_ignore_pattern_is_left_out_and_reported(make_repo: RepoFactory) -> None:
    root = make_repo({".gitignore": "*.tmp\n!\n", "a.tmp": "", "b.py": ""})

    walk = walk_repository(root)

    assert walk.files == (".gitignore", "b.py")
    assert walk.problems == (ScanError(".gitignore", "invalid ignore pattern '!', left out", line=2),)
