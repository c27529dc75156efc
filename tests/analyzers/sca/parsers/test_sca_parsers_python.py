"""Python manifests, lockfiles and installed environments, as a scan reads them."""

from __future__ import annotations

import pytest
from sca_parser_fixtures import by_name, facts, fixture_bytes, parse_fixture, truncated

from pavedroad.analyzers.sca.parsers import parse_manifest
from pavedroad.core.components import PYPI, ParseProblem

NO_PATH: tuple[str, ...] = ()


def no_siblings(_: str) -> bytes | None:
    return None


# --- requirements files -------------------------------------------------------------------


def test_requirements_follow_includes_constraints_and_keep_their_own_source() -> None:
    components, problems = parse_fixture("requirements/requirements.txt")

    assert problems == []
    assert {(c.name, c.version, c.specifier, c.source, c.line) for c in components} == {
        ("django", "3.2.0", "==3.2.0", "requirements/base.txt", 2),
        ("djangorestframework", "3.12.4", "==3.12.4", "requirements/base.txt", 5),
        ("psycopg2-binary", None, "<2.9,>=2.8", "requirements/base.txt", 6),
        ("celery", "5.0.5", "==5.0.5", "requirements/base.txt", 7),
        # Unpinned here, pinned by `-c constraints.txt`.
        ("pytz", "2021.1", None, "requirements/base.txt", 8),
        ("importlib-metadata", "4.0.1", '==4.0.1; python_version < "3.8"', "requirements/base.txt", 9),
        ("gunicorn", "20.1.0", "==20.1.0", "requirements/prod.txt", 3),
        ("sentry-sdk", "1.1.0", "==1.1.0", "requirements/prod.txt", 4),
        (
            "django-health",
            None,
            "@ git+https://github.com/example/django-health.git@v1.2#egg=django-health",
            "requirements/prod.txt",
            5,
        ),
    }
    assert all(c.direct and c.dependency_path == NO_PATH and c.scope is None for c in components)
    assert all(c.ecosystem == PYPI for c in components)


def test_requirement_hashes_and_purls() -> None:
    components, _ = parse_fixture("requirements/requirements.txt")

    django = by_name(components, "django")
    assert len(django.hashes) == 2
    assert all(value.startswith("sha256:") and len(value) == 71 for value in django.hashes)
    assert django.purl == "pkg:pypi/django@3.2.0"
    assert by_name(components, "psycopg2-binary").purl == "pkg:pypi/psycopg2-binary"
    assert by_name(components, "gunicorn").hashes == ()


def test_dev_requirements_are_dev_scope_and_include_cycles_end() -> None:
    # dev.txt includes itself; `-e .` and a nameless local path are the project, not packages.
    components, problems = parse_fixture("requirements/requirements/dev.txt")

    assert problems == []
    assert {(c.name, c.version, c.scope) for c in components} == {
        ("django", "3.2.0", None),
        ("djangorestframework", "3.12.4", None),
        ("psycopg2-binary", None, None),
        ("celery", "5.0.5", None),
        ("pytz", "2021.1", None),
        ("importlib-metadata", "4.0.1", None),
        ("pytest", "6.2.4", "dev"),
        ("pytest-django", None, "dev"),
    }


def test_bad_requirement_lines_are_reported_and_the_rest_is_read() -> None:
    data = (
        b"Django==3.2.0\n"
        b"requests==2.x.y\n"
        b"-r missing.txt\n"
        b"-r https://example.com/shared.txt\n"
        b"flask==1.1.2 \\\n"
        b"    --hash=sha256:0123\n"
        b"numpy @ https://files.example/numpy-1.21.0-cp39-cp39-linux_x86_64.whl\n"
        b"https://files.example/wheels/scipy-1.7.0-cp39-cp39-linux_x86_64.whl\n"
    )
    components, problems = parse_manifest("requirements.txt", data, no_siblings)

    assert {(c.name, c.version, c.line) for c in components} == {
        ("django", "3.2.0", 1),
        ("flask", "1.1.2", 5),
        ("numpy", None, 7),
        ("scipy", "1.7.0", 8),
    }
    assert by_name(components, "flask").hashes == ("sha256:0123",)
    assert [(p.path, p.line) for p in problems] == [
        ("requirements.txt", 2),
        ("requirements.txt", 3),
        ("requirements.txt", 4),
    ]
    assert "2.x.y" in problems[0].message
    assert "missing.txt" in problems[1].message


def test_an_include_outside_the_scan_root_is_not_read() -> None:
    read: list[str] = []

    def read_sibling(path: str) -> bytes | None:
        read.append(path)
        return b"django==3.2.0\n"

    components, problems = parse_manifest("requirements.txt", b"-r ../../etc/secrets.txt\n", read_sibling)

    assert components == []
    assert read == []
    assert problems == [ParseProblem("requirements.txt", "cannot read included file '../../etc/secrets.txt'", 1)]


# --- pyproject.toml, Pipfile, setup.cfg, setup.py -----------------------------------------


def test_pep621_pyproject_dependencies_extras_and_groups() -> None:
    components, problems = parse_fixture("pyproject/pyproject.toml")

    assert problems == []
    assert {(c.name, c.version, c.specifier, c.scope, c.line) for c in components} == {
        ("django", None, "<4,>=3.2", None, 10),
        ("celery", "5.0.5", "==5.0.5", None, 11),
        ("requests", None, "@ https://github.com/psf/requests/archive/v2.25.1.zip", None, 12),
        ("boto3", "1.17.0", "==1.17.0", "optional", 16),
        ("pytest", None, ">=6", "dev", 19),
        ("ruff", "0.4.0", "==0.4.0", "dev", 20),
    }
    assert all(c.direct for c in components)


def test_poetry_pyproject_dependencies_and_groups() -> None:
    components, problems = parse_fixture("poetry/pyproject.toml")

    assert problems == []
    assert {(c.name, c.version, c.specifier, c.scope, c.line) for c in components} == {
        ("djangorestframework", "3.12.4", "3.12.4", None, 9),
        ("requests", None, "^2.25", None, 10),
        ("pytest", None, "^6.2", "dev", 13),
    }
    assert all(c.direct and c.dependency_path == NO_PATH for c in components)


def test_pipfile_packages_and_dev_packages() -> None:
    components, problems = parse_fixture("pipenv/Pipfile")

    assert problems == []
    assert {(c.name, c.version, c.scope, c.line) for c in components} == {
        ("flask", "1.1.2", None, 7),
        ("requests", None, None, 8),
        ("pytest", None, "dev", 11),
    }
    assert all(c.direct and c.dependency_path == NO_PATH for c in components)


def test_setup_cfg_install_requires_and_extras() -> None:
    data = (
        b"[metadata]\nname = legacy-app\n\n"
        b"[options]\npackages = find:\ninstall_requires =\n    requests>=2.20\n    PyYAML==5.3.1\n\n"
        b"[options.extras_require]\nredis = redis==3.5.3\n"
    )
    components, problems = parse_manifest("setup.cfg", data, no_siblings)

    assert problems == []
    assert {(c.name, c.version, c.scope, c.line) for c in components} == {
        ("requests", None, None, 7),
        ("pyyaml", "5.3.1", None, 8),
        ("redis", "3.5.3", "optional", 11),
    }


def test_setup_py_literals_are_read_and_nothing_is_run() -> None:
    data = b"""import os
from setuptools import setup

os.system("touch /tmp/pavedroad-was-executed")
EXTRA = ["computed==1.0"]

setup(
    name="legacy",
    install_requires=[
        "requests==2.22.0",
        "click>=7",
    ] + EXTRA,
    extras_require={"yaml": ["PyYAML==5.1"], "dynamic": EXTRA},
)
"""
    components, problems = parse_manifest("setup.py", data, no_siblings)

    assert problems == []
    # `[...] + EXTRA` is not a literal list: only a bare literal is read.
    assert {(c.name, c.version, c.scope, c.line) for c in components} == {("pyyaml", "5.1", "optional", 13)}


def test_setup_py_with_literal_list() -> None:
    data = b'from setuptools import setup\nsetup(name="x", install_requires=["requests==2.22.0", "click>=7"])\n'
    components, _ = parse_manifest("setup.py", data, no_siblings)

    assert {(c.name, c.version, c.line) for c in components} == {("requests", "2.22.0", 2), ("click", None, 2)}


def test_setup_py_syntax_error_names_its_line() -> None:
    components, problems = parse_manifest("pkg/setup.py", b"from setuptools import setup\nsetup(\n", no_siblings)

    assert components == []
    assert len(problems) == 1
    assert problems[0].path == "pkg/setup.py"
    assert problems[0].line == 2


def test_invalid_pyproject_names_file_and_line() -> None:
    components, problems = parse_manifest(
        "svc/pyproject.toml", b'[project]\nname = "x"\ndependencies = [\n', no_siblings
    )

    assert components == []
    assert len(problems) == 1
    assert problems[0].path == "svc/pyproject.toml"
    assert problems[0].message.startswith("invalid TOML")
    assert problems[0].line == 4


# --- poetry.lock ----------------------------------------------------------------------------


POETRY_FACTS = {
    ("djangorestframework", "3.12.4", True, ("djangorestframework",), None),
    ("django", "3.2.0", False, ("djangorestframework", "django"), None),
    ("asgiref", "3.3.4", False, ("djangorestframework", "django", "asgiref"), None),
    ("pytz", "2021.1", False, ("djangorestframework", "django", "pytz"), None),
    ("sqlparse", "0.4.1", False, ("djangorestframework", "django", "sqlparse"), None),
    ("requests", "2.25.1", True, ("requests",), None),
    ("certifi", "2020.12.5", False, ("requests", "certifi"), None),
    ("chardet", "4.0.0", False, ("requests", "chardet"), None),
    ("idna", "2.10", False, ("requests", "idna"), None),
    ("urllib3", "1.26.4", False, ("requests", "urllib3"), None),
    ("pytest", "6.2.4", True, ("pytest",), "dev"),
    ("attrs", "21.2.0", False, ("pytest", "attrs"), "dev"),
    ("iniconfig", "1.1.1", False, ("pytest", "iniconfig"), "dev"),
    ("packaging", "20.9", False, ("pytest", "packaging"), "dev"),
    ("pluggy", "0.13.1", False, ("pytest", "pluggy"), "dev"),
    ("pyparsing", "2.4.7", False, ("pytest", "packaging", "pyparsing"), "dev"),
}


def test_poetry_lock_direct_from_pyproject_with_paths_and_scopes() -> None:
    components, problems = parse_fixture("poetry/poetry.lock")

    assert problems == []
    assert facts(components) == POETRY_FACTS


def test_poetry_lock_hashes_lines_graph_and_purls() -> None:
    components, _ = parse_fixture("poetry/poetry.lock")

    django = by_name(components, "django")
    assert django.line == 48
    assert django.purl == "pkg:pypi/django@3.2.0"
    assert len(django.hashes) == 2 and django.hashes[0].startswith("sha256:")
    assert django.dependencies == ("asgiref", "pytz", "sqlparse")
    assert by_name(components, "pyparsing").line == 125


def test_poetry_lock_without_pyproject_takes_unrequired_packages_as_direct() -> None:
    components, problems = parse_fixture("poetry/poetry.lock", siblings=False)

    assert problems == []
    direct = {c.name for c in components if c.direct}
    assert direct == {"djangorestframework", "requests", "pytest"}
    # Without the pyproject there is no way to know pytest is a dev dependency.
    assert by_name(components, "pyparsing").scope is None


def test_legacy_poetry_lock_categories_and_metadata_hashes() -> None:
    data = b"""[[package]]
name = "Flask"
version = "1.1.2"
description = "A simple framework for building complex web applications."
category = "main"
optional = false
python-versions = ">=2.7"

[package.dependencies]
click = ">=5.1"

[[package]]
name = "click"
version = "7.1.2"
category = "main"
optional = false
python-versions = "*"

[[package]]
name = "pytest"
version = "6.2.4"
category = "dev"
optional = false
python-versions = ">=3.6"

[metadata]
lock-version = "1.1"
python-versions = "^3.8"
content-hash = "abc"

[metadata.files]
flask = [
    {file = "Flask-1.1.2-py2.py3-none-any.whl", hash = "sha256:HASH"},
]
""".replace(b"HASH", b"8a4fdd8936eba2512e9c85df320a37e694c93945b33ef33c89946a340a238557")
    components, problems = parse_manifest("poetry.lock", data, no_siblings)

    assert problems == []
    assert facts(components) == {
        ("flask", "1.1.2", True, ("flask",), None),
        ("click", "7.1.2", False, ("flask", "click"), None),
        ("pytest", "6.2.4", True, ("pytest",), "dev"),
    }
    assert by_name(components, "flask").hashes == (
        "sha256:8a4fdd8936eba2512e9c85df320a37e694c93945b33ef33c89946a340a238557",
    )


def test_truncated_poetry_lock_reports_the_line_and_keeps_complete_packages() -> None:
    whole = fixture_bytes("poetry/poetry.lock")
    data = whole[: whole.index(b'name = "packaging"') + len(b'name = "pack')]  # cut inside a string
    components, problems = parse_fixture("poetry/poetry.lock", data=data)

    assert len(problems) == 1
    assert problems[0].path == "poetry.lock"
    assert problems[0].message.startswith("invalid TOML")
    assert problems[0].line == data.count(b"\n") + 1
    assert {c.name for c in components} == {
        "asgiref", "attrs", "certifi", "chardet", "django", "djangorestframework", "idna", "iniconfig",
    }  # fmt: skip


def test_poetry_lock_cut_between_entries_says_it_may_be_incomplete() -> None:
    whole = fixture_bytes("poetry/poetry.lock")
    data = whole[: whole.index(b'[[package]]\nname = "packaging"')]
    components, problems = parse_fixture("poetry/poetry.lock", data=data)

    assert len(problems) == 1
    assert "may be incomplete" in problems[0].message
    assert len(components) == 8


def test_poetry_lock_unknown_version_and_unparsable_version() -> None:
    data = fixture_bytes("poetry/poetry.lock").replace(b'lock-version = "2.0"', b'lock-version = "9.9"')
    data = data.replace(b'name = "sqlparse"\nversion = "0.4.1"', b'name = "sqlparse"\nversion = "zero point four"')
    components, problems = parse_fixture("poetry/poetry.lock", data=data)

    assert [(p.path, p.line) for p in problems] == [("poetry.lock", None), ("poetry.lock", 181)]
    assert "9.9" in problems[0].message
    assert "zero point four" in problems[1].message
    assert by_name(components, "sqlparse").version == "zero point four"
    assert len(components) == len(POETRY_FACTS)


# --- Pipfile.lock -----------------------------------------------------------------------------


def test_pipfile_lock_default_and_develop_with_direct_from_pipfile() -> None:
    components, problems = parse_fixture("pipenv/Pipfile.lock")

    assert problems == []
    assert facts(components) == {
        ("click", "7.1.2", False, NO_PATH, None),
        ("flask", "1.1.2", True, NO_PATH, None),
        ("jinja2", "2.11.3", False, NO_PATH, None),
        ("markupsafe", "1.1.1", False, NO_PATH, None),
        ("requests", "2.25.1", True, NO_PATH, None),
        ("urllib3", "1.26.4", False, NO_PATH, None),
        ("iniconfig", "1.1.1", False, NO_PATH, "dev"),
        ("pytest", "6.2.4", True, NO_PATH, "dev"),
    }
    flask = by_name(components, "flask")
    assert len(flask.hashes) == 2
    assert flask.line is not None
    assert fixture_bytes("pipenv/Pipfile.lock").splitlines()[flask.line - 1].strip() == b'"flask": {'


def test_pipfile_lock_without_pipfile_marks_nothing_direct() -> None:
    components, _ = parse_fixture("pipenv/Pipfile.lock", siblings=False)

    assert not any(c.direct for c in components)


def test_truncated_pipfile_lock_names_file_and_line() -> None:
    components, problems = parse_fixture("pipenv/Pipfile.lock", data=truncated("pipenv/Pipfile.lock"))

    assert components == []
    assert len(problems) == 1
    assert problems[0].path == "Pipfile.lock"
    assert problems[0].message.startswith("invalid JSON")
    assert problems[0].line == len(truncated("pipenv/Pipfile.lock").splitlines())


# --- uv.lock -----------------------------------------------------------------------------------


def test_uv_lock_project_entry_gives_direct_dependencies_and_scopes() -> None:
    components, problems = parse_fixture("uv/uv.lock")

    assert problems == []
    assert facts(components) == {
        ("httpx", "0.27.0", True, ("httpx",), None),
        ("anyio", "4.4.0", False, ("httpx", "anyio"), None),
        ("certifi", "2024.7.4", False, ("httpx", "certifi"), None),
        ("httpcore", "1.0.5", False, ("httpx", "httpcore"), None),
        ("idna", "3.7", False, ("httpx", "idna"), None),
        ("sniffio", "1.3.1", False, ("httpx", "sniffio"), None),
        ("h11", "0.14.0", False, ("httpx", "httpcore", "h11"), None),
        ("click", "8.1.7", True, ("click",), "optional"),
        ("pytest", "8.2.2", True, ("pytest",), "dev"),
        ("iniconfig", "2.0.0", False, ("pytest", "iniconfig"), "dev"),
        ("packaging", "24.1", False, ("pytest", "packaging"), "dev"),
        ("pluggy", "1.5.0", False, ("pytest", "pluggy"), "dev"),
    }
    httpx = by_name(components, "httpx")
    assert len(httpx.hashes) == 2
    assert httpx.dependencies == ("anyio", "certifi", "httpcore", "idna", "sniffio")


def test_uv_lock_unknown_version_is_reported_and_read() -> None:
    data = fixture_bytes("uv/uv.lock").replace(b"version = 1\n", b"version = 7\n", 1)
    components, problems = parse_fixture("uv/uv.lock", data=data)

    assert [(p.path, p.line) for p in problems] == [("uv.lock", 1)]
    assert len(components) == 12


# --- pdm.lock -----------------------------------------------------------------------------------


def test_pdm_lock_groups_and_direct_from_pyproject() -> None:
    components, problems = parse_fixture("pdm/pdm.lock")

    assert problems == []
    assert facts(components) == {
        ("fastapi", "0.111.0", True, ("fastapi",), None),
        ("pydantic", "2.7.4", False, ("fastapi", "pydantic"), None),
        ("starlette", "0.37.2", False, ("fastapi", "starlette"), None),
        ("typing-extensions", "4.12.2", False, ("fastapi", "typing-extensions"), None),
        ("annotated-types", "0.7.0", False, ("fastapi", "pydantic", "annotated-types"), None),
        ("pydantic-core", "2.18.4", False, ("fastapi", "pydantic", "pydantic-core"), None),
        ("pytest", "8.2.2", True, ("pytest",), "dev"),
        ("iniconfig", "2.0.0", False, ("pytest", "iniconfig"), "dev"),
        ("pluggy", "1.5.0", False, ("pytest", "pluggy"), "dev"),
    }
    assert by_name(components, "fastapi").line == 22


# --- installed environments --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "site-packages/Django-3.2.dist-info/METADATA",
            ("django", "3.2", ("BSD-3-Clause",), ("asgiref", "pytz", "sqlparse"), "pkg:pypi/django@3.2"),
        ),
        (
            "site-packages/requests-2.25.1.dist-info/METADATA",
            (
                "requests",
                "2.25.1",
                ("Apache-2.0",),
                ("chardet", "idna", "urllib3", "certifi"),
                "pkg:pypi/requests@2.25.1",
            ),
        ),
        (
            "site-packages/six-1.16.0-py3.9.egg-info/PKG-INFO",
            ("six", "1.16.0", ("MIT",), (), "pkg:pypi/six@1.16.0"),
        ),
    ],
)
def test_installed_distribution_metadata(path: str, expected: tuple[object, ...]) -> None:
    components, problems = parse_fixture(path)

    assert problems == []
    [component] = components
    assert (component.name, component.version, component.licenses, component.dependencies, component.purl) == expected
    assert component.direct is False
    assert component.line == 2
    assert component.source == path.partition("/")[2]


def test_metadata_without_a_version_is_a_problem() -> None:
    components, problems = parse_manifest(
        "lib/x-1.0.dist-info/METADATA", b"Metadata-Version: 2.1\nName: x\n", no_siblings
    )

    assert components == []
    assert problems == [
        ParseProblem("lib/x-1.0.dist-info/METADATA", "no Name or Version header in package metadata", 1)
    ]


def test_license_expression_wins_over_classifiers() -> None:
    data = (
        b"Metadata-Version: 2.4\nName: demo\nVersion: 1.0\nLicense-Expression: MIT OR Apache-2.0\n"
        b"Classifier: License :: OSI Approved :: BSD License\n"
    )
    [component], _ = parse_manifest("demo-1.0.dist-info/METADATA", data, no_siblings)

    assert component.licenses == ("MIT OR Apache-2.0",)
