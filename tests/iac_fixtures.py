"""Shared by the IaC and pipeline fixture tests: place a fixture where its format lives, scan, compare.

Layout: tests/fixtures/<family>/<slug>/ holds cases. A case is a file (`bad.tf`,
`good-private.yaml`...) or a directory (`bad-module/` with several files). Files mark the
lines that must be reported with `expect: <rule-id>` (or `expect-next: <rule-id>` on the
line above). A file case is copied to the name its format needs (Dockerfile,
docker-compose.yml, .github/workflows/x.yml...); a directory case keeps its own layout.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from pavedroad.analyzers.iac.check import Check
from pavedroad.core.analyzer import AnalysisContext, ProjectAnalyzer, ProjectOutcome, Target
from pavedroad.core.filekinds import HEAD_BYTES, classify
from pavedroad.core.workspace import Workspace, resolve_scope

FIXTURES = Path(__file__).resolve().parent / "fixtures"

YAML_FRAMEWORKS = ("cloudformation", "kubernetes", "compose", "github-actions", "gitlab-ci")


def placement(case: Path, frameworks: Sequence[str]) -> str:
    """Where a single-file case goes in the scanned tree."""
    name = case.name
    suffix = case.suffix.lower()
    if suffix in (".tf", ".tfvars"):
        return "main.tf" if suffix == ".tf" else "terraform.tfvars"
    if suffix == ".dockerfile":
        return "Dockerfile"
    if suffix == ".jenkinsfile":
        return "Jenkinsfile"
    if suffix == ".json" and "terraform" in frameworks and "cloudformation" not in frameworks:
        return "plan.json"
    framework = next((f for f in frameworks if f in YAML_FRAMEWORKS), frameworks[0])
    if framework == "compose":
        return "docker-compose.yml"
    if framework == "github-actions":
        return "action.yml" if "action" in name else f".github/workflows/{name}"
    if framework == "gitlab-ci":
        return ".gitlab-ci.yml"
    return name


def cases(family: str, slugs: Sequence[str]) -> list[tuple[str, Path]]:
    base = FIXTURES / family
    return [
        (slug, case)
        for slug in slugs
        if (base / slug).is_dir()
        for case in sorted((base / slug).iterdir())
        if case.name.startswith(("bad", "good"))
    ]


def expected_lines(text: str, rule_id: str) -> set[int]:
    expected = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if f"expect: {rule_id}" in line:
            expected.add(number)
        if f"expect-next: {rule_id}" in line:
            expected.add(number + 1)
    return expected


def place_case(case: Path, frameworks: Sequence[str], root: Path) -> None:
    if case.is_dir():
        shutil.copytree(case, root, dirs_exist_ok=True)
        return
    destination = root / placement(case, frameworks)
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(case, destination)


def classified_targets(root: Path) -> list[Target]:
    targets = []
    for target in Workspace(resolve_scope(str(root))).targets():
        with open(target.path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
        language, kinds = classify(target.relpath, head)
        targets.append(Target(target.path, target.relpath, target.size, language, kinds, None, target.mtime_ns))
    return targets


def run_case(analyzer: ProjectAnalyzer, case: Path, frameworks: Sequence[str], root: Path) -> ProjectOutcome:
    place_case(case, frameworks, root)
    return analyzer.analyze_project(classified_targets(root), AnalysisContext(root=str(root)))


def expected_in_tree(root: Path, rule_id: str) -> set[tuple[str, int]]:
    expected = set()
    for path in root.rglob("*"):
        if path.is_file():
            relpath = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8", errors="replace")
            expected.update((relpath, line) for line in expected_lines(text, rule_id))
    return expected


def assert_reports_exactly_the_marked_lines(
    analyzer: ProjectAnalyzer, rule_id: str, frameworks: Sequence[str], case: Path, root: Path
) -> None:
    """The check alone on one case: no scanner issue, and exactly the marked (file, line) pairs."""
    outcome = run_case(analyzer, case, frameworks, root)
    assert not outcome.issues, [issue.message for issue in outcome.issues]
    reported = {(finding.location.path, finding.location.start_line) for finding in outcome.findings}
    expected = expected_in_tree(root, rule_id)
    if case.name.startswith("good"):
        assert not expected, "a good fixture must not expect findings"
    else:
        assert expected, "a bad fixture must mark at least one expected line"
    assert reported == expected


def assert_has_fixtures_and_docs(family: str, slug: str, check: Check) -> None:
    """A bad and a good case, the docs the rule page is made of, and a compliance mapping."""
    directory = FIXTURES / family / slug
    names = [path.name for path in directory.iterdir()] if directory.is_dir() else []
    assert any(name.startswith("bad") for name in names), f"{slug}: no bad fixture"
    assert any(name.startswith("good") for name in names), f"{slug}: no good fixture"
    assert check.rationale and check.fix, f"{slug}: rationale and fix are the docs"
    assert check.insecure_example and check.secure_example, f"{slug}: before/after examples"
    assert check.controls, f"{slug}: no compliance mapping"


def fixture_folders(family: str) -> set[str]:
    return {path.name for path in (FIXTURES / family).iterdir() if path.is_dir()}
