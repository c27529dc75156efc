"""Reading shell scripts embedded in pipelines (GitHub `run:`, GitLab `script:`, Jenkins `sh`), line by line.

Nothing here parses shell properly: these are the few shapes the pipeline checks look for
(a download piped into a shell, a command that builds or runs code from a directory, a value
printed to the log), matched on logical lines with comments removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# `curl ... | sh`, `wget -O- ... | sudo bash`, `bash <(curl ...)`, `sh -c "$(curl ...)"`, `iwr ... | iex`.
# An interpreter given its program inline (`| python3 -c "import json..."`, `| perl -ne`) only parses the download.
_SHELLS = r"(?:ba|z|k|da|fi)?sh"
_INTERPRETERS = r"python[0-9.]*|perl|ruby|node|pwsh|powershell"
_RUNS_STDIN = r"(?:" + _SHELLS + r")\b(?!\s+-c\b)|(?:" + _INTERPRETERS + r")\b(?!\s+-(?:[cemnpE]\w*|Command)\b)"
CURL_PIPE_SHELL = re.compile(
    r"\b(?:curl|wget)\b[^|;&\n]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\w+=\S*\s+)*)?(?:" + _RUNS_STDIN + r")"
    r"|\b(?:" + _SHELLS + "|" + _INTERPRETERS + r"|source|\.)\s+(?:-\S+\s+)*<\(\s*(?:curl|wget)\b"
    r"|\b(?:" + _SHELLS + r")\s+-c\s+[\"']?\$\(\s*(?:curl|wget)\b"
    r"|\b(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b[^|\n]*\|\s*(?:iex|Invoke-Expression)\b"
    r"|\b(?:iex|Invoke-Expression)\b\s*\(?\s*\(?\s*(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod|New-Object\s+Net\.WebClient)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ScriptLine:
    """A logical line of a script (backslash continuations joined) and the file line it starts on."""

    line: int
    text: str


def strip_comment(text: str) -> str:
    """The line without a trailing shell comment (`#` at the start or after a blank, outside quotes)."""
    quote = ""
    for index, character in enumerate(text):
        if quote:
            if character == quote:
                quote = ""
        elif character in "'\"":
            quote = character
        elif character == "#" and (index == 0 or text[index - 1] in " \t"):
            return text[:index].rstrip()
    return text


def script_lines(key_line: int, script: str) -> list[ScriptLine]:
    """Logical lines of a YAML script value whose key (or list item) is on `key_line`.

    A multi-line value is a block scalar (`run: |`) whose first line is the one below the key;
    a single-line value sits on the key's line. (A folded `>` scalar cannot be mapped exactly.)
    """
    offset = 1 if "\n" in script else 0
    return lines_from(key_line + offset, script)


def lines_from(first_line: int, script: str) -> list[ScriptLine]:
    """Logical lines of `script`, whose first physical line is `first_line`, comments removed."""
    found: list[ScriptLine] = []
    pending = ""
    start = 0
    for index, physical in enumerate(script.split("\n")):
        text = strip_comment(physical)
        if not pending:
            start = index
        if text.endswith("\\") or text.endswith("`"):  # sh / PowerShell continuation
            pending += text[:-1] + " "
            continue
        joined = (pending + text).strip()
        pending = ""
        if joined:
            found.append(ScriptLine(first_line + start, joined))
    if pending.strip():
        found.append(ScriptLine(first_line + start, pending.strip()))
    return found


_SEPARATORS = re.compile(r"&&|\|\||[;|()`{}]|\$\(|\bthen\b|\bdo\b|\belse\b")
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
_PREFIXES = frozenset({"sudo", "time", "exec", "env", "nohup", "if", "!", "while", "until", "command", "xargs"})


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    args: tuple[str, ...]


def commands(text: str) -> list[Command]:
    """The simple commands of a logical line (split at `;`, `&&`, `|`, subshells), prefixes dropped."""
    found = []
    for segment in _SEPARATORS.split(text):
        words = [word for word in (word.strip("'\"") for word in segment.split()) if word]
        while words and (_ASSIGNMENT.match(words[0]) or words[0] in _PREFIXES or words[0].startswith("-")):
            words.pop(0)
        if words:
            found.append(Command(words[0], tuple(words[1:])))
    return found


# Tools that run code or configuration from the directory they are started in.
BUILD_TOOLS = frozenset(
    {
        "npm", "npx", "yarn", "pnpm", "bun", "lerna", "nx", "turbo", "grunt", "gulp", "jest",
        "make", "cmake", "ninja", "meson", "gradle", "gradlew", "mvn", "mvnw", "ant", "sbt", "lein",
        "cargo", "tox", "nox", "pytest", "hatch", "pdm", "poetry", "pipenv", "rake", "bundle",
        "composer", "phpunit", "dotnet", "msbuild", "xcodebuild", "swift", "flutter", "dart",
        "bazel", "bazelisk", "buck", "pre-commit", "docker-compose", "mix", "rebar3", "deno",
    }
)  # fmt: skip
_SUBCOMMAND_TOOLS = {
    "go": frozenset({"build", "test", "run", "generate", "vet", "install"}),
    "docker": frozenset({"build", "buildx", "compose"}),
    "pip": frozenset({"-e", ".", "-r", "--editable", "--requirement"}),
    "pip3": frozenset({"-e", ".", "-r", "--editable", "--requirement"}),
    "uv": frozenset({"run", "sync", "build", "pip"}),
}
INTERPRETERS = frozenset(
    {"bash", "sh", "zsh", "dash", "ksh", "node", "ruby", "perl", "php", "pwsh", "powershell", "source", ".", "eval"}
)
_PYTHON = re.compile(r"^python[0-9.]*$")


def _relative(path: str) -> bool:
    return bool(path) and not path.startswith(("-", "/", "$", "~", "<", ">", "http:", "https:"))


def builds(command: Command) -> bool:
    """The command builds, tests or runs code found relative to the current directory."""
    name = command.name.rsplit("/", 1)[-1] if command.name.startswith("./") else command.name
    if name in BUILD_TOOLS:
        return True
    if name in _SUBCOMMAND_TOOLS:
        return any(arg in _SUBCOMMAND_TOOLS[name] for arg in command.args[:3])
    if _PYTHON.match(name):
        return bool(command.args)
    if name in INTERPRETERS:
        return any(_relative(arg) for arg in command.args[:1])
    return "/" in command.name and _relative(command.name)  # ./script.sh, scripts/build.sh


def under(path: str, directory: str) -> bool:
    """`path` is inside `directory` (both relative to the workspace; "" is the workspace itself)."""
    path = normal_path(path)
    return not directory or path == directory or path.startswith(directory + "/")


def normal_path(path: str) -> str:
    """`./a/b/` -> `a/b`; the workspace itself (`.`, `./`, `${{ github.workspace }}`) -> ``."""
    path = re.sub(r"^\$\{\{\s*github\.workspace\s*\}\}/?|^\$GITHUB_WORKSPACE/?|^\$CI_PROJECT_DIR/?", "", path.strip())
    while path.startswith("./"):
        path = path[2:]
    return "" if path in (".", "") else path.rstrip("/")


def runs_from(command: Command, directory: str) -> bool:
    """The command executes a file inside `directory` (`dir/run.sh`, `bash dir/x`, `node dir/index.js`)."""
    name = command.name
    if name in INTERPRETERS or _PYTHON.match(name):
        target = next((arg for arg in command.args if not arg.startswith("-")), "")
        return _relative(target) and "/" in normal_path(target) and under(target, directory)
    return "/" in name and _relative(name) and under(name, directory)


@dataclass(frozen=True, slots=True)
class Execution:
    line: int
    text: str


def executions(lines: list[ScriptLine], directory: str, starts_inside: bool) -> Iterator[Execution]:
    """Lines that run code from `directory` ("" = the workspace root): a build tool started there
    (`starts_inside`, or after `cd directory`), or a file under it run directly or by an interpreter."""
    inside = starts_inside or not directory
    for item in lines:
        for command in commands(item.text):
            if command.name in ("cd", "pushd") and command.args:
                inside = under(command.args[0], directory) if directory else inside
                continue
            if (inside and builds(command)) or (directory and runs_from(command, directory)):
                yield Execution(item.line, item.text)
                break


# `echo`/`printf`... and what they print, up to a pipe or redirection (which send it elsewhere).
PRINT = re.compile(r"(?:^|[;&(]\s*|\s)(?:echo|printf|print|println|Write-Host|Write-Output|cat\s+<<<)\b(?P<rest>.*)")


def printed(text: str) -> str | None:
    """What a print command on this line writes to the log, or None when its output goes to a pipe or file."""
    match = PRINT.search(text)
    if match is None:
        return None
    rest = match.group("rest")
    quote = ""
    for index, character in enumerate(rest):
        if quote:
            if character == quote:
                quote = ""
        elif character in "'\"":
            quote = character
        elif character in "|>":
            return None if rest[index : index + 2] != "||" else rest[:index]
        elif character == ";" or rest.startswith("&&", index):
            return rest[:index]
    return rest
