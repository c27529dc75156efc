"""Outputs a CI system reads, masking everywhere, and the smaller commands."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest
from helpers import SHARED, fake_github_token, make_repo, run_cli, scan_json

TOKEN = fake_github_token(70)
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def leaky_repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path / "repo",
        {
            "app/settings.py": f'GITHUB_TOKEN = "{TOKEN}"\n',
            "tests/test_api.py": f'T = "{TOKEN}"  # pavedroad: ignore[secrets/github-pat] revoked fixture token\n',
        },
    )


def test_sarif_from_the_command_line_validates_against_the_schema(leaky_repo: Path) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA}")
    completed = run_cli("scan", str(leaky_repo), "--format", "sarif")
    log = json.loads(completed.stdout)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text()))
    (run,) = log["runs"]
    rule = next(rule for rule in run["tool"]["driver"]["rules"] if rule["id"] == "secrets/github-pat")
    assert "external/cwe/cwe-798" in rule["properties"]["tags"]
    assert float(rule["properties"]["security-severity"]) >= 9.0
    assert rule["help"]["text"]
    results = {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: result for result in run["results"]
    }
    assert set(results) == {"app/settings.py", "tests/test_api.py"}
    assert results["app/settings.py"]["partialFingerprints"]
    assert "suppressions" not in results["app/settings.py"]
    assert results["tests/test_api.py"]["suppressions"][0]["justification"] == "revoked fixture token"


@pytest.mark.parametrize("output_format", ["terminal", "json", "sarif", "junit", "html", "markdown"])
def test_no_output_format_ever_holds_the_whole_secret(leaky_repo: Path, output_format: str) -> None:
    completed = run_cli("scan", str(leaky_repo), "--format", output_format, "--all")
    assert "secrets/github-pat" in completed.stdout
    assert TOKEN not in completed.stdout
    assert TOKEN[4:14] not in completed.stdout
    assert TOKEN not in completed.stderr


def test_junit_report_counts_failures(leaky_repo: Path) -> None:
    from xml.etree import ElementTree

    completed = run_cli("scan", str(leaky_repo), "--format", "junit")
    tree = ElementTree.fromstring(completed.stdout)
    assert len(tree.findall(".//failure")) == 1
    assert len(tree.findall(".//skipped")) == 1


def test_plugin_analyzers_are_loaded_from_entry_points(tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    (plugins / "todo_plugin-1.0.dist-info").mkdir(parents=True)
    (plugins / "todo_plugin-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: todo-plugin\nVersion: 1.0\n"
    )
    (plugins / "todo_plugin-1.0.dist-info" / "entry_points.txt").write_text(
        "[pavedroad.analyzers]\ntodo = todo_plugin:TodoAnalyzer\n"
    )
    (plugins / "todo_plugin.py").write_text(
        textwrap.dedent(
            """
            from pavedroad.core.findings import Confidence, Finding, Location, Rule, Severity, make_fingerprint

            RULE = Rule("custom/todo", "TODO left in code", Severity.LOW, Confidence.HIGH, "why", "fix")

            class TodoAnalyzer:
                name = "todo"
                version = "1"
                rules = [RULE]

                def wants(self, target):
                    return target.relpath.endswith(".py")

                def analyze(self, target, data, context):
                    for number, line in enumerate(data.splitlines(), start=1):
                        if b"TODO" in line:
                            yield Finding(RULE.id, self.name, RULE.severity, RULE.confidence, RULE.title,
                                          "a TODO", Location(target.relpath, number, 1, number, 1),
                                          make_fingerprint(RULE.id, target.relpath, line.decode()))
            """
        )
    )
    repo = make_repo(tmp_path / "repo", {"a.py": "x = 1\n# TODO: remove\n"})
    env = {"PYTHONPATH": str(plugins)}
    completed = run_cli("scan", str(repo), "--format", "json", env=env)
    document = json.loads(completed.stdout)
    assert [(f["rule_id"], f["location"]["start_line"]) for f in document["findings"]] == [("custom/todo", 2)]
    assert {"name": "todo", "version": "1"} in document["run"]["analyzers"]
    listed = run_cli("rules", "list", env=env)
    assert "custom/todo" in listed.stdout


def test_a_crashing_analyzer_is_an_error_entry_and_the_scan_goes_on(tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    (plugins / "crash-1.0.dist-info").mkdir(parents=True)
    (plugins / "crash-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: crash\nVersion: 1.0\n")
    (plugins / "crash-1.0.dist-info" / "entry_points.txt").write_text("[pavedroad.analyzers]\ncrash = crash:Crash\n")
    (plugins / "crash.py").write_text(
        "class Crash:\n    name = 'crash'\n    version = '1'\n    rules = []\n"
        "    def wants(self, target):\n        return target.relpath == 'boom.py'\n"
        "    def analyze(self, target, data, context):\n        raise ValueError('cannot parse')\n"
    )
    repo = make_repo(tmp_path / "repo", {"boom.py": "x\n", "leak.py": f'T = "{TOKEN}"\n'})
    completed = run_cli("scan", str(repo), "--format", "json", env={"PYTHONPATH": str(plugins)})
    document = json.loads(completed.stdout)
    assert completed.returncode == 2
    assert document["errors"] == [
        {"path": "boom.py", "analyzer": "crash", "line": None, "message": "internal error: ValueError: cannot parse"}
    ]
    assert [f["location"]["path"] for f in document["findings"]] == ["leak.py"]


def test_init_writes_a_monitor_config_that_scans_clean(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"a.py": "x = 1\n"})
    first = run_cli("init", str(repo))
    assert first.returncode == 0
    assert 'mode = "monitor"' in (repo / ".pavedroad.toml").read_text()
    code, document = scan_json(str(repo))
    assert (code, document["findings"], document["run"]["gate"]["mode"]) == (0, [], "monitor")
    again = run_cli("init", str(repo))
    assert again.returncode == 2
    assert "already exists" in again.stderr


def test_rules_list_and_show(tmp_path: Path) -> None:
    listed = run_cli("rules", "list", "--family", "secrets")
    lines = listed.stdout.splitlines()
    assert len(lines) >= 150
    assert all(line.startswith("secrets/") for line in lines)
    shown = run_cli("rules", "show", "secrets/github-pat")
    assert shown.stdout.startswith("# secrets/github-pat: GitHub personal access token")
    assert "## How to fix" in shown.stdout
    assert run_cli("rules", "show", "secrets/nope").returncode == 2


def test_generated_rule_docs_are_up_to_date(tmp_path: Path) -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "rules"
    completed = run_cli("rules", "docs", "--output", str(tmp_path / "rules"))
    assert completed.returncode == 0
    generated = {path.name: path.read_text() for path in (tmp_path / "rules").iterdir()}
    committed = {path.name: path.read_text() for path in docs.glob("*.md")}
    assert generated == committed, "docs/rules is stale: run `make docs`"


def test_sarif_paths_are_relative_to_the_repository_when_a_subdirectory_is_scanned(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"services/api/app.py": f'T = "{TOKEN}"\n'})
    completed = run_cli("scan", str(repo / "services" / "api"), "--format", "sarif")
    (run,) = json.loads(completed.stdout)["runs"]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "services/api/app.py"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (repo.resolve().as_uri() + "/")
    _, document = scan_json(str(repo / "services" / "api"))
    assert document["findings"][0]["location"]["path"] == "app.py"


def test_discover_exit_code_from_the_real_command_line(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"package.json": '{"name": ', "app.py": "print(1)\n"})
    completed = run_cli("discover", str(repo))
    assert completed.returncode == 2
    assert "package.json" in completed.stderr
