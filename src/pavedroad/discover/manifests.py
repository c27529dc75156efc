"""The direct dependency names declared in manifests, read with tomllib, json and regular expressions.

Nothing is executed: setup.py and Gradle scripts are only searched as text. Lockfiles are not
read here; they list transitive packages, which would make every framework look used.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from pavedroad.discover.documents import as_strings, as_table, load_json_object, load_toml
from pavedroad.discover.model import DiscoveryError
from pavedroad.discover.reading import line_at


@dataclass(frozen=True, slots=True)
class Dependency:
    """A dependency declared by name (normalised per ecosystem), with its line when known."""

    name: str
    line: int | None = None


ManifestParser = Callable[[str], list[Dependency]]

_REQUIREMENT_NAME = re.compile(
    r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~;@(,]|$)"
)
_INLINE_COMMENT = re.compile(r"(?:^|\s)#.*$")


def parse_requirements(text: str) -> list[Dependency]:
    """Names from a pip requirements file; options, paths and URLs are passed over."""
    dependencies = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = _INLINE_COMMENT.sub("", raw_line).strip().rstrip("\\").strip()
        if not line or line.startswith(("-", ".", "/")) or "://" in line:
            continue
        dependencies.append(Dependency(_requirement_name(line, number), number))
    return dependencies


def parse_pyproject(text: str) -> list[Dependency]:
    """Names from PEP 621 `[project]`, PEP 735 `[dependency-groups]` and Poetry's tables."""
    document = load_toml(text)
    project = as_table(document.get("project"))
    requirements = as_strings(project.get("dependencies"))
    for extra in as_table(project.get("optional-dependencies")).values():
        requirements += as_strings(extra)
    for group in as_table(document.get("dependency-groups")).values():
        requirements += as_strings(group)
    dependencies = [Dependency(_requirement_name(requirement)) for requirement in requirements]
    poetry = as_table(as_table(document.get("tool")).get("poetry"))
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    tables += [as_table(group).get("dependencies") for group in as_table(poetry.get("group")).values()]
    dependencies += [
        Dependency(_normalise_python_name(name))
        for table in tables
        for name in as_table(table)
        if name != "python"
    ]
    return dependencies


def parse_pipfile(text: str) -> list[Dependency]:
    """Names from a Pipfile's `[packages]` and `[dev-packages]`."""
    document = load_toml(text)
    return [
        Dependency(_normalise_python_name(name))
        for section in ("packages", "dev-packages")
        for name in as_table(document.get(section))
    ]


def parse_setup_cfg(text: str) -> list[Dependency]:
    """Names from setup.cfg `install_requires` and `extras_require`."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as error:
        raise DiscoveryError(str(error).splitlines()[0], getattr(error, "lineno", None)) from None
    requirements = parser.get("options", "install_requires", fallback="").splitlines()
    if parser.has_section("options.extras_require"):
        for _, value in parser.items("options.extras_require"):
            requirements += value.splitlines()
    return [Dependency(_requirement_name(line)) for line in map(str.strip, requirements) if line]


def parse_setup_py(text: str) -> list[Dependency]:
    """Names in the literal `install_requires=[...]` list of a setup.py, found as text."""
    dependencies = []
    for block in re.finditer(r"install_requires\s*=\s*\[([^\]]*)\]", text):
        for quoted in re.finditer(r"[\"']([^\"']+)[\"']", block.group(1)):
            name = _requirement_name(quoted.group(1))
            dependencies.append(Dependency(name, line_at(text, block.start(1) + quoted.start())))
    return dependencies


def parse_package_json(text: str) -> list[Dependency]:
    """Names from package.json dependency sections."""
    document = load_json_object(text)
    sections = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")
    return [Dependency(name) for section in sections for name in as_table(document.get(section))]


def parse_composer_json(text: str) -> list[Dependency]:
    """Names from composer.json `require` and `require-dev`."""
    document = load_json_object(text)
    return [
        Dependency(name) for section in ("require", "require-dev") for name in as_table(document.get(section))
    ]


def parse_cargo_toml(text: str) -> list[Dependency]:
    """Names from Cargo.toml dependency tables, including workspace and per-target ones."""
    document = load_toml(text)
    sections = ("dependencies", "dev-dependencies", "build-dependencies")
    holders = [document, as_table(document.get("workspace"))]
    holders += [as_table(target) for target in as_table(document.get("target")).values()]
    return [
        Dependency(name)
        for holder in holders
        for section in sections
        for name in as_table(holder.get(section))
    ]


def parse_go_mod(text: str) -> list[Dependency]:
    """Module paths in go.mod `require` directives, single-line or in a block."""
    dependencies = []
    in_require_block = False
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.split("//", 1)[0].strip()
        if in_require_block and line == ")":
            in_require_block = False
        elif line.startswith("require") and line.removeprefix("require").strip() == "(":
            in_require_block = True
        elif in_require_block or line.startswith("require "):
            words = line.removeprefix("require ").split()
            if len(words) >= 2:
                dependencies.append(Dependency(words[0], number))
    return dependencies


def parse_pom(text: str) -> list[Dependency]:
    """`groupId:artifactId` of a pom.xml's parent, dependencies and plugins."""
    dependencies = []
    for block in re.finditer(r"<(dependency|parent|plugin)>(.*?)</\1>", text, re.DOTALL):
        artifact = re.search(r"<artifactId>\s*([^<\s]+)\s*</artifactId>", block.group(2))
        if artifact is None:
            continue
        group = re.search(r"<groupId>\s*([^<\s]+)\s*</groupId>", block.group(2))
        coordinate = f"{group.group(1) if group else ''}:{artifact.group(1)}"
        dependencies.append(Dependency(coordinate, line_at(text, block.start())))
    return dependencies


def _pattern_parser(*patterns: str) -> ManifestParser:
    """A parser taking group 1 of every match of `patterns` as a dependency name."""
    compiled = [re.compile(pattern, re.MULTILINE) for pattern in patterns]

    def parse(text: str) -> list[Dependency]:
        return [
            Dependency(match.group(1), line_at(text, match.start()))
            for pattern in compiled
            for match in pattern.finditer(text)
        ]

    return parse


parse_gradle = _pattern_parser(
    r"[\"']([\w.\-]+:[\w.\-]+)(?::[^\"'\s]*)?[\"']",  # "group:artifact:version" coordinates
    r"\bid\s*\(?\s*[\"']([\w.\-]+)[\"']",  # plugins { id("org.springframework.boot") }
    r"\bapply\s+plugin\s*:\s*[\"']([\w.\-]+)[\"']",
)
parse_gemfile = _pattern_parser(r"^[ \t]*gem[ \t]+[\"']([^\"']+)[\"']")
parse_gemspec = _pattern_parser(r"\.add_(?:runtime_|development_)?dependency\s*\(?\s*[\"']([^\"']+)[\"']")
parse_nuget = _pattern_parser(
    r"<(?:PackageReference|PackageVersion)\s+Include\s*=\s*\"([^\"]+)\"",
    r"<(?:package|dependency)\s+id\s*=\s*\"([^\"]+)\"",
    r"<Project\s+Sdk\s*=\s*\"([^\"]+)\"",
)

# (ecosystem, file name pattern, parser); the first matching row reads the file.
MANIFEST_PARSERS: tuple[tuple[str, str, ManifestParser], ...] = (
    ("pypi", "*.txt", parse_requirements),
    ("pypi", "*.in", parse_requirements),
    ("pypi", "pyproject.toml", parse_pyproject),
    ("pypi", "Pipfile", parse_pipfile),
    ("pypi", "setup.cfg", parse_setup_cfg),
    ("pypi", "setup.py", parse_setup_py),
    ("npm", "package.json", parse_package_json),
    ("composer", "composer.json", parse_composer_json),
    ("cargo", "Cargo.toml", parse_cargo_toml),
    ("go", "go.mod", parse_go_mod),
    ("maven", "pom.xml", parse_pom),
    ("gradle", "*.gradle", parse_gradle),
    ("gradle", "*.gradle.kts", parse_gradle),
    ("rubygems", "Gemfile", parse_gemfile),
    ("rubygems", "gems.rb", parse_gemfile),
    ("rubygems", "*.gemspec", parse_gemspec),
    ("nuget", "*proj", parse_nuget),
    ("nuget", "*.props", parse_nuget),
    ("nuget", "*.nuspec", parse_nuget),
    ("nuget", "packages.config", parse_nuget),
)


def parser_for(ecosystem: str, file_name: str) -> ManifestParser | None:
    """The parser for a manifest of `ecosystem` named `file_name`, or None when it is not read."""
    for row_ecosystem, pattern, parser in MANIFEST_PARSERS:
        if row_ecosystem == ecosystem and fnmatchcase(file_name, pattern):
            return parser
    return None


def _requirement_name(requirement: str, line: int | None = None) -> str:
    match = _REQUIREMENT_NAME.match(requirement)
    if match is None:
        # The text is not echoed: a malformed requirement may hold a URL with a token in it.
        raise DiscoveryError("not a valid requirement", line)
    return _normalise_python_name(match.group(1))


def _normalise_python_name(name: str) -> str:
    """PEP 503 normalisation, so "Flask_SQLAlchemy" and "flask-sqlalchemy" are one name."""
    return re.sub(r"[-_.]+", "-", name).lower()
