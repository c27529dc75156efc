"""`pavedroad monitor`: broken Sigma rules are named and fail the run; `--record` keeps alerts in the store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from pavedroad.store import open_store
from pavedroad.store.schema import AlertRecord, Project

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "monitor"
SIGMA = Path(__file__).resolve().parents[1] / "fixtures" / "monitor" / "sigma"


def monitor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pavedroad", "monitor", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_a_malformed_sigma_rule_is_named_and_the_run_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "monitor.toml"
    config.write_text(f'[monitor.detect.sigma]\nrule_dirs = ["{SIGMA / "malformed"}"]\n')
    result = monitor(str(EXAMPLES / "attack.log"), "--once", "--config", str(config))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("pavedroad: error: ")]
    assert any("bad_yaml.yml" in line for line in errors)
    assert any("undefined_selection.yml" in line for line in errors)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("pavedroad: warning: ")]
    assert any("aggregation.yml" in line for line in warnings)  # unsupported, said, not fatal
    assert "alerts" in result.stderr  # the other rules still ran: the replay summary is there


def test_recorded_alerts_are_kept_once_per_alert_id(database_url: str) -> None:
    env = {"PAVEDROAD_DATABASE_URL": database_url}
    logs = (str(EXAMPLES / "attack.log"), str(EXAMPLES / "cloudtrail.json"))
    first = monitor(*logs, "--once", "--record", "--project", "shop", "--output", "json", env=env)
    assert first.returncode == 0, first.stderr
    printed = len(first.stdout.splitlines())
    again = monitor(*logs, "--once", "--record", "--project", "shop", env=env)  # a replay re-sends them
    assert again.returncode == 0, again.stderr
    with open_store(database_url) as store, store.transaction() as connection:
        rows = connection.execute(
            select(AlertRecord.rule_id, AlertRecord.entity, Project.name).join(Project)
        ).all()
    assert printed > 0 and len(rows) == printed
    assert {name for _, _, name in rows} == {"shop"}
    assert ("monitor/brute-force-succeeded", "ip:203.0.113.50") in {(rule, entity) for rule, entity, _ in rows}
