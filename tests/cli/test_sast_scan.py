"""`pavedroad scan` with the SAST analyzer, from the user's side: findings with traces, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import active_rules, make_repo, run_cli, scan_json

VIEWS = """from flask import Flask, request

from app.db import find_user

app = Flask(__name__)


@app.route("/user")
def user():
    name = request.args.get("name")
    return str(find_user(name))
"""

DB = """import sqlite3


def find_user(name):
    cursor = sqlite3.connect("app.db").cursor()
    cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
    return cursor.fetchone()
"""


def test_cross_module_flow_is_reported_with_its_trace_in_sarif(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"app/__init__.py": "", "app/views.py": VIEWS, "app/db.py": DB})
    code, document = scan_json(str(repo), "--analyzers", "sast", "--mode", "enforce")
    assert code == 1
    assert active_rules(document) == [("sast/python-sql-injection", "app/db.py", 6)]
    [finding] = document["findings"]
    assert finding["cwe"] == ["CWE-89"]
    steps = [(step["location"]["path"], step["location"]["start_line"]) for step in finding["trace"]]
    assert steps[0] == ("app/views.py", 10) and steps[-1] == ("app/db.py", 6)
    sarif = json.loads(run_cli("scan", str(repo), "--analyzers", "sast", "--format", "sarif").stdout)
    [result] = sarif["runs"][0]["results"]
    flow = result["codeFlows"][0]["threadFlows"][0]["locations"]
    assert len(flow) == len(steps)
    rule = next(r for r in sarif["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "sast/python-sql-injection")
    assert "external/cwe/cwe-89" in rule["properties"]["tags"]


def test_parameterised_query_is_not_reported(tmp_path: Path) -> None:
    safe = DB.replace(
        "\"SELECT * FROM users WHERE name = '%s'\" % name", '"SELECT * FROM users WHERE name = ?", (name,)'
    )
    repo = make_repo(tmp_path / "repo", {"app/__init__.py": "", "app/views.py": VIEWS, "app/db.py": safe})
    code, document = scan_json(str(repo), "--analyzers", "sast", "--mode", "enforce")
    assert (code, document["findings"], document["errors"]) == (0, [], [])


def test_bad_python_is_an_error_naming_file_and_line_and_the_rest_is_analysed(tmp_path: Path) -> None:
    deep = "x = " + "+".join(["'a'"] * 5000) + "\n"
    nested = "y = " + "(" * 300 + "1" + ")" * 300 + "\n"
    repo = make_repo(
        tmp_path / "repo",
        {
            "app/__init__.py": "",
            "app/views.py": VIEWS,
            "app/db.py": DB,
            "legacy/py2.py": 'print "hello"\n',
            "partial.py": "def broken(:\n    pass\n",
            "generated/deep.py": deep,
            "generated/nested.py": nested,
            "latin1.py": "# -*- coding: latin-1 -*-\nNAME = 'caf\xe9'\n".encode("latin-1"),
            "cycle/a.py": "from cycle.b import g\n\n\ndef f(x):\n    return g(x)\n",
            "cycle/b.py": "from cycle.a import f\n\n\ndef g(x):\n    return f(x)\n",
            "meta.py": "import functools\n\n\n@functools.lru_cache\n"
            "def handler(request):\n    return globals()['x'](request)\n",
        },
    )
    code, document = scan_json(str(repo), "--analyzers", "sast")
    assert code == 2
    errors = {error["path"]: (error.get("line"), error["message"]) for error in document["errors"]}
    assert set(errors) <= {"legacy/py2.py", "partial.py", "generated/deep.py", "generated/nested.py"}
    assert errors["legacy/py2.py"][0] == 1 and "not valid Python 3" in errors["legacy/py2.py"][1]
    assert errors["partial.py"][0] == 1
    assert active_rules(document) == [("sast/python-sql-injection", "app/db.py", 6)]


def test_a_ten_megabyte_generated_module(tmp_path: Path) -> None:
    lines = [f"VALUE_{index} = {{'key': {index}, 'name': 'item-{index}'}}\n" for index in range(250_000)]
    repo = make_repo(
        tmp_path / "repo",
        {"big_generated.py": "".join(lines), "app/__init__.py": "", "app/views.py": VIEWS, "app/db.py": DB},
    )
    code, document = scan_json(str(repo), "--analyzers", "sast", "--max-file-size", str(20 * 1024 * 1024))
    assert (code, document["errors"], document["skipped"]) == (0, [], [])
    assert active_rules(document) == [("sast/python-sql-injection", "app/db.py", 6)]


def test_a_stray_latin1_byte_in_a_comment_is_still_analysed(tmp_path: Path) -> None:
    source = (
        b"import os\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        b'@app.route("/ping")\ndef ping():\n    # caf\xe9: a latin-1 byte CPython accepts in a comment\n'
        b'    return str(os.system("ping " + request.args["host"]))\n'
    )
    repo = make_repo(tmp_path / "repo", {"app.py": source})
    code, document = scan_json(str(repo), "--analyzers", "sast")
    assert code == 0 and document["errors"] == []
    assert ("sast/python-command-injection", "app.py", 10) in active_rules(document)


def test_javascript_the_engine_skips_is_listed_with_the_reason_in_the_report(tmp_path: Path) -> None:
    not_javascript = "<?php\n" + "echo $_GET['x'] ?> <<< >>> @@@ ### ;;;\n" * 40
    repo = make_repo(tmp_path / "repo", {"legacy.js": not_javascript, "ok.js": "module.exports = 1;\n"})
    code, document = scan_json(str(repo), "--analyzers", "sast")
    assert code == 0 and document["errors"] == [] and document["warnings"] == []
    [skip] = [entry for entry in document["skipped"] if entry["path"] == "legacy.js"]
    assert skip["reason"].startswith("not valid javascript:")
