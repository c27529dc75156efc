"""The files users copy into their pipelines, and the demo repository, behave as documented.

Each CI integration's shell script is taken out of its file and run for real against a
shallow clone of a pull-request branch, the way the CI system would run it; the
pre-commit entries run in a real git repository; the demo is scanned by the real CLI.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import fake_github_token

import pavedroad

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-repo"
ACTION = ROOT / "action.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
GITLAB_TEMPLATE = ROOT / "ci" / "gitlab" / "pavedroad.gitlab-ci.yml"
JENKINSFILE = ROOT / "ci" / "jenkins" / "Jenkinsfile"

FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


# --- helpers -------------------------------------------------------------------------------


def load_yaml(path: Path) -> Any:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def hermetic_env(**extra: str) -> dict[str, str]:
    """The test's environment without the developer's git configuration, plus `extra`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PAVEDROAD")) or key == "PAVEDROAD_VULNDB"
    }
    env.update(
        GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="Dev", GIT_AUTHOR_EMAIL="dev@example.invalid",
        GIT_COMMITTER_NAME="Dev", GIT_COMMITTER_EMAIL="dev@example.invalid",
    )  # fmt: skip
    env.update(extra)
    return env


def git(repo: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=hermetic_env(), check=True
    )
    return completed.stdout.strip()


def commit_files(repo: Path, files: dict[str, str], message: str) -> None:
    for name, content in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(content, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def pavedroad_executable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An executable named `pavedroad` that runs this checkout's CLI with this interpreter."""
    directory = tmp_path_factory.mktemp("bin")
    executable = directory / "pavedroad"
    executable.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m pavedroad "$@"\n', encoding="utf-8")
    executable.chmod(executable.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return executable


@pytest.fixture
def pull_request_clone(tmp_path: Path) -> Path:
    """A one-commit-deep clone of branch `feature`, as CI checks out a pull request.

    `main` had `legacy.py` with a token before the branch was cut, and changed that file
    again afterwards; `feature` adds `new_feature.py` with another token. Scanning what the
    pull request changes (since the merge base) must report `new_feature.py` only; comparing
    with the tip of `main` instead would drag `legacy.py` in.
    """
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    commit_files(
        origin,
        {"app.py": "print('hello')\n", "legacy.py": f'TOKEN = "{fake_github_token("legacy")}"\n'},
        "initial",
    )
    git(origin, "checkout", "-q", "-b", "feature")
    commit_files(origin, {"new_feature.py": f'TOKEN = "{fake_github_token("feature")}"\n'}, "add the feature")
    git(origin, "checkout", "-q", "main")
    commit_files(
        origin,
        {"legacy.py": f'# still to be rotated\nTOKEN = "{fake_github_token("legacy")}"\n'},
        "touch legacy",
    )
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "feature", origin.as_uri(), str(clone)],
        check=True, env=hermetic_env(), capture_output=True,
    )  # fmt: skip
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    return clone


def secret_paths_in_sarif(sarif_path: Path) -> set[str]:
    sarif = json.loads(sarif_path.read_text(encoding="utf-8"))
    return {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for run in sarif["runs"]
        for result in run["results"]
        if result["ruleId"].startswith("secrets/")
    }


# --- GitHub Action -------------------------------------------------------------------------


def action_steps() -> list[dict[str, Any]]:
    action = load_yaml(ACTION)
    assert action["runs"]["using"] == "composite"
    return list(action["runs"]["steps"])


def test_every_action_uses_is_pinned_to_a_full_commit_sha_with_a_version_comment() -> None:
    uses = [step["uses"] for step in action_steps() if "uses" in step]
    assert {use.split("@")[0] for use in uses} >= {"actions/setup-python", "github/codeql-action/upload-sarif"}
    for use in uses:
        _, _, ref = use.partition("@")
        assert FULL_SHA.match(ref), f"{use}: pin actions to a full 40-character commit SHA"
        line = next(line for line in ACTION.read_text(encoding="utf-8").splitlines() if use in line)
        assert re.search(r"#\s*v\d", line), f"{use}: say which release the SHA is, in a comment"


def test_no_expression_is_interpolated_into_an_action_script() -> None:
    scripts = [step["run"] for step in action_steps() if "run" in step]
    assert scripts, "the action has no run steps"
    for script in scripts:
        assert "${{" not in script, f"pass inputs through env:, not into the script:\n{script}"


def test_action_inputs_and_defaults() -> None:
    inputs = load_yaml(ACTION)["inputs"]
    assert set(inputs) >= {"path", "mode", "fail-on", "since", "analyzers", "version", "sarif-file", "upload-sarif"}
    assert inputs["version"]["default"] == pavedroad.__version__, "the action installs the release it ships with"
    assert inputs["since"]["default"] == "${{ github.base_ref }}", "pull requests scan their changes by default"
    assert inputs["sarif-file"]["default"] == "pavedroad.sarif"
    assert inputs["upload-sarif"]["default"] == "true"
    install = next(step for step in action_steps() if step.get("id") == "install")
    assert "pavedroad==${PAVEDROAD_VERSION}" in install["run"]
    assert install["env"]["PAVEDROAD_VERSION"] == "${{ inputs.version }}"


def test_sarif_upload_runs_even_when_the_gate_fails() -> None:
    upload = next(step for step in action_steps() if "upload-sarif" in step.get("uses", ""))
    assert upload["if"].startswith("always()")
    assert upload["with"]["sarif_file"] == "${{ steps.scan.outputs.sarif }}"
    last = action_steps()[-1]
    assert last["if"] == "always()" and "EXIT_CODE" in last["run"]


def run_action(
    workspace: Path, tmp_path: Path, pavedroad_bin: Path, inputs: dict[str, str], github: dict[str, str]
) -> tuple[int, dict[str, dict[str, str]], Path]:
    """Run the action's own steps as the runner would; GitHub's actions (`uses:`) are left out.

    Returns the exit code of the last step, every step's outputs and the job summary file.
    """
    action = load_yaml(ACTION)
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()} | inputs
    outputs: dict[str, dict[str, str]] = {"install": {"bin": str(pavedroad_bin)}}
    summary = tmp_path / "summary.md"
    summary.touch()

    def evaluate(expression: str) -> str:
        parts = expression.split(".")
        if parts[0] == "inputs":
            return str(evaluate_default(values[parts[1]]))
        if parts[0] == "steps" and parts[2] == "outputs":
            return outputs.get(parts[1], {}).get(parts[3], "")
        if parts[0] == "github":
            return github.get(parts[1], "")
        raise AssertionError(f"the test cannot evaluate ${{{{ {expression} }}}}")

    def evaluate_default(value: str) -> str:
        return EXPRESSION.sub(lambda match: evaluate(match[1]), str(value))

    exit_code = 0
    for step in action["runs"]["steps"]:
        if "uses" in step or step.get("id") == "install":
            continue  # GitHub's own actions, and the PyPI install that the fixture replaces
        condition = step.get("if", "")
        if condition == "inputs.since != ''" and not evaluate("inputs.since"):
            continue
        assert condition in ("", "always()", "inputs.since != ''"), f"unknown condition {condition!r}"
        output_file = tmp_path / f"output-{step.get('id', 'step')}"
        output_file.touch()
        env = hermetic_env(
            GITHUB_WORKSPACE=str(workspace), RUNNER_TEMP=str(tmp_path), GITHUB_OUTPUT=str(output_file),
            GITHUB_STEP_SUMMARY=str(summary),
            **{name: evaluate_default(value) for name, value in step.get("env", {}).items()},
        )  # fmt: skip
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workspace, env=env, capture_output=True, text=True,
        )  # fmt: skip
        exit_code = completed.returncode
        if "id" in step:
            outputs[step["id"]] = dict(
                line.split("=", 1) for line in output_file.read_text(encoding="utf-8").splitlines() if "=" in line
            )
        if exit_code != 0 and condition != "always()" and step is not action["runs"]["steps"][-1]:
            raise AssertionError(f"step {step.get('name')} failed:\n{completed.stdout}\n{completed.stderr}")
    return exit_code, outputs, summary


def test_action_scans_what_the_pull_request_changed_and_exits_with_the_gate(
    pull_request_clone: Path, tmp_path: Path, pavedroad_executable: Path
) -> None:
    exit_code, outputs, summary = run_action(
        pull_request_clone, tmp_path, pavedroad_executable,
        inputs={"mode": "enforce"}, github={"base_ref": "main", "event_name": "pull_request"},
    )  # fmt: skip
    sarif = Path(outputs["scan"]["sarif"])
    assert sarif == pull_request_clone / "pavedroad.sarif"
    assert secret_paths_in_sarif(sarif) == {"new_feature.py"}
    assert outputs["history"]["ref"] == git(pull_request_clone.parent / "origin", "merge-base", "main", "feature")
    assert "`secrets/github-pat`" in summary.read_text(encoding="utf-8")
    assert (exit_code, outputs["scan"]["exit-code"]) == (1, "1")


def test_action_on_push_scans_everything_and_monitor_mode_passes(
    pull_request_clone: Path, tmp_path: Path, pavedroad_executable: Path
) -> None:
    exit_code, outputs, _ = run_action(
        pull_request_clone, tmp_path, pavedroad_executable, inputs={}, github={"event_name": "push"}
    )
    assert exit_code == 0
    assert "history" not in outputs
    assert secret_paths_in_sarif(Path(outputs["scan"]["sarif"])) == {"legacy.py", "new_feature.py"}


# --- pre-commit ----------------------------------------------------------------------------


def hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in load_yaml(HOOKS)}


def test_pre_commit_hooks_scan_the_index_once_per_commit() -> None:
    found = hooks()
    assert set(found) == {"pavedroad-secrets", "pavedroad"}
    for hook in found.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False, "the hook reads the index itself; file names would be ignored"
        assert hook["always_run"] is True
        assert hook["stages"] == ["pre-commit"]
        assert shlex.split(hook["entry"])[:3] == ["pavedroad", "scan", "--staged"]
    assert shlex.split(found["pavedroad-secrets"]["entry"]) == [
        "pavedroad", "scan", "--staged", "--analyzers", "secrets", "--mode", "enforce", "--fail-on", "medium",
    ]  # fmt: skip


def run_hook(hook_id: str, repo: Path, executable: Path) -> subprocess.CompletedProcess[str]:
    """Run a hook's entry from the repository root, as pre-commit does."""
    arguments = shlex.split(hooks()[hook_id]["entry"])
    assert arguments[0] == "pavedroad"
    return subprocess.run(
        [str(executable), *arguments[1:], "--no-cache"],
        cwd=repo, env=hermetic_env(), capture_output=True, text=True,
    )  # fmt: skip


@pytest.fixture
def work_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "work"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit_files(repo, {"README.md": "# service\n"}, "initial")
    return repo


def test_secrets_hook_blocks_a_staged_token(work_repo: Path, pavedroad_executable: Path) -> None:
    (work_repo / "deploy.py").write_text(f'TOKEN = "{fake_github_token("staged")}"\n', encoding="utf-8")
    git(work_repo, "add", "deploy.py")
    completed = run_hook("pavedroad-secrets", work_repo, pavedroad_executable)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "secrets/github-pat" in completed.stdout
    assert "deploy.py" in completed.stdout


def test_secrets_hook_judges_the_staged_content_not_the_working_tree(
    work_repo: Path, pavedroad_executable: Path
) -> None:
    leaky = work_repo / "deploy.py"
    leaky.write_text(f'TOKEN = "{fake_github_token("staged")}"\n', encoding="utf-8")
    git(work_repo, "add", "deploy.py")
    leaky.write_text('import os\nTOKEN = os.environ["TOKEN"]\n', encoding="utf-8")  # fixed, but not staged
    assert run_hook("pavedroad-secrets", work_repo, pavedroad_executable).returncode == 1

    git(work_repo, "add", "deploy.py")
    (work_repo / "scratch.py").write_text(f'TOKEN = "{fake_github_token("unstaged")}"\n', encoding="utf-8")
    completed = run_hook("pavedroad-secrets", work_repo, pavedroad_executable)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_secrets_hook_enforces_even_when_the_project_is_in_monitor_mode(
    work_repo: Path, pavedroad_executable: Path
) -> None:
    (work_repo / ".pavedroad.toml").write_text('mode = "monitor"\n', encoding="utf-8")
    (work_repo / "deploy.py").write_text(f'TOKEN = "{fake_github_token("staged")}"\n', encoding="utf-8")
    git(work_repo, "add", "-A")
    assert run_hook("pavedroad-secrets", work_repo, pavedroad_executable).returncode == 1
    assert run_hook("pavedroad", work_repo, pavedroad_executable).returncode == 0


def test_full_hook_follows_the_project_mode(work_repo: Path, pavedroad_executable: Path) -> None:
    (work_repo / ".pavedroad.toml").write_text('mode = "enforce"\n', encoding="utf-8")
    (work_repo / "deploy.py").write_text(f'TOKEN = "{fake_github_token("staged")}"\n', encoding="utf-8")
    git(work_repo, "add", "-A")
    completed = run_hook("pavedroad", work_repo, pavedroad_executable)
    assert completed.returncode == 1, completed.stdout + completed.stderr


# --- GitLab --------------------------------------------------------------------------------


def gitlab_job() -> dict[str, Any]:
    template = load_yaml(GITLAB_TEMPLATE)
    job = template["pavedroad"]
    base = template[job["extends"]]
    return {**base, **job, "global_variables": template["variables"]}


def test_gitlab_job_keeps_sarif_and_junit_reports_even_when_it_fails() -> None:
    job = gitlab_job()
    script = "\n".join(job["script"])
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always"
    assert artifacts["reports"]["junit"] == "pavedroad-junit.xml"
    assert "--report junit=pavedroad-junit.xml" in script
    assert "--report sarif=pavedroad.sarif" in script
    assert set(artifacts["paths"]) == {"pavedroad.sarif", "pavedroad-junit.xml"}
    assert {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'} in job["rules"]
    assert job["global_variables"]["PAVEDROAD_VERSION"] == pavedroad.__version__


def run_gitlab_script(
    clone: Path, tmp_path: Path, executable: Path, variables: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """The job's script in `sh`, with the venv that before_script would build replaced by ours."""
    job = gitlab_job()
    script = "\n".join(job["script"])
    assert "/tmp/pavedroad-venv/bin/pavedroad" in script
    script = script.replace("/tmp/pavedroad-venv/bin/pavedroad", shlex.quote(str(executable)))
    env = hermetic_env(**({name: str(value) for name, value in job["global_variables"].items()} | variables))
    return subprocess.run(["sh", "-c", script], cwd=clone, env=env, capture_output=True, text=True)


def test_gitlab_merge_request_pipeline_scans_changes_since_the_target_branch(
    pull_request_clone: Path, tmp_path: Path, pavedroad_executable: Path
) -> None:
    completed = run_gitlab_script(
        pull_request_clone, tmp_path, pavedroad_executable,
        {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "PAVEDROAD_MODE": "enforce"},
    )  # fmt: skip
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert secret_paths_in_sarif(pull_request_clone / "pavedroad.sarif") == {"new_feature.py"}
    junit = (pull_request_clone / "pavedroad-junit.xml").read_text(encoding="utf-8")
    assert 'classname="secrets/github-pat"' in junit and "new_feature.py" in junit
    assert "legacy.py" not in junit


def test_gitlab_branch_pipeline_scans_everything(
    pull_request_clone: Path, tmp_path: Path, pavedroad_executable: Path
) -> None:
    completed = run_gitlab_script(pull_request_clone, tmp_path, pavedroad_executable, {})
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert secret_paths_in_sarif(pull_request_clone / "pavedroad.sarif") == {"legacy.py", "new_feature.py"}


# --- Jenkins -------------------------------------------------------------------------------


def jenkins_scan_script() -> str:
    text = JENKINSFILE.read_text(encoding="utf-8")
    stage = text[text.index("stage('pavedroad')") :]
    match = re.search(r"sh '''(.*?)'''", stage, re.DOTALL)
    assert match, "the pavedroad stage runs one sh ''' ... ''' step"
    return match[1]


def test_jenkinsfile_shell_steps_are_not_groovy_interpolated() -> None:
    text = JENKINSFILE.read_text(encoding="utf-8")
    assert re.findall(r"\bsh\s+'''", text), "shell steps use single-quoted ''' strings"
    assert not re.search(r'\bsh\s+"', text), 'a "..." sh step would let Groovy splice values into the script'
    assert "junit testResults: 'pavedroad-junit.xml'" in text
    assert "--report junit=pavedroad-junit.xml" in jenkins_scan_script()


def run_jenkins_script(
    clone: Path, tmp_path: Path, executable: Path, extra: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    workspace_tmp = tmp_path / "workspace@tmp"
    (workspace_tmp / "pavedroad-venv" / "bin").mkdir(parents=True)
    (workspace_tmp / "pavedroad-venv" / "bin" / "pavedroad").symlink_to(executable)
    environment = dict(re.findall(r"^\s*(PAVEDROAD_\w+)\s*=\s*'([^']*)'", JENKINSFILE.read_text(), re.MULTILINE))
    assert environment["PAVEDROAD_VERSION"] == pavedroad.__version__
    env = hermetic_env(WORKSPACE=str(clone), WORKSPACE_TMP=str(workspace_tmp), **(environment | extra))
    return subprocess.run(["sh", "-c", jenkins_scan_script()], cwd=clone, env=env, capture_output=True, text=True)


def test_jenkins_pull_request_build_scans_changes_since_change_target(
    pull_request_clone: Path, tmp_path: Path, pavedroad_executable: Path
) -> None:
    completed = run_jenkins_script(
        pull_request_clone, tmp_path, pavedroad_executable, {"CHANGE_TARGET": "main", "PAVEDROAD_MODE": "enforce"}
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert secret_paths_in_sarif(pull_request_clone / "pavedroad.sarif") == {"new_feature.py"}
    assert "new_feature.py" in (pull_request_clone / "pavedroad-junit.xml").read_text(encoding="utf-8")


def test_jenkins_branch_build_scans_everything(
    pull_request_clone: Path, tmp_path: Path, pavedroad_executable: Path
) -> None:
    completed = run_jenkins_script(pull_request_clone, tmp_path, pavedroad_executable, {})
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert secret_paths_in_sarif(pull_request_clone / "pavedroad.sarif") == {"legacy.py", "new_feature.py"}


# --- the demo repository -------------------------------------------------------------------

# Every planted secret: (rule, file, a piece of text on the reported line, expected confidence,
# active?). Lines are found from the text, so editing the demo does not mean editing numbers,
# while a finding one line off still fails.
PLANTED = [
    ("secrets/aws-access-key-id", "app/config.py", 'AWS_ACCESS_KEY_ID = "AKIA', "high", True),
    ("secrets/aws-secret-access-key", "app/config.py", 'AWS_SECRET_ACCESS_KEY = "', "high", True),
    ("secrets/github-pat", "app/github_issues.py", 'os.environ.get("GITHUB_TOKEN", "ghp_', "high", True),
    ("secrets/slack-webhook", "deploy/notify_slack.sh", 'SLACK_WEBHOOK_URL="https://hooks.slack.com/', "high", True),
    ("secrets/stripe-secret-key", ".env", "STRIPE_SECRET_KEY=sk_live_", "high", True),
    ("secrets/private-key-rsa", "deploy/orders-deploy.pem", "-----BEGIN RSA PRIVATE KEY-----", "high", True),
    ("secrets/url-credentials", "docker-compose.yml", "DATABASE_URL: postgresql://orders:nUvl", "medium", True),
    # The deliberate test credential, suppressed inline with a reason.
    ("secrets/github-pat", "tests/conftest.py", "REDACTION_SAMPLE_TOKEN = ", "high", False),
]

# Look-alikes that must never be reported: documented examples, references, reads from
# the environment, placeholders, and a regular expression that describes a token.
LOOK_ALIKES = [
    ("docs/aws-setup.md", "AKIAIOSFODNN7EXAMPLE"),
    ("docs/aws-setup.md", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("docs/aws-setup.md", "${{ secrets.AWS_ACCESS_KEY_ID }}"),
    ("docker-compose.yml", "DATABASE_URL: postgresql://orders:${DB_PASSWORD}@db"),
    ("docker-compose.yml", "POSTGRES_PASSWORD: ${DB_PASSWORD}"),
    (".env.example", "DATABASE_URL=postgresql://orders:${DB_PASSWORD}@localhost"),
    (".env.example", "STRIPE_SECRET_KEY=<sk_test_"),
    (".env.example", "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/<team>"),
    ("app/config.py", 'SECRET_KEY = os.environ["FLASK_SECRET_KEY"]'),
    ("app/config.py", 'STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")'),
    ("app/redact.py", 're.compile(r"ghp_[A-Za-z0-9]{36}")'),
    ("app/redact.py", 're.compile(r"sk_live_[A-Za-z0-9]{24,}")'),
    ("deploy/terraform/main.tf", "password                = var.db_password"),
    (".github/workflows/ci.yml", "AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}"),
    ("tests/test_orders.py", "postgresql://orders:hunter2@db:5432/orders"),
    # A real-looking session JWT, but in a test fixture: generic detectors skip test data.
    ("tests/fixtures/customer_session.json", '"access_token": "eyJ'),
]


def line_of(relpath: str, text: str) -> int:
    lines = (DEMO / relpath).read_text(encoding="utf-8").splitlines()
    numbers = [number for number, line in enumerate(lines, start=1) if text in line]
    assert len(numbers) == 1, f"{relpath}: {text!r} should be on exactly one line, found {numbers}"
    return numbers[0]


@pytest.fixture(scope="module")
def demo_scan() -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    completed = subprocess.run(
        [sys.executable, "-m", "pavedroad", "scan", str(DEMO), "--format", "json", "--no-cache"],
        capture_output=True, text=True, env=hermetic_env(),
    )  # fmt: skip
    return completed, json.loads(completed.stdout)


def secrets_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [finding for finding in report["findings"] if finding["analyzer"] == "secrets"]


def test_demo_reports_exactly_the_planted_secrets(demo_scan: tuple[Any, dict[str, Any]]) -> None:
    _, report = demo_scan
    reported = {
        (finding["rule_id"], finding["location"]["path"], finding["location"]["start_line"])
        for finding in secrets_findings(report)
    }
    expected = {(rule, path, line_of(path, text)) for rule, path, text, _, _ in PLANTED}
    assert reported == expected
    assert report["errors"] == []


def test_demo_findings_carry_confidence_and_suppression(demo_scan: tuple[Any, dict[str, Any]]) -> None:
    _, report = demo_scan
    by_location = {
        (finding["rule_id"], finding["location"]["path"], finding["location"]["start_line"]): finding
        for finding in secrets_findings(report)
    }
    for rule, path, text, confidence, active in PLANTED:
        finding = by_location[(rule, path, line_of(path, text))]
        assert (finding["confidence"], finding["active"]) == (confidence, active), (rule, path)
    suppressed = by_location[("secrets/github-pat", "tests/conftest.py", line_of("tests/conftest.py", "REDACTION"))]
    assert suppressed["suppression"]["kind"] == "inline"
    assert "never issued by GitHub" in suppressed["suppression"]["reason"]


def test_demo_look_alikes_are_not_reported(demo_scan: tuple[Any, dict[str, Any]]) -> None:
    _, report = demo_scan
    reported = {(finding["location"]["path"], finding["location"]["start_line"]) for finding in report["findings"]}
    for path, text in LOOK_ALIKES:
        assert (path, line_of(path, text)) not in reported, f"look-alike reported: {path}: {text}"


def test_demo_test_data_is_skipped_for_being_test_data_not_for_looking_fake(tmp_path: Path) -> None:
    # Outside a tests/ directory the same content must be reported, or the demo proves nothing.
    copies = {
        "session.json": DEMO / "tests" / "fixtures" / "customer_session.json",
        "orders_check.py": DEMO / "tests" / "test_orders.py",
    }
    for name, source in copies.items():
        (tmp_path / name).write_bytes(source.read_bytes())
    completed = subprocess.run(
        [sys.executable, "-m", "pavedroad", "scan", str(tmp_path), "--format", "json", "--no-cache"],
        capture_output=True, text=True, env=hermetic_env(),
    )  # fmt: skip
    findings = json.loads(completed.stdout)["findings"]
    reported = {(finding["rule_id"], finding["location"]["path"]) for finding in findings}
    assert reported == {("secrets/jwt", "session.json"), ("secrets/url-credentials", "orders_check.py")}


def test_demo_report_never_contains_a_planted_secret(demo_scan: tuple[Any, dict[str, Any]]) -> None:
    completed, _ = demo_scan
    for _, path, text, _, _ in PLANTED:
        lines = (DEMO / path).read_text(encoding="utf-8").splitlines()
        line = lines[line_of(path, text) - 1].strip()
        if line.startswith("-----BEGIN"):
            line = lines[line_of(path, text)].strip()  # the key's first line of base64
        assert line not in completed.stdout, f"{path}: the secret leaked into the report"


def test_demo_is_in_monitor_mode_with_a_failing_gate(demo_scan: tuple[Any, dict[str, Any]]) -> None:
    completed, report = demo_scan
    gate = report["run"]["gate"]
    assert (gate["mode"], gate["failed"], gate["exit_code"], completed.returncode) == ("monitor", True, 0, 0)
    assert any("at or above high" in reason for reason in gate["reasons"])


def test_demo_has_no_nested_git_repository() -> None:
    assert not (DEMO / ".git").exists(), "the demo is plain files inside this repository, not a submodule"


def test_demo_shows_a_cross_module_sql_injection_with_its_trace(demo_scan: tuple[Any, dict[str, Any]]) -> None:
    _, report = demo_scan
    [finding] = [finding for finding in report["findings"] if finding["analyzer"] == "sast"]
    assert (finding["rule_id"], finding["location"]["path"], finding["location"]["start_line"]) == (
        "sast/python-sql-injection",
        "app/models.py",
        line_of("app/models.py", "db.session.execute(text(sql)"),
    )
    steps = [(step["location"]["path"], step["location"]["start_line"]) for step in finding["trace"]]
    assert steps[0] == ("app/routes.py", line_of("app/routes.py", 'request.args.get("q"'))
    assert steps[-1][0] == "app/models.py"
