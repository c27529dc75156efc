"""What a file is: its language and kind tags, decided from tables of path patterns and content sniffs.

Every rule here is a row of data. Path patterns use .gitignore semantics (a pattern without
a slash matches the file name at any depth, one with a slash is anchored to the root, a
trailing slash means "anything under this directory") and are matched case-sensitively,
so case variants that occur in the wild are spelled out with character classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

# `Dockerfile.prod` and `dockerfile.dev` are Dockerfiles; `dockerfile.py` (a module about them) is not.
DOCKERFILE_PATTERNS = (
    "[Dd]ockerfile",
    "[Dd]ockerfile.*",
    "*.dockerfile",
    "Containerfile",
    "Containerfile.*",
    "!*.dockerignore",
    *(
        f"!*.{extension}"
        for extension in (
            "py",
            "pyc",
            "go",
            "js",
            "ts",
            "rb",
            "java",
            "rs",
            "md",
            "rst",
            "txt",
            "json",
            "yaml",
            "yml",
            "toml",
            "html",
            "cfg",
            "ini",
        )
    ),
)

# Matched before extensions, in order; the first row whose pattern matches decides.
_LANGUAGE_BY_NAME: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "dockerfile",
        DOCKERFILE_PATTERNS,
    ),
    ("dotenv", (".env", ".env.*", "*.env")),
    ("groovy", ("Jenkinsfile", "Jenkinsfile.*", "*.jenkinsfile")),
    ("makefile", ("Makefile", "makefile", "GNUmakefile", "*.mk")),
    ("ruby", ("Gemfile", "Rakefile", "Vagrantfile", "Podfile", "Fastfile", "Brewfile", "gems.rb")),
    ("toml", ("Pipfile", "Cargo.lock", "poetry.lock", "uv.lock", "pdm.lock")),
    ("json", ("Pipfile.lock", "composer.lock", "flake.lock", ".babelrc", ".eslintrc", ".prettierrc")),
    ("cmake", ("CMakeLists.txt",)),
    ("starlark", ("BUILD", "BUILD.bazel", "WORKSPACE", "WORKSPACE.bazel", "*.bzl")),
    ("shell", (".bashrc", ".bash_profile", ".profile", ".zshrc", ".envrc")),
    ("ini", (".editorconfig", ".gitconfig", ".npmrc", ".pypirc", ".flake8", "pylintrc", ".pylintrc")),
)

# Longest matching suffix wins, so ".tf.json" beats ".json"; compared in lower case.
_LANGUAGE_BY_EXTENSION: dict[str, str] = {
    ".py": "python",
    ".pyi": "python",
    ".pyw": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "typescript",
    ".go": "go",
    ".rs": "rust",
    ".java": "java",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".scala": "scala",
    ".sc": "scala",
    ".groovy": "groovy",
    ".gradle": "groovy",
    ".rb": "ruby",
    ".gemspec": "ruby",
    ".rake": "ruby",
    ".php": "php",
    ".cs": "csharp",
    ".csx": "csharp",
    ".fs": "fsharp",
    ".fsx": "fsharp",
    ".vb": "visualbasic",
    ".c": "c",
    ".h": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".hh": "cpp",
    ".hpp": "cpp",
    ".hxx": "cpp",
    ".m": "objective-c",
    ".mm": "objective-c",
    ".swift": "swift",
    ".dart": "dart",
    ".ex": "elixir",
    ".exs": "elixir",
    ".erl": "erlang",
    ".hrl": "erlang",
    ".hs": "haskell",
    ".clj": "clojure",
    ".cljs": "clojure",
    ".lua": "lua",
    ".pl": "perl",
    ".pm": "perl",
    ".r": "r",
    ".jl": "julia",
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".ksh": "shell",
    ".ps1": "powershell",
    ".psm1": "powershell",
    ".psd1": "powershell",
    ".bat": "batch",
    ".cmd": "batch",
    ".sql": "sql",
    ".tf": "terraform",
    ".tfvars": "terraform",
    ".hcl": "hcl",
    ".nomad": "hcl",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".json": "json",
    ".jsonc": "json",
    ".json5": "json",
    ".toml": "toml",
    ".xml": "xml",
    ".pom": "xml",
    ".csproj": "xml",
    ".fsproj": "xml",
    ".vbproj": "xml",
    ".props": "xml",
    ".targets": "xml",
    ".nuspec": "xml",
    ".config": "xml",
    ".ini": "ini",
    ".cfg": "ini",
    ".conf": "ini",
    ".properties": "properties",
    ".md": "markdown",
    ".markdown": "markdown",
    ".rst": "restructuredtext",
    ".html": "html",
    ".htm": "html",
    ".css": "css",
    ".scss": "scss",
    ".sass": "scss",
    ".less": "less",
    ".vue": "vue",
    ".svelte": "svelte",
    ".proto": "protobuf",
    ".graphql": "graphql",
    ".gql": "graphql",
    ".rego": "rego",
    ".bicep": "bicep",
}

# Interpreter names from a "#!" line, after stripping any version suffix ("python3.12").
_LANGUAGE_BY_INTERPRETER: dict[str, str] = {
    "python": "python",
    "pypy": "python",
    "node": "javascript",
    "nodejs": "javascript",
    "deno": "typescript",
    "bun": "javascript",
    "ts-node": "typescript",
    "sh": "shell",
    "bash": "shell",
    "dash": "shell",
    "zsh": "shell",
    "ksh": "shell",
    "ash": "shell",
    "ruby": "ruby",
    "perl": "perl",
    "php": "php",
    "pwsh": "powershell",
    "powershell": "powershell",
    "lua": "lua",
    "Rscript": "r",
    "groovy": "groovy",
}

# The broad family a language belongs to, given as a kind tag.
_KIND_BY_LANGUAGE: dict[str, str] = {
    **dict.fromkeys(
        (
            "python",
            "javascript",
            "typescript",
            "go",
            "rust",
            "java",
            "kotlin",
            "scala",
            "groovy",
            "ruby",
            "php",
            "csharp",
            "fsharp",
            "visualbasic",
            "c",
            "cpp",
            "objective-c",
            "swift",
            "dart",
            "elixir",
            "erlang",
            "haskell",
            "clojure",
            "lua",
            "perl",
            "r",
            "julia",
            "shell",
            "powershell",
            "batch",
            "sql",
            "vue",
            "svelte",
        ),
        "source",
    ),
    **dict.fromkeys(
        ("yaml", "json", "toml", "xml", "ini", "properties", "dotenv", "hcl", "terraform"),
        "config",
    ),
}

# Kind tags decided by path alone. A file collects every kind whose patterns match it.
_KINDS_BY_PATH: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "manifest:pypi",
        (
            "requirements*.txt",
            "requirements*.in",
            "constraints*.txt",
            "**/requirements/*.txt",
            "**/requirements/*.in",
            "pyproject.toml",
            "setup.py",
            "setup.cfg",
            "Pipfile",
            "Pipfile.lock",
            "poetry.lock",
            "uv.lock",
            "pdm.lock",
        ),
    ),
    (
        "manifest:npm",
        ("package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock"),
    ),
    ("manifest:go", ("go.mod", "go.sum")),
    ("manifest:cargo", ("Cargo.toml", "Cargo.lock")),
    ("manifest:rubygems", ("Gemfile", "Gemfile.lock", "*.gemspec", "gems.rb", "gems.locked")),
    ("manifest:composer", ("composer.json", "composer.lock")),
    ("manifest:maven", ("pom.xml",)),
    (
        "manifest:gradle",
        (
            "build.gradle",
            "build.gradle.kts",
            "settings.gradle",
            "settings.gradle.kts",
            "gradle.lockfile",
            "**/gradle/*.versions.toml",
        ),
    ),
    (
        "manifest:nuget",
        (
            "*.csproj",
            "*.fsproj",
            "*.vbproj",
            "packages.config",
            "packages.lock.json",
            "Directory.Packages.props",
            "*.nuspec",
        ),
    ),
    (
        "lockfile",
        (
            "Pipfile.lock",
            "poetry.lock",
            "uv.lock",
            "pdm.lock",
            "package-lock.json",
            "npm-shrinkwrap.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "bun.lock",
            "go.sum",
            "Cargo.lock",
            "Gemfile.lock",
            "gems.locked",
            "composer.lock",
            "gradle.lockfile",
            "packages.lock.json",
        ),
    ),
    (
        "dockerfile",
        DOCKERFILE_PATTERNS,
    ),
    (
        "compose",
        (
            "docker-compose*.yml",
            "docker-compose*.yaml",
            "compose.yml",
            "compose.yaml",
            "compose.*.yml",
            "compose.*.yaml",
        ),
    ),
    ("terraform", ("*.tf", "*.tfvars", "*.tf.json", "*.tfvars.json")),
    ("helm-chart", ("Chart.yaml",)),
    ("ci:github-actions", (".github/workflows/*.yml", ".github/workflows/*.yaml", "action.yml", "action.yaml")),
    ("ci:gitlab", (".gitlab-ci.yml", ".gitlab-ci.yaml", "*.gitlab-ci.yml", ".gitlab/ci/**/*.yml")),
    ("ci:jenkins", ("Jenkinsfile", "Jenkinsfile.*", "*.jenkinsfile")),
    (
        "ci:azure-pipelines",
        ("azure-pipelines*.yml", "azure-pipelines*.yaml", ".azure-pipelines/**/*.yml", ".azure-pipelines/**/*.yaml"),
    ),
    ("ci:circleci", (".circleci/config.yml", ".circleci/config.yaml")),
    ("ci:bitbucket", ("bitbucket-pipelines.yml", "bitbucket-pipelines.yaml")),
    ("dotenv", (".env", ".env.*", "*.env")),
    # The locations GitHub and GitLab read CODEOWNERS from.
    ("codeowners", ("/CODEOWNERS", "/.github/CODEOWNERS", "/docs/CODEOWNERS", "/.gitlab/CODEOWNERS")),
    (
        "test",
        (
            "test/",
            "tests/",
            "__tests__/",
            "spec/",
            "specs/",
            "fixtures/",
            "testdata/",
            "test_*.py",
            "*_test.py",
            "conftest.py",
            "*_test.go",
            "*.test.[jt]s",
            "*.test.[jt]sx",
            "*.spec.[jt]s",
            "*.spec.[jt]sx",
            "*.test.mjs",
            "*.spec.mjs",
            "*Test.java",
            "*Tests.java",
            "*IT.java",
            "*Test.kt",
            "*Tests.kt",
            "*_spec.rb",
            "*_test.rb",
            "*Test.php",
            "*Tests.cs",
            "*Test.cs",
            "*_test.rs",
        ),
    ),
    ("minified", ("*.min.js", "*.min.mjs", "*.min.css")),
    (
        "vendored",
        (
            "node_modules/",
            "vendor/",
            "_vendor/",
            "third_party/",
            "third-party/",
            "bower_components/",
            "site-packages/",
            ".venv/",
        ),
    ),
    (
        "generated",
        (
            "*_pb2.py",
            "*_pb2_grpc.py",
            "*.pb.go",
            "*_grpc.pb.go",
            "*.pb.cc",
            "*.pb.h",
            "zz_generated*.go",
            "*_generated.go",
            "*.generated.*",
            "*.g.cs",
            "*.Designer.cs",
            "*.g.dart",
            "*.freezed.dart",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class _ContentRule:
    """Adds `kind` to a file in one of `languages` whose head matches every pattern in `all_of`."""

    kind: str
    languages: frozenset[str]
    all_of: tuple[re.Pattern[bytes], ...]


def _content_rule(kind: str, languages: Iterable[str], *patterns: bytes) -> _ContentRule:
    compiled = tuple(re.compile(pattern, re.MULTILINE) for pattern in patterns)
    return _ContentRule(kind, frozenset(languages), compiled)


# Several rows for one kind mean "any of these"; the patterns within a row mean "all of these".
_KINDS_BY_CONTENT: tuple[_ContentRule, ...] = (
    _content_rule("kubernetes", ("yaml",), rb"^apiVersion:[ \t]*['\"]?[\w./-]+", rb"^kind:[ \t]*['\"]?[A-Z]\w*"),
    _content_rule("kubernetes", ("json",), rb"\"apiVersion\"\s*:\s*\"[\w./-]+\"", rb"\"kind\"\s*:\s*\"[A-Z]\w*\""),
    _content_rule("cloudformation", ("yaml",), rb"^AWSTemplateFormatVersion\s*:"),
    _content_rule("cloudformation", ("yaml",), rb"^Resources\s*:", rb"^\s+Type\s*:\s*['\"]?AWS::"),
    _content_rule("cloudformation", ("json",), rb"\"AWSTemplateFormatVersion\"\s*:"),
    _content_rule("cloudformation", ("json",), rb"\"Resources\"\s*:", rb"\"Type\"\s*:\s*\"AWS::"),
)

_SHEBANG = re.compile(rb"\A#![ \t]*(\S+)(?:[ \t]+(.*))?")
_VERSION_SUFFIX = re.compile(r"[\d.]+$")
HEAD_BYTES = 4096


class _PathMatcher:
    """One table row's patterns as a single compiled regex: a file is classified per read.

    Patterns keep .gitignore meaning (translated by pathspec); a negated pattern removes
    what the others matched, which is exact here because negations come last in each row.
    """

    def __init__(self, patterns: Iterable[str]) -> None:
        self._patterns = tuple(patterns)

    @cached_property
    def _compiled(self) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
        # Compiled on first use: a scan served from the cache never classifies a file.
        included: list[str] = []
        excluded: list[str] = []
        for pattern in self._patterns:
            regex, positive = GitIgnoreSpecPattern.pattern_to_regex(pattern)
            if regex is None:
                continue
            regex = regex.replace("(?P<ps_d>/)", "/")
            (included if positive else excluded).append(f"(?:{regex})")
        return re.compile("|".join(included)), re.compile("|".join(excluded)) if excluded else None

    def match_file(self, relpath: str) -> bool:
        included, excluded = self._compiled
        return included.match(relpath) is not None and not (
            excluded is not None and excluded.match(relpath) is not None
        )


def _spec(patterns: Iterable[str]) -> _PathMatcher:
    return _PathMatcher(patterns)


_LANGUAGE_SPECS = tuple((language, _spec(patterns)) for language, patterns in _LANGUAGE_BY_NAME)
_KIND_SPECS = tuple((kind, _spec(patterns)) for kind, patterns in _KINDS_BY_PATH)
_TEST_SPEC = dict(_KIND_SPECS)["test"]
# Most files match no path row at all: one combined regex rules them out before the rows run.
_ANY_KIND = _spec(pattern for _, patterns in _KINDS_BY_PATH for pattern in patterns if not pattern.startswith("!"))
_ANY_NAMED_LANGUAGE = _spec(
    pattern for _, patterns in _LANGUAGE_BY_NAME for pattern in patterns if not pattern.startswith("!")
)


def classify(relpath: str, head: bytes = b"") -> tuple[str | None, frozenset[str]]:
    """Return the language (or None) and the kind tags of the file at `relpath`.

    `relpath` is relative to the scan root with "/" separators; `head` is the start of the
    file (up to 4 KB are looked at) and lets shebangs and content sniffs contribute.
    """
    head = head[:HEAD_BYTES]
    language = _language_from_name(relpath) or _language_from_shebang(head)
    kinds = {kind for kind, spec in _KIND_SPECS if spec.match_file(relpath)} if _ANY_KIND.match_file(relpath) else set()
    if language in _KIND_BY_LANGUAGE:
        kinds.add(_KIND_BY_LANGUAGE[language])
    if head and language is not None:
        kinds.update(
            rule.kind
            for rule in _KINDS_BY_CONTENT
            if language in rule.languages and all(pattern.search(head) for pattern in rule.all_of)
        )
    return language, frozenset(kinds)


def is_test_path(relpath: str) -> bool:
    """True when `relpath` looks like test code or test data (test directories, test_*.py, *.spec.ts ...)."""
    return bool(_TEST_SPEC.match_file(relpath))


def _language_from_name(relpath: str) -> str | None:
    if _ANY_NAMED_LANGUAGE.match_file(relpath):
        for language, spec in _LANGUAGE_SPECS:
            if spec.match_file(relpath):
                return language
    name = relpath.rsplit("/", 1)[-1].lower()
    # Every dotted suffix, longest first: "a.tf.json" → ".tf.json", ".json". A leading dot
    # alone (".bashrc") is a hidden file, not an extension.
    for index, character in enumerate(name):
        if character == "." and index > 0 and name[index:] in _LANGUAGE_BY_EXTENSION:
            return _LANGUAGE_BY_EXTENSION[name[index:]]
    return None


def _language_from_shebang(head: bytes) -> str | None:
    match = _SHEBANG.match(head)
    if match is None:
        return None
    program = match.group(1).rsplit(b"/", 1)[-1]
    if program == b"env" and match.group(2):
        # "/usr/bin/env -S python3 -u": the interpreter is the first word that is not a flag.
        arguments = [word for word in match.group(2).split() if not word.startswith(b"-")]
        program = arguments[0] if arguments else b""
    interpreter = _VERSION_SUFFIX.sub("", program.decode("ascii", errors="replace"))
    return _LANGUAGE_BY_INTERPRETER.get(interpreter)
