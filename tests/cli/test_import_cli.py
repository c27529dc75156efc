"""`pavedroad import`: other tools' results land in the same list, deduplicated against ours."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from test_record_and_metrics import pavedroad

from pavedroad.store import open_store
from pavedroad.store.schema import FindingRecord

IMPORTS = Path(__file__).parents[1] / "fixtures" / "imports"


def stored(database_url: str) -> list[tuple[str, str, str]]:
    with open_store(database_url) as store, store.transaction() as connection:
        rows = connection.execute(
            select(FindingRecord.tool, FindingRecord.rule_id, FindingRecord.status).order_by(FindingRecord.id)
        )
        return [tuple(row) for row in rows]


def test_imports_merge_with_our_findings_and_only_close_their_own(tmp_path: Path, database_url: str) -> None:
    project = tmp_path / "shop"
    project.mkdir()
    (project / "requirements.txt").write_text("jinja2==2.10\nflask==0.5\n")
    scan = pavedroad(database_url, "scan", str(project), "--record", "--project", "shop", "--no-cache")
    assert "recorded scan 1: 10 new" in scan.stderr

    audit = pavedroad(
        database_url, "import", str(IMPORTS / "pip-audit" / "pip-audit.json"), "--project", "shop", cwd=project
    )
    assert audit.returncode == 0, audit.stderr
    assert "imported 3 findings from pip-audit (pip-audit) as scan 2 of 'shop': 0 new, 3 matched existing" in (
        audit.stdout
    )
    assert "internal-tools was not audited" in audit.stderr  # a skipped entry is said, not dropped silently

    bandit = pavedroad(
        database_url, "import", str(IMPORTS / "bandit" / "bandit.json"), "--project", "shop", cwd=project
    )
    assert "5 new, 0 matched existing findings" in bandit.stdout
    assert sorted(rule for tool, rule, _ in stored(database_url) if tool == "bandit") == [
        "bandit/B105", "bandit/B201", "bandit/B404", "bandit/B602", "bandit/B608",
    ]  # fmt: skip

    fewer = json.loads((IMPORTS / "bandit" / "bandit.json").read_text())
    fewer["results"] = [result for result in fewer["results"] if result["test_id"] != "B608"]
    (tmp_path / "bandit-after-fix.json").write_text(json.dumps(fewer))
    again = pavedroad(database_url, "import", str(tmp_path / "bandit-after-fix.json"), "--project", "shop", cwd=project)
    assert "0 new, 0 matched existing findings, 4 still open, 0 reopened, 1 fixed" in again.stdout
    statuses = {(tool, rule): status for tool, rule, status in stored(database_url)}
    assert statuses[("bandit", "bandit/B608")] == "fixed"
    assert {status for (tool, _), status in statuses.items() if tool == "pavedroad"} == {"open"}


def test_unreadable_and_unknown_files_are_one_line_errors(tmp_path: Path, database_url: str) -> None:
    broken = tmp_path / "results.json"
    broken.write_text('{"results": [')
    failed = pavedroad(database_url, "import", str(broken), "--project", "shop")
    assert failed.returncode == 2
    assert failed.stderr.startswith(f"pavedroad: error: {broken}:1:")
    unknown = tmp_path / "other.json"
    unknown.write_text('{"hello": "world"}')
    refused = pavedroad(database_url, "import", str(unknown), "--project", "shop")
    assert refused.returncode == 2 and str(unknown) in refused.stderr and "sarif" in refused.stderr.lower()
