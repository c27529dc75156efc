"""Exit codes, modes, thresholds and policy as code, as a user meets them."""

from __future__ import annotations

from pathlib import Path

from helpers import active_rules, fake_github_token, make_repo, run_cli, scan_json

TOKEN = fake_github_token(1)


def leaky_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", {"app/settings.py": f'TOKEN = "{TOKEN}"\n', "README.md": "# app\n"})


def test_monitor_mode_reports_but_passes(tmp_path: Path) -> None:
    repo = leaky_repo(tmp_path)
    code, document = scan_json(str(repo))
    assert code == 0
    assert active_rules(document) == [("secrets/github-pat", "app/settings.py", 1)]
    assert document["run"]["gate"]["failed"] is True
    assert document["run"]["gate"]["mode"] == "monitor"


def test_enforce_mode_fails_with_exit_code_1(tmp_path: Path) -> None:
    repo = leaky_repo(tmp_path)
    completed = run_cli("scan", str(repo), "--mode", "enforce")
    assert completed.returncode == 1
    assert "secrets/github-pat" in completed.stdout
    assert "app/settings.py:1" in completed.stdout


def test_enforce_mode_on_a_clean_repo_passes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "clean", {"main.py": "print('hello')\n"})
    completed = run_cli("scan", str(repo), "--mode", "enforce", "--fail-on", "low")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "gate: passed" in completed.stdout


def test_fail_on_threshold_is_respected(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {".pavedroad.toml": 'mode = "enforce"\n[rules."secrets/github-pat"]\nseverity = "medium"\n',
         "a.py": f'TOKEN = "{TOKEN}"\n'},
    )  # fmt: skip
    assert run_cli("scan", str(repo)).returncode == 0  # medium is below the default fail_on = high
    assert run_cli("scan", str(repo), "--fail-on", "medium").returncode == 1


def test_disabled_rule_reports_nothing(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "repo",
        {".pavedroad.toml": '[rules."secrets/*"]\nenabled = false\n', "a.py": f'TOKEN = "{TOKEN}"\n'},
    )
    code, document = scan_json(str(repo), "--mode", "enforce")
    assert (code, document["findings"]) == (0, [])


def test_policy_table_limits_counts_and_blocks_rules(tmp_path: Path) -> None:
    config = '[policy]\nfail_on = "critical"\nblock_rules = ["secrets/github-*"]\n'
    repo = make_repo(tmp_path / "repo", {".pavedroad.toml": config, "a.py": f'TOKEN = "{TOKEN}"\n'})
    code, document = scan_json(str(repo), "--mode", "enforce")
    assert code == 1
    assert any("blocked rule secrets/github-*" in reason for reason in document["run"]["gate"]["reasons"])


def test_rego_policy_can_fail_the_gate(tmp_path: Path) -> None:
    policy = """package pavedroad
import rego.v1
deny contains msg if {
    some f in input.findings
    f.active
    startswith(f.location.path, "app/")
    msg := sprintf("no secrets under app/: %s", [f.location.path])
}
"""
    config = (
        '[policy]\nfail_on = "critical"\nrego = ["policies/app.rego"]\n'
        '[rules."secrets/github-pat"]\nseverity = "high"\n'
    )
    repo = make_repo(
        tmp_path / "repo",
        {".pavedroad.toml": config, "policies/app.rego": policy, "app/a.py": f'TOKEN = "{TOKEN}"\n'},
    )
    code, document = scan_json(str(repo), "--mode", "enforce")
    assert code == 1
    assert document["run"]["gate"]["reasons"] == ["rego: no secrets under app/: app/a.py"]


def test_an_invalid_rego_policy_is_a_clear_error(tmp_path: Path) -> None:
    config = '[policy]\nrego = ["bad.rego"]\n'
    repo = make_repo(
        tmp_path / "repo", {".pavedroad.toml": config, "bad.rego": "package pavedroad\ndeny contains x if {\n"}
    )
    completed = run_cli("scan", str(repo))
    assert completed.returncode == 2
    assert "bad.rego: invalid Rego policy" in completed.stderr


def test_results_go_to_stdout_and_nothing_else(tmp_path: Path) -> None:
    repo = leaky_repo(tmp_path)
    completed = run_cli("scan", str(repo), "--format", "sarif")
    assert completed.stdout.lstrip().startswith("{")
    assert completed.stdout.count('"version": "2.1.0"') == 1


def test_extra_reports_are_written_beside_the_main_output(tmp_path: Path) -> None:
    repo = leaky_repo(tmp_path)
    sarif, junit = tmp_path / "out.sarif", tmp_path / "junit.xml"
    completed = run_cli("scan", str(repo), "--report", f"sarif={sarif}", "--report", f"junit={junit}")
    assert completed.returncode == 0
    assert '"ruleId": "secrets/github-pat"' in sarif.read_text()
    assert "<failure" in junit.read_text()
    assert run_cli("scan", str(repo), "--report", "pdf=x.pdf").returncode == 2
