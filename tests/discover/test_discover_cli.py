"""`pavedroad discover` as a user runs it: output documents, stdout/stderr and exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from discover_repos import RepoFactory

from pavedroad.cli.discover import discover_command


def run(*arguments: str) -> Result:
    return CliRunner().invoke(discover_command, list(arguments))


def run_json(root: Path) -> dict[str, Any]:
    result = run(str(root), "--format", "json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_json_document_of_the_polyglot_repository(polyglot_repo: Path) -> None:
    document = run_json(polyglot_repo)

    assert document["schema_version"] == 1
    assert document["root"] == str(polyglot_repo.resolve())
    assert document["files"] == 14
    assert {item["language"]: (item["files"], item["lines"]) for item in document["languages"]} == {
        "yaml": (3, 25),
        "python": (3, 9),
        "json": (1, 7),
        "dockerfile": (1, 6),
        "terraform": (1, 6),
        "javascript": (1, 4),
    }
    assert [item["name"] for item in document["frameworks"]] == ["express", "flask"]
    assert document["data_stores"] == [
        {
            "name": "postgresql",
            "evidence": [
                {"path": "app/settings.py", "line": 3, "detail": "postgres://"},
                {"path": "requirements.txt", "line": 2, "detail": "psycopg2"},
            ],
        },
        {"name": "redis", "evidence": [{"path": "k8s/deployment.yaml", "line": 13, "detail": "redis://"}]},
    ]
    assert [item["name"] for item in document["cloud_providers"]] == ["aws"]
    assert [item["name"] for item in document["ci_systems"]] == ["github-actions", "gitlab-ci"]
    assert document["ownership"][1] == {
        "path": "CODEOWNERS",
        "line": 4,
        "pattern": "/infra/",
        "owners": ["@acme/sre", "ops@acme.example"],
    }
    assert document["applicable_analyzers"] == ["iac", "pipelines", "sast", "sca", "secrets"]
    assert document["problems"] == []
    assert document["skipped"] == [{"path": "logo.png", "reason": "binary file"}]


def test_ignored_files_never_reach_the_output(polyglot_repo: Path) -> None:
    result = run(str(polyglot_repo), "--format", "json")

    assert result.exit_code == 0
    assert "user:pw" not in result.stdout
    assert "hunter2" not in result.stdout  # only in debug.log, which .gitignore excludes
    assert "react" not in result.stdout  # only in node_modules/, which .gitignore excludes


def test_text_report_of_the_polyglot_repository(polyglot_repo: Path) -> None:
    result = run(str(polyglot_repo))

    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"Repository: {polyglot_repo.resolve()}"
    assert "  python                3 files         9 lines" in lines
    assert "Package managers: npm, pip" in lines
    assert "  flask: requirements.txt:1 (flask)" in lines
    assert "  postgresql: app/settings.py:3 (postgres://), requirements.txt:2 (psycopg2)" in lines
    assert '  aws: infra/main.tf:1 (provider "aws"), infra/main.tf:5 (aws_s3_bucket)' in lines
    assert "  python:3.12-slim: Dockerfile:1 (FROM)" in lines
    assert "  gitlab-ci: .gitlab-ci.yml" in lines
    assert "  /infra/ @acme/sre ops@acme.example  [CODEOWNERS:4]" in lines
    assert "  /docs/ (no owner)  [CODEOWNERS:5]" in lines
    assert "Analyzers that apply: iac, pipelines, sast, sca, secrets" in lines
    assert "user:pw" not in result.stdout


def test_malformed_package_json_is_named_on_stderr_with_exit_code_2(make_repo: RepoFactory) -> None:
    root = make_repo({"package.json": '{"dependencies": {"express": "4"}', "requirements.txt": "fastapi\n"})

    result = run(str(root), "--format", "json")

    assert result.exit_code == 2
    assert result.stderr.startswith("error: package.json:1: invalid JSON: ")
    document = json.loads(result.stdout)
    assert [(problem["path"], problem["line"]) for problem in document["problems"]] == [("package.json", 1)]
    assert [item["name"] for item in document["frameworks"]] == ["fastapi"]


def test_non_existent_path_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-repo"

    result = run(str(missing))

    assert result.exit_code == 2
    assert "no-such-repo" in result.stderr
    assert "does not exist" in result.stderr
    assert result.stdout == ""


def test_a_file_is_not_a_repository(polyglot_repo: Path) -> None:
    result = run(str(polyglot_repo / "Dockerfile"))

    assert result.exit_code == 2
    assert "Dockerfile" in result.stderr


def test_path_defaults_to_the_current_directory(polyglot_repo: Path) -> None:
    previous = Path.cwd()
    os.chdir(polyglot_repo)
    try:
        result = run("--format", "json")
    finally:
        os.chdir(previous)

    assert result.exit_code == 0
    assert json.loads(result.stdout)["root"] == str(polyglot_repo.resolve())


def test_unknown_format_is_rejected(polyglot_repo: Path) -> None:
    result = run(str(polyglot_repo), "--format", "yaml")

    assert result.exit_code == 2
    assert "'yaml' is not one of 'json', 'text'" in result.stderr
