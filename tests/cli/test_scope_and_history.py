"""What a scan looks at: ignores, --since, --staged, --history, the cache."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import active_rules, age_files, fake_github_token, git, make_repo, run_cli, scan_json, write_files


def test_gitignore_and_pavedroadignore_are_honoured(tmp_path: Path) -> None:
    token = fake_github_token(40)
    repo = make_repo(
        tmp_path / "repo",
        {
            ".gitignore": "build/\n*.log\n",
            ".pavedroadignore": "vendored/\n",
            "build/out.py": f'T = "{token}"\n',
            "debug.log": f"{token}\n",
            "vendored/lib.py": f'T = "{token}"\n',
            "sub/.gitignore": "secret.txt\n",
            "sub/secret.txt": f"{token}\n",
            "sub/kept.py": f'T = "{token}"\n',
        },
        commit=False,
    )
    _, document = scan_json(str(repo))
    assert active_rules(document) == [("secrets/github-pat", "sub/kept.py", 1)]


def test_exclude_in_config_and_analyzer_selection(tmp_path: Path) -> None:
    token = fake_github_token(41)
    repo = make_repo(
        tmp_path / "repo",
        {
            ".pavedroad.toml": 'exclude = ["fixtures/"]\n',
            "fixtures/a.py": f'T = "{token}"\n',
            "b.py": f'T = "{token}"\n',
        },
    )
    _, document = scan_json(str(repo), "--analyzers", "secrets")
    assert active_rules(document) == [("secrets/github-pat", "b.py", 1)]
    completed = run_cli("scan", str(repo), "--analyzers", "nosuch")
    assert completed.returncode == 2
    assert "unknown analyzer nosuch" in completed.stderr


def test_since_scans_only_files_changed_since_the_ref(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"old.py": f'T = "{fake_github_token(42)}"\n'})
    git(repo, "checkout", "-q", "-b", "feature")
    write_files(repo, {"new.py": f'T = "{fake_github_token(43)}"\n'})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "feature")
    write_files(repo, {"untracked.py": f'T = "{fake_github_token(44)}"\n'})
    _, document = scan_json(str(repo), "--since", "main")
    assert active_rules(document) == [
        ("secrets/github-pat", "new.py", 1),
        ("secrets/github-pat", "untracked.py", 1),
    ]
    assert document["run"]["scope"]["since"] == "main"


def test_staged_sees_the_index_not_the_working_tree(tmp_path: Path) -> None:
    staged_token = fake_github_token(45)
    repo = make_repo(tmp_path / "repo", {"clean.py": "x = 1\n"})
    write_files(repo, {"config.py": f'T = "{staged_token}"\n'})
    git(repo, "add", "config.py")
    # After staging, the working tree is cleaned up — but the commit would still carry the secret.
    write_files(repo, {"config.py": "T = None\n", "unstaged.py": f'T = "{fake_github_token(46)}"\n'})
    completed = run_cli("scan", "--staged", "--format", "json", "--mode", "enforce", cwd=repo)
    document = json.loads(completed.stdout)
    assert completed.returncode == 1
    assert active_rules(document) == [("secrets/github-pat", "config.py", 1)]
    assert document["run"]["files_scanned"] == 1


def test_staged_with_nothing_staged_passes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.py": f'T = "{fake_github_token(47)}"\n'})
    completed = run_cli("scan", "--staged", "--mode", "enforce", cwd=repo)
    assert completed.returncode == 0


def test_history_finds_a_secret_deleted_in_a_later_commit(tmp_path: Path) -> None:
    token = fake_github_token(48)
    repo = make_repo(tmp_path / "repo", {"README.md": "# service\n"})
    write_files(repo, {"deploy/settings.py": f'import os\n\nGITHUB_TOKEN = "{token}"\n'})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add deploy settings")
    added_in = git(repo, "rev-parse", "HEAD").strip()
    (repo / "deploy/settings.py").write_text('import os\n\nGITHUB_TOKEN = os.environ["GITHUB_TOKEN"]\n')
    git(repo, "commit", "-qam", "read the token from the environment")

    _, without_history = scan_json(str(repo))
    assert without_history["findings"] == []
    code, document = scan_json(str(repo), "--history", "--mode", "enforce")
    assert code == 1
    assert active_rules(document) == [("secrets/github-pat", "deploy/settings.py", 3)]
    finding = document["findings"][0]
    assert finding["properties"]["commit"] == added_in
    assert finding["properties"]["author"] == "Dev"
    assert "rotate" in finding["fix"]["hint"]
    assert token not in json.dumps(document)


def test_history_covers_every_ref_and_reports_a_secret_once(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.py": "x = 1\n"})
    git(repo, "checkout", "-q", "-b", "experiment")
    token = fake_github_token(49)
    write_files(repo, {"b.py": f'T = "{token}"\n'})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "on a branch only")
    git(repo, "checkout", "-q", "main")
    git(repo, "cherry-pick", "experiment")
    (repo / "b.py").unlink()
    git(repo, "commit", "-qam", "remove")
    _, document = scan_json(str(repo), "--history")
    assert active_rules(document) == [("secrets/github-pat", "b.py", 1)]


def test_history_in_a_repository_without_commits(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.py": "x = 1\n"}, commit=False)
    code, document = scan_json(str(repo), "--history")
    assert code == 0
    assert document["findings"] == []
    completed = run_cli("scan", str(repo), "--since", "main")
    assert completed.returncode == 2
    assert "has no commits yet" in completed.stderr


def test_rescanning_an_unchanged_tree_is_served_from_the_cache(tmp_path: Path) -> None:
    files = {f"pkg/module{i}.py": f"value = {i}\n" for i in range(60)}
    files["pkg/leak.py"] = f'T = "{fake_github_token(50)}"\n'
    repo = make_repo(tmp_path / "repo", files)
    age_files(repo)
    _, first = scan_json(str(repo))
    _, second = scan_json(str(repo))
    assert first["run"]["cache_hits"] == 0
    assert second["run"]["cache_hits"] == second["run"]["files_scanned"] == 61
    assert active_rules(second) == active_rules(first) == [("secrets/github-pat", "pkg/leak.py", 1)]
    cache_bytes = b"".join(path.read_bytes() for path in (repo / ".pavedroad").rglob("*") if path.is_file())
    assert fake_github_token(50).encode() not in cache_bytes

    write_files(repo, {"pkg/module3.py": f'T = "{fake_github_token(51)}"\n'})
    _, third = scan_json(str(repo))
    assert third["run"]["cache_hits"] == 60
    assert len(active_rules(third)) == 2


def test_a_corrupt_cache_is_rebuilt_and_the_scan_completes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.py": f'T = "{fake_github_token(52)}"\n'})
    scan_json(str(repo))
    cache_file = repo / ".pavedroad" / "cache" / "cache.sqlite3"
    cache_file.write_bytes(b"this is not a database" * 100)
    code, document = scan_json(str(repo))
    assert code == 0
    assert active_rules(document) == [("secrets/github-pat", "a.py", 1)]
    assert any("rebuilt" in warning["message"] for warning in document["warnings"])
    _, again = scan_json(str(repo))
    assert not any("rebuilt" in warning["message"] for warning in again["warnings"])


def test_history_of_a_subdirectory_reports_paths_relative_to_it(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"README.md": "# mono\n"})
    write_files(
        repo,
        {
            "services/api/app.py": f'T = "{fake_github_token(53)}"\n',
            "services/web/app.py": f'T = "{fake_github_token(54)}"\n',
        },
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "two services")
    for name in ("services/api/app.py", "services/web/app.py"):
        (repo / name).write_text("T = None\n")
    git(repo, "commit", "-qam", "remove")
    _, document = scan_json(str(repo / "services" / "api"), "--history")
    assert active_rules(document) == [("secrets/github-pat", "app.py", 1)]


def test_scanning_a_single_file(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo", {"a.py": f'T = "{fake_github_token(55)}"\n', "b.py": f'T = "{fake_github_token(56)}"\n'}
    )
    _, document = scan_json(str(repo / "b.py"))
    assert active_rules(document) == [("secrets/github-pat", "b.py", 1)]
    assert document["run"]["files_scanned"] == 1
