"""Python manifests that declare direct dependencies: pyproject.toml, Pipfile, setup.cfg and setup.py.

pyproject.toml is read for PEP 621 `[project]` dependencies (runtime) and
optional-dependencies (scope "optional"), PEP 735 `[dependency-groups]`, Poetry's
dependency tables and groups, and PDM's and uv's dev dependencies (scope "dev").
setup.py is never run: only string literals written directly in the `setup(...)` call's
`install_requires` and `extras_require` are read from its syntax tree.
"""

from __future__ import annotations

import ast
import configparser
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from pavedroad.analyzers.sca.parsers._documents import as_list, as_table, as_text, load_toml
from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._lines import LineFinder
from pavedroad.analyzers.sca.parsers._source import ManifestError, ManifestFile
from pavedroad.analyzers.sca.parsers.python_requirements import package_from_requirement, parse_pep508
from pavedroad.core.components import PYPI, Component

MAX_SETUP_PY_CHARACTERS = 1024 * 1024


@dataclass(frozen=True, slots=True)
class DependencyTable:
    """Where a manifest declares dependencies, in which form, and the scope they get.

    `form` is "list" (a list of PEP 508 strings), "lists" (a table of such lists, one per
    extra or group), "named" (Poetry/Pipfile style: name = constraint) or "groups" (Poetry's
    `group.<name>.dependencies` tables).
    """

    keys: tuple[str, ...]
    form: str
    scope: str | None


PYPROJECT_TABLES: tuple[DependencyTable, ...] = (
    DependencyTable(("project", "dependencies"), "list", None),
    DependencyTable(("project", "optional-dependencies"), "lists", "optional"),
    DependencyTable(("dependency-groups",), "lists", "dev"),
    DependencyTable(("tool", "poetry", "dependencies"), "named", None),
    DependencyTable(("tool", "poetry", "dev-dependencies"), "named", "dev"),
    DependencyTable(("tool", "poetry", "group"), "groups", "dev"),
    DependencyTable(("tool", "pdm", "dev-dependencies"), "lists", "dev"),
    DependencyTable(("tool", "uv", "dev-dependencies"), "list", "dev"),
)
PIPFILE_TABLES: tuple[DependencyTable, ...] = (
    DependencyTable(("packages",), "named", None),
    DependencyTable(("dev-packages",), "named", "dev"),
)
# Keys of a named table that are not packages.
NOT_PACKAGES = frozenset({"python", "python_version", "python_full_version"})
# Poetry/Pipfile table keys that point somewhere other than an index, in the order tried.
LOCATION_KEYS = ("git", "path", "url", "file")

_EXACT_VERSION = re.compile(r"^(?:===?)?\s*([0-9][^\s,*^~<>=!|]*)$")


def parse_pyproject(file: ManifestFile) -> list[Component]:
    """The direct dependencies a pyproject.toml declares."""
    return _parse_declarations(file, PYPROJECT_TABLES)


def parse_pipfile(file: ManifestFile) -> list[Component]:
    """The direct dependencies a Pipfile declares ([packages] and [dev-packages])."""
    return _parse_declarations(file, PIPFILE_TABLES)


def declared_scopes(
    file: ManifestFile, sibling: str, tables: tuple[DependencyTable, ...]
) -> dict[str, str | None] | None:
    """The names a manifest beside `file` declares, with their scopes; None when there is no such file.

    Problems in the sibling are not recorded here: that file reports them when it is parsed itself.
    """
    scratch = file.sibling(sibling)
    if scratch is None:
        return None
    try:
        document = load_toml(scratch)
    except ManifestError:
        return None
    scopes: dict[str, str | None] = {}
    for package in _declared_packages(scratch, document, tables):
        if package.name not in scopes or package.scope is None:
            scopes[package.name] = package.scope
    return scopes


def optional_groups(file: ManifestFile) -> frozenset[str]:
    """The extras (optional-dependency groups) named in the pyproject.toml beside `file`."""
    scratch = file.sibling("pyproject.toml")
    if scratch is None:
        return frozenset()
    try:
        document = load_toml(scratch)
    except ManifestError:
        return frozenset()
    return frozenset(as_table(as_table(document.get("project")).get("optional-dependencies")))


def parse_setup_cfg(file: ManifestFile) -> list[Component]:
    """`install_requires` and `extras_require` from setup.cfg's [options] sections."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(file.text, source=file.path)
    except configparser.Error as error:
        line = getattr(error, "lineno", None)
        raise ManifestError(f"invalid setup.cfg: {str(error).splitlines()[0]}", line) from None
    finder = LineFinder(file.text)
    graph = PackageGraph(has_graph=False)
    requirements: list[tuple[str, str | None]] = []
    if parser.has_option("options", "install_requires"):
        requirements += [(text, None) for text in _cfg_lines(parser.get("options", "install_requires"))]
    if parser.has_section("options.extras_require"):
        for _, value in parser.items("options.extras_require"):
            requirements += [(text, "optional") for text in _cfg_lines(value)]
    for text, scope in requirements:
        _add_requirement(file, graph, text, finder.find(text), scope)
    return build_components(file, PYPI, graph)


def parse_setup_py(file: ManifestFile) -> list[Component]:
    """String literals in setup(install_requires=[...], extras_require={...}); nothing is evaluated."""
    if len(file.text) > MAX_SETUP_PY_CHARACTERS:
        raise ManifestError(f"setup.py larger than {MAX_SETUP_PY_CHARACTERS // 1024} KB; not read")
    try:
        tree = ast.parse(file.text, filename=file.path)
    except SyntaxError as error:
        raise ManifestError(f"invalid Python: {error.msg}", error.lineno) from None
    except (RecursionError, MemoryError, ValueError):
        raise ManifestError("setup.py could not be parsed (nested too deeply or not text)") from None
    graph = PackageGraph(has_graph=False)
    for call in _setup_calls(tree):
        for keyword in call.keywords:
            if keyword.arg == "install_requires":
                for text, line in _literal_strings(keyword.value):
                    _add_requirement(file, graph, text, line, None)
            elif keyword.arg == "extras_require" and isinstance(keyword.value, ast.Dict):
                for value in keyword.value.values:
                    for text, line in _literal_strings(value):
                        _add_requirement(file, graph, text, line, "optional")
    return build_components(file, PYPI, graph)


def package_from_constraint(name: str, constraint: object, line: int | None, scope: str | None) -> Package:
    """A direct package from a Poetry or Pipfile entry: "^1.2", "==1.2.3", {version=...} or {git=...}."""
    if isinstance(constraint, dict):
        if constraint.get("optional") is True and scope is None:
            scope = "optional"
        location = next((str(constraint[key]) for key in LOCATION_KEYS if key in constraint), None)
        if location is not None:
            return Package(str(canonicalize_name(name)), None, line, specifier=f"@ {location}", scope=scope)
        constraint = constraint.get("version")
    if isinstance(constraint, list):
        # Poetry's multiple-constraint form: one table per Python version or platform.
        versions = [as_text(as_table(item).get("version")) for item in constraint]
        constraint = " || ".join(version for version in versions if version)
    specifier = constraint if isinstance(constraint, str) and constraint else None
    return Package(str(canonicalize_name(name)), exact_version(specifier), line, specifier=specifier, scope=scope)


def exact_version(specifier: str | None) -> str | None:
    """The version a Poetry/Pipfile constraint pins exactly ("1.2.3", "==1.2.3"), else None."""
    if specifier is None:
        return None
    match = _EXACT_VERSION.match(specifier.strip())
    if match is None:
        return None
    try:
        Version(match.group(1))
    except InvalidVersion:
        return None
    return match.group(1)


def _parse_declarations(file: ManifestFile, tables: tuple[DependencyTable, ...]) -> list[Component]:
    document = load_toml(file)
    graph = PackageGraph(has_graph=False)
    for index, package in enumerate(_declared_packages(file, document, tables)):
        key = f"{index}"
        graph.add(key, package)
        graph.mark_direct(key, package.scope)
    return build_components(file, PYPI, graph)


def _declared_packages(
    file: ManifestFile, document: dict[str, Any], tables: tuple[DependencyTable, ...]
) -> Iterator[Package]:
    finder = LineFinder(file.text)
    for table in tables:
        value: object = document
        for key in table.keys:
            value = as_table(value).get(key)
        if value is None:
            continue
        finder.seek(_table_header(table.keys))
        if table.form == "list":
            yield from _requirement_packages(file, finder, as_list(value), table.scope)
        elif table.form == "lists":
            for requirements in as_table(value).values():
                yield from _requirement_packages(file, finder, as_list(requirements), table.scope)
        elif table.form == "named":
            yield from _named_packages(finder, as_table(value), table.scope)
        elif table.form == "groups":
            for group in as_table(value).values():
                yield from _named_packages(finder, as_table(as_table(group).get("dependencies")), table.scope)


def _requirement_packages(
    file: ManifestFile, finder: LineFinder, requirements: list[Any], scope: str | None
) -> Iterator[Package]:
    for text in requirements:
        if not isinstance(text, str):
            continue  # PEP 735 {include-group = "..."} entries name other groups, not packages.
        line = finder.find(re.compile(rf"[\"']{re.escape(text)}[\"']"))
        requirement = parse_pep508(text, file, line)
        if requirement is not None:
            yield package_from_requirement(requirement, line, scope)


def _named_packages(finder: LineFinder, table: dict[str, Any], scope: str | None) -> Iterator[Package]:
    for name, constraint in table.items():
        if name.lower() in NOT_PACKAGES:
            continue
        line = finder.find(re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=", re.MULTILINE))
        yield package_from_constraint(name, constraint, line, scope)


def _table_header(keys: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(re.escape(key) for key in keys), re.MULTILINE)


def _add_requirement(file: ManifestFile, graph: PackageGraph, text: str, line: int | None, scope: str | None) -> None:
    requirement = parse_pep508(text, file, line)
    if requirement is None:
        return
    key = f"{len(graph.packages)}"
    graph.add(key, package_from_requirement(requirement, line, scope))
    graph.mark_direct(key, scope)


def _cfg_lines(value: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in value.splitlines())
    return [line for line in lines if line]


def _setup_calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)
            if name == "setup":
                yield node


def _literal_strings(node: ast.expr) -> Iterator[tuple[str, int]]:
    """The string constants of a list or tuple literal; anything computed is passed over."""
    if isinstance(node, ast.List | ast.Tuple):
        for element in node.elts:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                yield element.value, element.lineno
