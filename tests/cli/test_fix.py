"""`pavedroad fix`: the smallest safe upgrades as a diff, applied without disturbing the files."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import make_repo, run_cli

REQUIREMENTS = """# Web application
requests==2.19.1  # HTTP client, pinned for the proxy bug
Jinja2 >= 2.10, <3 ; python_version >= "3.8"
"""

LODASH_ADVISORY = {
    "schema_version": "1.6.0",
    "id": "GHSA-35jh-r3h4-6jhm",
    "modified": "2024-03-01T00:00:00Z",
    "published": "2021-05-06T16:05:51Z",
    "aliases": ["CVE-2021-23337"],
    "summary": "Command Injection in lodash",
    "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"}],
    "affected": [
        {
            "package": {"ecosystem": "npm", "name": "lodash"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}],
        }
    ],
}

PACKAGE_JSON = """{
  "name": "storefront",
  "dependencies": {
    "express": "4.21.2",
    "lodash": "^4.17.20"
  }
}
"""

PACKAGE_LOCK = {
    "name": "storefront",
    "lockfileVersion": 3,
    "requires": True,
    "packages": {
        "": {"name": "storefront", "dependencies": {"express": "4.21.2", "lodash": "^4.17.20"}},
        "node_modules/express": {"version": "4.21.2"},
        "node_modules/lodash": {"version": "4.17.20"},
    },
}


def test_fix_prints_a_diff_of_the_smallest_safe_upgrades(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"requirements.txt": REQUIREMENTS})
    completed = run_cli("fix", str(repo))
    assert completed.returncode == 0, completed.stderr
    assert "-requests==2.19.1  # HTTP client, pinned for the proxy bug" in completed.stdout
    target = next(line for line in completed.stdout.splitlines() if line.startswith("+requests=="))
    assert target.endswith("  # HTTP client, pinned for the proxy bug")
    assert "requests 2.19.1 → " in completed.stderr and "PYSEC-2018-28" in completed.stderr
    assert (repo / "requirements.txt").read_text() == REQUIREMENTS, "without --apply nothing is written"


def test_fix_apply_rewrites_only_the_versions(tmp_path: Path) -> None:
    database = tmp_path / "npm.sqlite3"
    (tmp_path / "lodash.json").write_text(json.dumps(LODASH_ADVISORY))
    assert run_cli("db", "import", "--db", str(database), str(tmp_path / "lodash.json")).returncode == 0
    repo = make_repo(
        tmp_path / "repo", {"web/package.json": PACKAGE_JSON, "web/package-lock.json": json.dumps(PACKAGE_LOCK)}
    )
    completed = run_cli("fix", str(repo), "--apply", "--db", str(database))
    assert completed.returncode == 0, completed.stderr
    assert "updated web/package.json" in completed.stderr
    assert (repo / "web/package.json").read_text() == PACKAGE_JSON.replace('"^4.17.20"', '"^4.17.21"')
    assert "npm install" in completed.stderr
    again = run_cli("fix", str(repo), "--db", str(database))
    assert again.stdout == "", "after the fix the manifest already asks for the safe version"
