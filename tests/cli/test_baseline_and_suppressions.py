"""Only new problems break a build: baselines, inline and central suppressions."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import active_rules, fake_github_token, make_repo, run_cli, scan_json, write_files


def test_a_baseline_then_one_new_secret_fails_with_exactly_that_finding(tmp_path: Path) -> None:
    old, new = fake_github_token(10), fake_github_token(11)
    repo = make_repo(tmp_path / "repo", {"legacy.py": f'TOKEN = "{old}"\n', "other.py": "x = 1\n"})
    created = run_cli("baseline", "create", str(repo))
    assert created.returncode == 0, created.stderr
    assert "wrote 1 finding(s)" in created.stdout
    baseline_text = (repo / ".pavedroad-baseline.json").read_text()
    assert old not in baseline_text and old[4:20] not in baseline_text

    code, document = scan_json(str(repo), "--mode", "enforce")
    assert code == 0
    assert [f["in_baseline"] for f in document["findings"]] == [True]

    write_files(repo, {"other.py": f'x = 1\nNEW_TOKEN = "{new}"\n'})
    code, document = scan_json(str(repo), "--mode", "enforce")
    assert code == 1
    assert active_rules(document) == [("secrets/github-pat", "other.py", 2)]


def test_a_baselined_finding_keeps_its_identity_when_lines_move(tmp_path: Path) -> None:
    token = fake_github_token(12)
    repo = make_repo(tmp_path / "repo", {"a.py": f'TOKEN = "{token}"\n'})
    run_cli("baseline", "create", str(repo))
    write_files(repo, {"a.py": f'import os\n\n\nTOKEN   =   "{token}"\n'})
    code, document = scan_json(str(repo), "--mode", "enforce")
    assert code == 0
    assert document["findings"][0]["in_baseline"] is True


def test_stale_baseline_entries_are_reported(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.py": f'TOKEN = "{fake_github_token(13)}"\n'})
    run_cli("baseline", "create", str(repo))
    write_files(repo, {"a.py": "TOKEN = None\n"})
    _, document = scan_json(str(repo))
    assert len(document["run"]["stale_baseline"]) == 1
    assert "secrets/github-pat a.py" in document["run"]["stale_baseline"][0]


def test_all_shows_baselined_findings_in_the_terminal(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.py": f'TOKEN = "{fake_github_token(14)}"\n'})
    run_cli("baseline", "create", str(repo))
    assert "a.py:1" not in run_cli("scan", str(repo)).stdout
    assert "[baseline] a.py:1 secrets/github-pat" in run_cli("scan", str(repo), "--all").stdout


def test_inline_suppressions_in_each_comment_syntax(tmp_path: Path) -> None:
    token = fake_github_token(20)
    marker = "pavedroad: ignore[secrets/github-pat] revoked test token"
    files = {
        "a.py": f'TOKEN = "{token}"  # {marker}\n',
        "b.js": f'const token = "{token}"; // {marker}\n',
        "c.yaml": f"# {marker}\ntoken: {token}\n",
        "main.tf": f'token = "{token}" # {marker}\n',
        "Dockerfile": f"# {marker}\nENV TOKEN={token}\n",
        "d.ini": f"; {marker}\ntoken = {token}\n",
        "e.sql": f"-- {marker}\nSELECT '{token}';\n",
        "f.html": f'<!-- {marker} -->\n<meta content="{token}">\n',
        "g.py": f'TOKEN = "{token}"\n',
    }
    repo = make_repo(tmp_path / "repo", files)
    code, document = scan_json(str(repo), "--mode", "enforce", "--analyzers", "secrets")
    assert active_rules(document) == [("secrets/github-pat", "g.py", 1)]
    suppressed = [f for f in document["findings"] if f["suppression"]]
    assert len(suppressed) == 8
    assert {f["suppression"]["reason"] for f in suppressed} == {"revoked test token"}
    assert code == 1


def test_a_marker_for_another_rule_does_not_suppress(tmp_path: Path) -> None:
    token = fake_github_token(21)
    repo = make_repo(
        tmp_path / "repo", {"a.py": f'TOKEN = "{token}"  # pavedroad: ignore[secrets/slack-webhook] nope\n'}
    )
    _, document = scan_json(str(repo))
    assert active_rules(document) == [("secrets/github-pat", "a.py", 1)]


def test_a_suppression_without_a_reason_is_itself_reported(tmp_path: Path) -> None:
    token = fake_github_token(22)
    repo = make_repo(tmp_path / "repo", {"a.py": f'TOKEN = "{token}"  # pavedroad: ignore[secrets/github-pat]\n'})
    _, document = scan_json(str(repo))
    assert active_rules(document) == [("core/suppression-without-reason", "a.py", 1)]


def test_central_suppressions_by_rule_path_and_fingerprint_with_expiry(tmp_path: Path) -> None:
    a, b, c = fake_github_token(30), fake_github_token(31), fake_github_token(32)
    repo = make_repo(tmp_path / "repo", {"docs/a.md": f"`{a}`\n", "b.py": f'B = "{b}"\n', "c.py": f'C = "{c}"\n'})
    _, first = scan_json(str(repo))
    fingerprint_b = next(f["fingerprint"] for f in first["findings"] if f["location"]["path"] == "b.py")
    config = f"""
[[suppress]]
path = "docs/*"
rule = "secrets/*"
reason = "documentation sample, revoked"

[[suppress]]
fingerprint = "{fingerprint_b}"
reason = "rotated on 2026-11-01"
expires = 2099-01-01

[[suppress]]
path = "c.py"
reason = "temporary"
expires = 2020-01-01
"""
    write_files(repo, {".pavedroad.toml": config})
    _, document = scan_json(str(repo))
    assert active_rules(document) == [("secrets/github-pat", "c.py", 1)]
    kinds = sorted((f["location"]["path"], f["suppression"]["kind"]) for f in document["findings"] if f["suppression"])
    assert kinds == [("b.py", "config"), ("docs/a.md", "config")]
    assert any("expired on 2020-01-01" in w["message"] for w in document["warnings"])


def test_a_central_suppression_without_reason_is_reported_with_its_line(tmp_path: Path) -> None:
    config = '\n[[suppress]]\nrule = "secrets/github-pat"\n'
    repo = make_repo(tmp_path / "repo", {".pavedroad.toml": config, "a.py": f'A = "{fake_github_token(33)}"\n'})
    _, document = scan_json(str(repo))
    assert active_rules(document) == [("core/suppression-without-reason", ".pavedroad.toml", 2)]


def test_sarif_carries_suppressions(tmp_path: Path) -> None:
    token = fake_github_token(34)
    repo = make_repo(tmp_path / "repo", {"a.py": f'T = "{token}"  # pavedroad: ignore[secrets/github-pat] test\n'})
    completed = run_cli("scan", str(repo), "--format", "sarif")
    result = json.loads(completed.stdout)["runs"][0]["results"][0]
    assert result["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "test"}]
