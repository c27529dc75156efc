"""The parser table: which files are read, size limits, and damaged input never stopping a scan."""

from __future__ import annotations

import json

import pytest
from sca_parser_fixtures import FIXTURES, sibling_reader

from pavedroad.analyzers.sca.parsers import MAX_MANIFEST_BYTES, PARSERS, parse_manifest, parser_for, wants
from pavedroad.core.components import CRATES_IO, GO, MAVEN, NPM, NUGET, PACKAGIST, PYPI, RUBYGEMS, ParseProblem


def no_siblings(_: str) -> bytes | None:
    return None


@pytest.mark.parametrize(
    ("path", "ecosystem"),
    [
        ("requirements.txt", PYPI),
        ("requirements-dev.txt", PYPI),
        ("dev-requirements.txt", PYPI),
        ("requirements/prod.txt", PYPI),
        ("app/requirements/base.in", PYPI),
        ("constraints.txt", PYPI),
        ("pyproject.toml", PYPI),
        ("Pipfile", PYPI),
        ("Pipfile.lock", PYPI),
        ("setup.py", PYPI),
        ("setup.cfg", PYPI),
        ("poetry.lock", PYPI),
        ("uv.lock", PYPI),
        ("pdm.lock", PYPI),
        ("venv/lib/python3.11/site-packages/Django-3.2.dist-info/METADATA", PYPI),
        ("lib/six-1.16.0-py3.9.egg-info/PKG-INFO", PYPI),
        ("web/package.json", NPM),
        ("package-lock.json", NPM),
        ("npm-shrinkwrap.json", NPM),
        ("yarn.lock", NPM),
        ("pnpm-lock.yaml", NPM),
        ("node_modules/@scope/pkg/package.json", NPM),
        ("go.mod", GO),
        ("go.sum", GO),
        ("Cargo.lock", CRATES_IO),
        ("Gemfile.lock", RUBYGEMS),
        ("gems.locked", RUBYGEMS),
        ("composer.lock", PACKAGIST),
        ("pom.xml", MAVEN),
        ("gradle.lockfile", MAVEN),
        ("src/App/App.csproj", NUGET),
        ("src/App/packages.lock.json", NUGET),
        ("packages.config", NUGET),
    ],
)
def test_each_manifest_name_has_one_parser(path: str, ecosystem: str) -> None:
    entry = parser_for(path)

    assert entry is not None
    assert entry.ecosystem == ecosystem
    assert wants(path)


@pytest.mark.parametrize(
    "path",
    [
        "README.md",
        "MANIFEST.in",
        "requirements.md",
        "src/package.py",
        "Gemfile",
        "composer.json",
        "Cargo.toml",
        "x.lock",
    ],
)
def test_other_files_are_not_wanted_and_parse_to_nothing(path: str) -> None:
    assert not wants(path)
    assert parse_manifest(path, b"anything", no_siblings) == ([], [])


def test_inside_installed_environments_only_package_metadata_is_read() -> None:
    site = ".venv/lib/python3.11/site-packages"
    assert wants(f"{site}/jupyterlab-4.0.0.dist-info/METADATA")
    assert not wants(f"{site}/jupyterlab/staging/package.json")
    assert not wants(f"{site}/somepkg/requirements.txt")
    assert not wants("web/node_modules/left-pad/requirements.txt")


def test_every_parser_entry_is_reachable() -> None:
    for entry in PARSERS:
        for pattern in entry.patterns:
            example = pattern.replace("@*", "@scope").replace("*", "example")
            assert parser_for(example) is entry, pattern


def test_files_over_the_size_limit_are_refused_unread() -> None:
    data = b"django==3.2.0\n" + b"#" * MAX_MANIFEST_BYTES

    components, problems = parse_manifest("requirements.txt", data, no_siblings)

    assert components == []
    assert len(problems) == 1
    assert problems[0].path == "requirements.txt"
    assert "larger than 50 MB" in problems[0].message


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (
            "package-lock.json",
            b'{"lockfileVersion": 3, "packages": {"": [], "node_modules/a": "x", "node_modules/b": {"version": 7}}}',
        ),
        (
            "package-lock.json",
            b'{"lockfileVersion": 1, "dependencies": '
            b'{"a": {"version": "1.0.0", "requires": ["b"], "dependencies": 3}}}',
        ),
        ("package.json", b"[1, 2, 3]"),
        ("composer.lock", b'{"packages": {"name": "x"}, "packages-dev": [1, {"name": 5}]}'),
        ("packages.lock.json", b'{"version": 1, "dependencies": {"net6.0": ["a"]}}'),
        ("Pipfile.lock", b'{"_meta": {"pipfile-spec": 6}, "default": {"a": "==1.0"}}'),
        ("poetry.lock", b'package = "not a list"\n[metadata]\nlock-version = "2.0"\n'),
        ("uv.lock", b'version = 1\n[[package]]\nname = "a"\nversion = "1.0"\ndependencies = ["b", 3]\nsource = "x"\n'),
        ("pdm.lock", b'[metadata]\nlock_version = "4.4"\n[[package]]\nname = "a"\nversion = "1"\ndependencies = "b"\n'),
        (
            "Cargo.lock",
            b'version = 3\n[[package]]\nname = "a"\nversion = "1.0.0"\nsource = "registry"\ndependencies = "b"\n',
        ),
        (
            "pnpm-lock.yaml",
            b"lockfileVersion: '9.0'\nimporters: [1]\n"
            b"packages: {a@1.0.0: 5}\nsnapshots: {a@1.0.0: {dependencies: [x]}}\n",
        ),
        ("yarn.lock", b'__metadata:\n  version: 6\n"a@npm:1": [1, 2]\n'),
        (
            "pyproject.toml",
            b'[project]\ndependencies = "flask"\noptional-dependencies = ["x"]\n[tool.poetry]\ndependencies = 3\n',
        ),
    ],
)
def test_wrong_shapes_are_passed_over_without_crashing(path: str, data: bytes) -> None:
    components, problems = parse_manifest(path, data, no_siblings)

    assert isinstance(components, list)
    assert all(problem.path == path for problem in problems)


FIXTURE_FILES = sorted(
    path.relative_to(FIXTURES).as_posix()
    for path in FIXTURES.rglob("*")
    if path.is_file() and path.name != ".gitignore"
)


# Read only as the sibling of a lockfile or project file, never on their own.
SIBLING_ONLY = frozenset({"composer.json", "Directory.Packages.props"})


@pytest.mark.parametrize("fixture", FIXTURE_FILES)
def test_every_fixture_is_wanted_and_parses_cleanly(fixture: str) -> None:
    folder, _, relpath = fixture.partition("/")
    if fixture.rsplit("/", 1)[-1] in SIBLING_ONLY:
        assert not wants(relpath)
        return
    components, problems = parse_manifest(relpath, (FIXTURES / fixture).read_bytes(), sibling_reader(FIXTURES / folder))

    assert wants(relpath)
    assert components
    assert problems == []
    assert all(component.purl for component in components)


@pytest.mark.parametrize("fixture", FIXTURE_FILES)
def test_damaged_fixtures_give_problems_not_crashes(fixture: str) -> None:
    folder, _, relpath = fixture.partition("/")
    data = (FIXTURES / fixture).read_bytes()
    reader = sibling_reader(FIXTURES / folder)
    for cut in range(1, 10):
        damaged = data[: len(data) * cut // 10]
        components, problems = parse_manifest(relpath, damaged, reader)
        assert all(isinstance(problem, ParseProblem) and problem.path.endswith(relpath) for problem in problems)
        assert all(component.source for component in components)
    # Bytes that are not text at all.
    components, problems = parse_manifest(relpath, bytes(range(256)) * 4, reader)
    assert isinstance(components, list)


def test_deeply_nested_json_is_a_problem_not_a_crash() -> None:
    data = (
        b'{"lockfileVersion": 1, "dependencies": '
        + b'{"a": {"version": "1.0.0", "dependencies": ' * 300
        + b"{}"
        + b"}}" * 300
        + b"}"
    )

    components, problems = parse_manifest("package-lock.json", data, no_siblings)

    assert problems
    assert all(problem.path == "package-lock.json" for problem in problems)
    assert isinstance(components, list)


def test_utf16_project_files_are_read() -> None:
    text = (
        '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n'
        '    <PackageReference Include="Dapper" Version="2.0.123" />\n'
        "  </ItemGroup>\n</Project>\n"
    )
    data = "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")

    [component], problems = parse_manifest("App.csproj", data, no_siblings)

    assert problems == []
    assert (component.name, component.version, component.line) == ("Dapper", "2.0.123", 3)


def test_yaml_versions_stay_as_written() -> None:
    data = (
        b'__metadata:\n  version: 6\n\n"odd@npm:2.10":\n  version: 2.10\n'
        b'  resolution: "odd@npm:2.10"\n  languageName: node\n  linkType: hard\n'
    )

    [component], problems = parse_manifest("yarn.lock", data, no_siblings)

    # Read as YAML's float this would be 2.1; the file says 2.10 (and it is not SemVer).
    assert component.version == "2.10"
    assert [(p.message, p.line) for p in problems] == [("unparsable npm version '2.10' for odd", 4)]


def test_json_fixture_lines_count_from_one() -> None:
    data = json.dumps({"dependencies": {"left-pad": "1.3.0"}}, indent=2).encode()

    [component], _ = parse_manifest("package.json", data, no_siblings)

    assert component.line == 3
