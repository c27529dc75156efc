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
        rows = connection.execute(select(AlertRecord.rule_id, AlertRecord.entity, Project.name).join(Project)).all()
    assert printed > 0 and len(rows) == printed
    assert {name for _, _, name in rows} == {"shop"}
    assert ("monitor/brute-force-succeeded", "ip:203.0.113.50") in {(rule, entity) for rule, entity, _ in rows}


PAM_FAILURE = (
    "web-1 sudo: pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/0 "
    "ruser=alice rhost=  user=alice"
)
SUDO_LOG = "".join(
    f"2026-03-02T10:00:{second}.000000+00:00 {message}\n"
    for second, message in (
        ("01", PAM_FAILURE),
        ("03", PAM_FAILURE),
        (
            "05",
            "web-1 sudo:    alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; "
            "COMMAND=/bin/bash",
        ),
        ("20", "web-1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash"),
    )
)


def test_sudo_failures_then_success_in_a_real_auth_log_is_an_escalation(tmp_path: Path) -> None:
    log = tmp_path / "auth.log"
    log.write_text(SUDO_LOG)
    result = monitor(str(log), "--once", "--output", "json")
    assert result.returncode == 0, result.stderr
    alerts = [line for line in result.stdout.splitlines() if "privilege-escalation-after-failures" in line]
    assert len(alerts) == 1 and '"entity": "user:alice"' in alerts[0]
