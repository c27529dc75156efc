"""The JavaScript/TypeScript engine from the user's side: what is parsed with which grammar, what is
skipped and why, bad input that must not crash, and `pavedroad scan` output with its trace."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import active_rules, make_repo, scan_json
from sast_corpus import targets

from pavedroad.analyzers.sast.analyzer import SastAnalyzer
from pavedroad.analyzers.sast.javascript.parse import MAX_BYTES, grammar_for
from pavedroad.core.analyzer import AnalysisContext, ProjectOutcome

EXPRESS_APP = """const express = require("express");
const { lookup } = require("./lib/users");

const app = express();

app.get("/users", async (req, res) => {
  const name = req.query.name;
  res.json(await lookup(name));
});

app.listen(3000);
"""
USERS = """const mysql = require("mysql2/promise");

const pool = mysql.createPool({ host: "db" });

async function lookup(name) {
  const [rows] = await pool.query(`SELECT * FROM users WHERE name = '${name}'`);
  return rows;
}

module.exports = { lookup };
"""


def scan(root: Path, files: dict[str, str | bytes]) -> ProjectOutcome:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return SastAnalyzer().analyze_project(targets(root), AnalysisContext(str(root)))


def found(outcome: ProjectOutcome) -> set[tuple[str, str, int]]:
    return {(f.rule_id, f.location.path, f.location.start_line) for f in outcome.findings}


@pytest.mark.parametrize(
    ("name", "grammar"),
    [
        ("app.js", "javascript"),
        ("lib/esm.mjs", "javascript"),
        ("config.cjs", "javascript"),
        ("View.jsx", "javascript"),
        ("api/route.ts", "typescript"),
        ("Page.tsx", "tsx"),
        ("types/global.d.ts", None),
        ("script.py", None),
    ],
)
def test_grammar_follows_the_extension(name: str, grammar: str | None) -> None:
    assert grammar_for(name) == grammar


def test_a_syntax_error_elsewhere_does_not_hide_a_finding(tmp_path: Path) -> None:
    source = """const { exec } = require("child_process");
const path = require("path");

const SIZES = { small: "64x64", large: "512x512" };

function broken( {
  return 1 +;
}

function target(name) {
  return path.join("/srv/thumbs", path.basename(name));
}

module.exports = (req, res) => {
  exec("convert " + req.query.file + " -resize " + SIZES.small + " " + target(req.query.file));
  res.json({ ok: true });
};
"""
    outcome = scan(tmp_path, {"handler.js": source})
    assert found(outcome) == {("sast/js-command-injection", "handler.js", 15)}
    assert (outcome.issues, outcome.notes) == ([], [])


def test_a_file_that_is_mostly_not_javascript_is_skipped_with_the_reason(tmp_path: Path) -> None:
    not_javascript = "<?php\n" + "echo $_GET['x'] ?> <<< >>> @@@ ### ;;;\n" * 40
    outcome = scan(tmp_path, {"legacy.js": not_javascript})
    assert outcome.findings == [] and outcome.issues == [] and outcome.notes == []
    [skip] = outcome.skipped
    assert skip.path == "legacy.js"
    assert skip.reason.startswith("not valid javascript:") and "of its lines do not parse" in skip.reason


def test_a_huge_generated_file_is_skipped_before_parsing(tmp_path: Path) -> None:
    line = b'eval(req.query.code); var generated_value_0000000000 = "xxxxxxxxxxxxxxxxxxxxxxxx";\n'
    outcome = scan(tmp_path, {"dist/bundle.js": line * (MAX_BYTES // len(line) + 1)})
    assert outcome.findings == [] and outcome.issues == [] and outcome.notes == []
    assert [(skip.path, skip.reason) for skip in outcome.skipped] == [
        ("dist/bundle.js", "larger than 2 MB: generated or bundled code is not analysed")
    ]


def test_deeply_nested_expressions_are_an_error_naming_the_file_not_a_crash(tmp_path: Path) -> None:
    deep = "const total = " + " + ".join(["req.query.a"] * 6000) + ";\n"
    outcome = scan(tmp_path, {"deep.js": deep, "ok.js": "eval(location.hash.slice(1));\n"})
    assert found(outcome) == {("sast/js-code-injection", "ok.js", 1)}
    assert [(issue.path, issue.message) for issue in outcome.issues] == [("deep.js", "too deeply nested to analyse")]


def test_tsx_with_generics_and_jsx_is_parsed_with_the_tsx_grammar(tmp_path: Path) -> None:
    component = """import { useMemo } from "react";

export function Preview<T extends { html: string }>({ item }: { item: T }): JSX.Element {
  const fragment = useMemo(() => window.location.hash.slice(1), []);
  const list: Array<string> = [fragment];
  return <section>
    <article dangerouslySetInnerHTML={{ __html: list.join("") }} />
    <p>{item.html}</p>
  </section>;
}
"""
    outcome = scan(tmp_path, {"Preview.tsx": component})
    assert found(outcome) == {("sast/js-dom-xss", "Preview.tsx", 7)}
    assert (outcome.issues, outcome.notes) == ([], [])


def test_typescript_angle_bracket_assertions_parse_in_ts_files(tmp_path: Path) -> None:
    source = """import express from "express";
import * as fs from "fs";

const app = express();
app.get("/logs", (req: express.Request, res: express.Response) => {
  const name = <string>req.query.name;
  res.send(fs.readFileSync(`/var/log/app/${name}`));
});
"""
    outcome = scan(tmp_path, {"server.ts": source})
    assert found(outcome) == {("sast/js-path-traversal", "server.ts", 7)}
    assert (outcome.issues, outcome.notes) == ([], [])


def test_javascript_rules_are_in_the_catalogue_with_language_and_cwe_tags() -> None:
    rules = {rule.id: rule for rule in SastAnalyzer().rules}
    injection = rules["sast/js-sql-injection"]
    assert injection.cwe == ("CWE-89",)
    assert "javascript" in injection.tags and "python" not in injection.tags
    assert "external/cwe/cwe-89" in injection.tags
    assert rules["sast/python-sql-injection"].tags.count("python") == 1
    assert {rule for rule in rules if rule.startswith("sast/js-")} == {
        f"sast/js-{slug}"
        for slug in (
            "command-injection", "sql-injection", "code-injection", "path-traversal", "ssrf", "xss", "dom-xss",
            "open-redirect", "nosql-injection", "prototype-pollution", "unsafe-deserialization", "regex-injection",
            "template-injection", "jwt-verification-disabled", "weak-hash-password", "insecure-random-token",
            "deprecated-cipher",
        )
    }  # fmt: skip


def test_scan_reports_the_cross_module_flow_with_its_trace_in_json(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"app.js": EXPRESS_APP, "lib/users.js": USERS, "package.json": "{}"})
    code, document = scan_json(str(repo), "--analyzers", "sast", "--mode", "enforce")
    assert code == 1
    assert active_rules(document) == [("sast/js-sql-injection", "lib/users.js", 6)]
    [finding] = document["findings"]
    assert finding["cwe"] == ["CWE-89"]
    assert finding["message"] == "req.query reaches pool.query()"
    assert [
        (step["location"]["path"], step["location"]["start_line"], step["message"]) for step in finding["trace"]
    ] == [
        ("app.js", 7, "source: req.query"),
        ("app.js", 7, "assigned to name"),
        ("app.js", 8, "passed to lookup()"),
        ("lib/users.js", 6, "reaches pool.query()"),
    ]


def test_scan_of_the_parameterised_twin_is_clean(tmp_path: Path) -> None:
    safe = USERS.replace("`SELECT * FROM users WHERE name = '${name}'`", '"SELECT * FROM users WHERE name = ?", [name]')
    repo = make_repo(tmp_path / "repo", {"app.js": EXPRESS_APP, "lib/users.js": safe})
    code, document = scan_json(str(repo), "--analyzers", "sast", "--mode", "enforce")
    assert (code, document["findings"], document["errors"]) == (0, [], [])
