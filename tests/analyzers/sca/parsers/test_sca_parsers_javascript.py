"""npm, yarn and pnpm manifests and lockfiles, and installed node_modules."""

from __future__ import annotations

import json

import pytest
from sca_parser_fixtures import by_name, facts, fixture_bytes, parse_fixture, truncated

from pavedroad.analyzers.sca.parsers import parse_manifest, wants
from pavedroad.core.components import NPM

NO_PATH: tuple[str, ...] = ()

# The Express app of the fixtures: a scoped package, two versions of debug and of ms (one nested).
EXPRESS_APP = {
    ("@hapi/boom", "9.1.2", True, ("@hapi/boom",), None),
    ("@hapi/hoek", "9.2.0", False, ("@hapi/boom", "@hapi/hoek"), None),
    ("debug", "4.3.1", True, ("debug",), None),
    ("ms", "2.1.2", False, ("debug", "ms"), None),
    ("express", "4.17.1", True, ("express",), None),
    ("cookie", "0.4.0", False, ("express", "cookie"), None),
    ("debug", "2.6.9", False, ("express", "debug"), None),
    ("ms", "2.0.0", False, ("express", "debug", "ms"), None),
    # Needed by express at runtime and by supertest in development: runtime wins.
    ("methods", "1.1.2", False, ("express", "methods"), None),
    ("supertest", "6.1.3", True, ("supertest",), "dev"),
}
# pnpm installs debug 4's optional peer too.
PNPM_APP = EXPRESS_APP | {("supports-color", "8.1.1", False, ("debug", "supports-color"), None)}


def no_siblings(_: str) -> bytes | None:
    return None


def line_of(path: str, text: str) -> int:
    """The 1-based line of the first line of the fixture containing `text`."""
    lines = fixture_bytes(path).decode().splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


# --- package.json ----------------------------------------------------------------------------


def test_package_json_sections_give_scopes_and_exact_versions_pin() -> None:
    components, problems = parse_fixture("npm-v3/package.json")

    assert problems == []
    assert {(c.name, c.version, c.specifier, c.scope, c.direct) for c in components} == {
        ("@hapi/boom", "9.1.2", "9.1.2", None, True),
        ("debug", None, "^4.3.1", None, True),
        ("express", None, "^4.17.1", None, True),
        ("supertest", None, "^6.1.3", "dev", True),
    }
    assert by_name(components, "express").line == line_of("npm-v3/package.json", '"express": "^4.17.1"')
    assert by_name(components, "@hapi/boom").purl == "pkg:npm/%40hapi/boom@9.1.2"


def test_package_json_aliases_peers_and_optional() -> None:
    manifest = {
        "name": "widget",
        "dependencies": {"strip-ansi-cjs": "npm:strip-ansi@^6.0.1", "left-pad": "=1.3.0"},
        "optionalDependencies": {"fsevents": "~2.3.2"},
        "peerDependencies": {"react": ">=17"},
        "devDependencies": {"local-lib": "file:../local-lib", "broken": 7},
    }
    components, problems = parse_manifest("web/package.json", json.dumps(manifest, indent=2).encode(), no_siblings)

    assert {(c.name, c.version, c.specifier, c.scope) for c in components} == {
        ("strip-ansi", None, "npm:strip-ansi@^6.0.1", None),
        ("left-pad", "1.3.0", "=1.3.0", None),
        ("fsevents", None, "~2.3.2", "optional"),
        ("react", None, ">=17", "peer"),
        ("local-lib", None, "file:../local-lib", "dev"),
    }
    assert [(p.path, p.line) for p in problems] == [("web/package.json", 15)]


# --- package-lock.json ---------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["npm-v1", "npm-v2", "npm-v3"])
def test_package_lock_versions_give_the_same_graph(folder: str) -> None:
    components, problems = parse_fixture(f"{folder}/package-lock.json")

    assert problems == []
    assert facts(components) == EXPRESS_APP
    assert all(c.ecosystem == NPM for c in components)


@pytest.mark.parametrize("folder", ["npm-v1", "npm-v2", "npm-v3"])
def test_package_lock_hashes_purls_dependencies(folder: str) -> None:
    components, _ = parse_fixture(f"{folder}/package-lock.json")

    boom = by_name(components, "@hapi/boom")
    assert boom.purl == "pkg:npm/%40hapi/boom@9.1.2"
    assert len(boom.hashes) == 1 and boom.hashes[0].startswith("sha512-")
    assert boom.dependencies == ("@hapi/hoek",)
    assert by_name(components, "express").dependencies == ("cookie", "debug", "methods")
    assert by_name(components, "debug", "2.6.9").dependencies == ("ms",)


def test_package_lock_v3_lines_point_at_each_install_path() -> None:
    components, _ = parse_fixture("npm-v3/package-lock.json")

    path = "npm-v3/package-lock.json"
    assert by_name(components, "ms", "2.0.0").line == line_of(path, '"node_modules/express/node_modules/ms"')
    assert by_name(components, "ms", "2.1.2").line == line_of(path, '"node_modules/ms"')


def test_package_lock_v1_lines_follow_nesting() -> None:
    components, _ = parse_fixture("npm-v1/package-lock.json")

    lines = fixture_bytes("npm-v1/package-lock.json").decode().splitlines()
    nested_ms = by_name(components, "ms", "2.0.0").line
    assert nested_ms is not None
    assert lines[nested_ms - 1].strip() == '"ms": {'
    assert lines[nested_ms].strip() == '"version": "2.0.0",'


def test_package_lock_v1_without_package_json_infers_direct_packages() -> None:
    components, problems = parse_fixture("npm-v1/package-lock.json", siblings=False)

    assert problems == []
    assert {c.name for c in components if c.direct} == {"@hapi/boom", "debug", "express", "supertest"}


def test_npm_shrinkwrap_is_read_like_a_lockfile() -> None:
    components, problems = parse_manifest("npm-shrinkwrap.json", fixture_bytes("npm-v3/package-lock.json"), no_siblings)

    assert problems == []
    assert facts(components) == EXPRESS_APP


def test_package_lock_workspaces_links_and_aliases() -> None:
    lock = {
        "name": "mono",
        "lockfileVersion": 3,
        "packages": {
            "": {"name": "mono", "workspaces": ["packages/*"], "dependencies": {"lodash": "^4.17.20"}},
            "node_modules/lodash": {"version": "4.17.20", "integrity": "sha512-AAAA"},
            "node_modules/api": {"resolved": "packages/api", "link": True},
            "node_modules/strip-ansi-cjs": {"name": "strip-ansi", "version": "6.0.1", "integrity": "sha512-BBBB"},
            "packages/api": {
                "name": "api",
                "version": "0.0.1",
                "dependencies": {"strip-ansi-cjs": "npm:strip-ansi@^6"},
            },
        },
    }
    components, problems = parse_manifest("package-lock.json", json.dumps(lock, indent=2).encode(), no_siblings)

    assert problems == []
    assert facts(components) == {
        ("lodash", "4.17.20", True, ("lodash",), None),
        ("strip-ansi", "6.0.1", True, ("strip-ansi",), None),
    }


def test_truncated_package_lock_names_file_and_line() -> None:
    data = truncated("npm-v3/package-lock.json", 0.6)
    components, problems = parse_fixture("npm-v3/package-lock.json", data=data)

    assert components == []
    assert len(problems) == 1
    assert problems[0].path == "package-lock.json"
    assert problems[0].line == data.count(b"\n") + 1


def test_unknown_lockfile_version_is_reported_and_read() -> None:
    lock = json.loads(fixture_bytes("npm-v3/package-lock.json"))
    lock["lockfileVersion"] = 4
    components, problems = parse_fixture("npm-v3/package-lock.json", data=json.dumps(lock, indent=2).encode())

    assert len(problems) == 1
    assert "lockfileVersion 4" in problems[0].message
    assert facts(components) == EXPRESS_APP


def test_unparsable_npm_version_is_reported_and_the_rest_kept() -> None:
    lock = json.loads(fixture_bytes("npm-v3/package-lock.json"))
    lock["packages"]["node_modules/cookie"]["version"] = "0.4"
    components, problems = parse_fixture("npm-v3/package-lock.json", data=json.dumps(lock, indent=2).encode())

    assert len(problems) == 1
    assert problems[0].path == "package-lock.json"
    assert "'0.4'" in problems[0].message
    assert problems[0].line == next(
        number
        for number, line in enumerate(json.dumps(lock, indent=2).splitlines(), start=1)
        if '"node_modules/cookie"' in line
    )
    assert len(components) == len(EXPRESS_APP)


# --- yarn.lock --------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["yarn-classic", "yarn-berry"])
def test_yarn_lock_graph_with_direct_from_the_project(folder: str) -> None:
    components, problems = parse_fixture(f"{folder}/yarn.lock")

    assert problems == []
    assert facts(components) == EXPRESS_APP


def test_yarn_classic_hashes_and_lines() -> None:
    components, _ = parse_fixture("yarn-classic/yarn.lock")

    assert by_name(components, "debug", "2.6.9").hashes[0].startswith("sha512-")
    # cookie's entry has no integrity line: the sha1 in its resolved URL stands in.
    cookie = by_name(components, "cookie")
    assert len(cookie.hashes) == 1 and cookie.hashes[0].startswith("sha1:")
    assert by_name(components, "methods").line == line_of("yarn-classic/yarn.lock", "methods@^1.1.2, methods@~1.1.2:")


def test_yarn_berry_lines_and_no_archive_checksums() -> None:
    components, _ = parse_fixture("yarn-berry/yarn.lock")

    assert by_name(components, "ms", "2.0.0").line == line_of("yarn-berry/yarn.lock", '"ms@npm:2.0.0":')
    assert all(c.hashes == () for c in components)


def test_yarn_classic_without_package_json_infers_direct_packages() -> None:
    components, _ = parse_fixture("yarn-classic/yarn.lock", siblings=False)

    assert {c.name for c in components if c.direct} == {"@hapi/boom", "debug", "express", "supertest"}


def test_yarn_classic_stray_line_is_reported_and_reading_goes_on() -> None:
    data = fixture_bytes("yarn-classic/yarn.lock").replace(b"cookie@0.4.0:\n", b"cookie@0.4.0\n", 1)
    components, problems = parse_fixture("yarn-classic/yarn.lock", data=data)

    assert [(p.path, p.line) for p in problems][:1] == [
        ("yarn.lock", line_of("yarn-classic/yarn.lock", "cookie@0.4.0:"))
    ]
    assert {"express", "supertest", "ms"} <= {c.name for c in components}


def test_truncated_yarn_berry_keeps_entries_before_the_damage() -> None:
    whole = fixture_bytes("yarn-berry/yarn.lock")
    data = whole[: whole.index(b'"methods@npm:') + 40]
    components, problems = parse_fixture("yarn-berry/yarn.lock", data=data)

    assert len(problems) == 1
    assert problems[0].path == "yarn.lock"
    assert problems[0].message.startswith("invalid YAML")
    assert {(c.name, c.version) for c in components} == {
        ("@hapi/boom", "9.1.2"), ("@hapi/hoek", "9.2.0"), ("cookie", "0.4.0"),
        ("debug", "2.6.9"), ("debug", "4.3.1"), ("express", "4.17.1"),
    }  # fmt: skip


# --- pnpm-lock.yaml ---------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["pnpm-v6", "pnpm-v9"])
def test_pnpm_lock_graph_direct_and_scopes(folder: str) -> None:
    components, problems = parse_fixture(f"{folder}/pnpm-lock.yaml")

    assert problems == []
    assert facts(components) == PNPM_APP


@pytest.mark.parametrize("folder", ["pnpm-v6", "pnpm-v9"])
def test_pnpm_lock_hashes_and_lines(folder: str) -> None:
    components, _ = parse_fixture(f"{folder}/pnpm-lock.yaml")

    debug = by_name(components, "debug", "4.3.1")
    assert debug.hashes[0].startswith("sha512-")
    assert debug.dependencies == ("ms", "supports-color")
    key = "/debug@4.3.1(supports-color@8.1.1):" if folder == "pnpm-v6" else "  debug@4.3.1:"
    assert debug.line == line_of(f"{folder}/pnpm-lock.yaml", key)


def test_pnpm_v5_ids_and_workspace_importers() -> None:
    data = b"""lockfileVersion: 5.4

importers:

  packages/api:
    specifiers:
      lodash: ^4.17.21
      shared: workspace:*
    dependencies:
      lodash: 4.17.21
      shared: link:../shared
    devDependencies: {}

packages:

  /lodash/4.17.21:
    resolution: {integrity: sha512-CCCC}
    dev: false
"""
    components, problems = parse_manifest("pnpm-lock.yaml", data, no_siblings)

    assert problems == []
    assert facts(components) == {("lodash", "4.17.21", True, ("lodash",), None)}


def test_pnpm_unknown_version_and_alias_bomb() -> None:
    components, problems = parse_manifest("pnpm-lock.yaml", b"lockfileVersion: '42.0'\npackages: {}\n", no_siblings)
    assert components == []
    assert [p.message for p in problems] == ["unknown pnpm lockfileVersion '42.0'; read as version 9"]

    bomb = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]\n"
    components, problems = parse_manifest("pnpm-lock.yaml", bomb.encode(), no_siblings)
    assert components == []
    assert len(problems) == 1
    assert "aliases" in problems[0].message
    assert problems[0].line is not None


# --- installed node_modules --------------------------------------------------------------------


def test_installed_package_json_is_one_package() -> None:
    data = json.dumps(
        {
            "name": "@hapi/boom",
            "description": "HTTP-friendly error objects",
            "version": "9.1.2",
            "license": "BSD-3-Clause",
            "dependencies": {"@hapi/hoek": "9.x.x"},
            "devDependencies": {"@hapi/code": "8.x.x"},
        },
        indent=2,
    ).encode()
    [component], problems = parse_manifest("app/node_modules/@hapi/boom/package.json", data, no_siblings)

    assert problems == []
    assert (component.name, component.version, component.direct, component.licenses, component.dependencies) == (
        "@hapi/boom",
        "9.1.2",
        False,
        ("BSD-3-Clause",),
        ("@hapi/hoek",),
    )
    assert component.line == 4


def test_package_json_files_deeper_inside_node_modules_are_not_manifests() -> None:
    assert wants("node_modules/express/package.json")
    assert wants("node_modules/express/node_modules/debug/package.json")
    assert not wants("node_modules/esm-lib/dist/esm/package.json")
    assert not wants("node_modules/some-lib/test/fixtures/package-lock.json")
    assert wants("package.json") and wants("web/package-lock.json")
