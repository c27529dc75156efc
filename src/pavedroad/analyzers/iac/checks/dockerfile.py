"""Dockerfile checks: who the image runs as, where its base and its files come from, what RUN does.

Shell commands in RUN are read word by word (quotes respected), split into pipelines and
commands, so `curl ... | sh` is a pipeline of two commands and `apt-get install sudo` is not
`sudo`. Base images that stay unresolved (an ARG without a default) are Unknown and never reported.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from itertools import pairwise
from typing import Any

from pavedroad.analyzers.iac.check import Check, Evaluate, Project, Violation
from pavedroad.analyzers.iac.dockerfile import stage_names
from pavedroad.analyzers.iac.model import Node, Resource
from pavedroad.core.findings import Confidence, Severity

dockerfile_check = partial(Check, frameworks=("dockerfile",), kinds=("dockerfile",))

INSTRUCTIONS = frozenset(
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
        "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    }
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# The Dockerfile model, as checks read it
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Instruction:
    name: str
    arguments: str
    flags: dict[str, Any]
    line: int


def stages(resource: Resource) -> list[Node]:
    value = resource.body.get("stages")
    return [stage for stage in value if isinstance(stage, Node)] if isinstance(value, list) else []


def instructions(nodes: Iterable[Any]) -> list[Instruction]:
    """The instructions of a stage (or the preamble), continuation fragments glued back on.

    The parser ends an instruction at a comment or blank line inside a `\\` continuation, so the
    rest arrives as an "instruction" named after its first word (`APT-GET install -y curl`);
    such a fragment belongs to the instruction before it.
    """
    result: list[Instruction] = []
    for node in nodes:
        if not isinstance(node, Node):
            continue
        name = str(node.get("instruction", ""))
        arguments = str(node.get("arguments", ""))
        flags = dict(node.get("flags") or {})
        if name not in INSTRUCTIONS and result:
            words = [name.lower(), *_flag_words(flags), arguments]
            result[-1] = replace(result[-1], arguments=" ".join([result[-1].arguments, *filter(None, words)]))
            continue
        result.append(Instruction(name, arguments, flags, node.line))
    return result


def _flag_words(flags: dict[str, Any]) -> list[str]:
    return [f"--{name}" if value is True else f"--{name}={value}" for name, value in flags.items()]


def stage_instructions(stage: Node, *names: str) -> list[Instruction]:
    found = instructions(stage.get("instructions") or [])
    return [item for item in found if not names or item.name in names]


def every_instruction(resource: Resource, *names: str) -> Iterator[Instruction]:
    """Instructions of the whole file (the preamble's ARGs too), in order."""
    for item in instructions(resource.body.get("preamble") or []):
        if not names or item.name in names:
            yield item
    for stage in stages(resource):
        yield from stage_instructions(stage, *names)


def lineage(resource: Resource) -> list[Node]:
    """The final stage and the stages it is built FROM (`FROM base`), nearest first: what ships."""
    chain: list[Node] = []
    all_stages = stages(resource)
    current = all_stages[-1] if all_stages else None
    while current is not None and current not in chain:
        chain.append(current)
        image = current.get("image")
        earlier = all_stages[: all_stages.index(current)]
        current = next(
            (
                stage
                for stage in reversed(earlier)
                if isinstance(image, str) and str(stage.get("alias") or "").lower() == image.lower()
            ),
            None,
        )
    return chain


def _aliases(resource: Resource) -> set[str]:
    return {str(name).lower() for name in stage_names(resource)}


def base_images(resource: Resource) -> Iterator[tuple[Node, str]]:
    """(stage, image) for every FROM naming a real image: not scratch, a stage alias or Unknown."""
    aliases = _aliases(resource)
    for stage in stages(resource):
        image = stage.get("image")
        if not isinstance(image, str) or not image or "$" in image:
            continue
        if image.lower() == "scratch" or image.lower() in aliases:
            continue
        yield stage, image


@dataclass(frozen=True, slots=True)
class ImageReference:
    name: str
    tag: str | None
    digest: str | None


def image_reference(text: str) -> ImageReference:
    """`registry:5000/team/app:1.2@sha256:...` -> name, tag, digest (a registry port is not a tag)."""
    name, _, digest = text.partition("@")
    head, _, last = name.rpartition("/")
    tag = None
    if ":" in last:
        last, tag = last.split(":", 1)
    return ImageReference(f"{head}/{last}" if head else last, tag or None, digest or None)


# ---------------------------------------------------------------------------------------------
# Shell commands in RUN
# ---------------------------------------------------------------------------------------------

_SEPARATORS = frozenset({"&&", "||", ";", "&", "(", ")", "<(", ">(", ";;", "{", "}", "!"})
_PIPES = frozenset({"|", "|&"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_SHELL_SCRIPT = re.compile(r"^#!.*\b(?:ba|z|k|da|a)?sh\b")


def shell_script(item: Instruction) -> str:
    """The shell text a RUN executes: exec form unwrapped, a non-shell heredoc script left out."""
    text = item.arguments.strip()
    if text.startswith("["):
        try:
            words = json.loads(text)
        except ValueError:
            return text
        if isinstance(words, list) and all(isinstance(word, str) for word in words):
            if len(words) >= 3 and _program(words[0]) in SHELLS and words[1] == "-c":
                return str(words[2])
            return shlex.join(words)
    if text.startswith("<<"):
        rest = text.partition("\n")[2]
        if rest.startswith("#!") and not _SHELL_SCRIPT.match(rest):
            return ""
    return text


def _words(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError:  # an unbalanced quote: fall back to plain words
        return re.findall(r"&&|\|\||[|;&()]|[^\s|;&()]+", line)


def pipelines(script: str) -> list[list[list[str]]]:
    """`a x && b | c` -> [[[a, x]], [[b], [c]]]: pipelines of commands of words. Redirections dropped."""
    result: list[list[list[str]]] = []
    for line in script.split("\n"):
        if line.strip().startswith("#"):
            continue
        pipeline: list[list[str]] = []
        command: list[str] = []
        words = iter(_words(line))
        for word in words:
            if word in _PIPES:
                pipeline.append(command)
                command = []
            elif word in _SEPARATORS:
                pipeline.append(command)
                result.append([part for part in pipeline if part])
                pipeline, command = [], []
            elif word and set(word) <= set("<>&|") and ("<" in word or ">" in word):
                next(words, None)  # the redirection's target
            else:
                command.append(word)
        pipeline.append(command)
        result.append([part for part in pipeline if part])
    return [pipeline for pipeline in result if pipeline]


def commands(script: str) -> list[list[str]]:
    return [command for pipeline in pipelines(script) for command in pipeline]


SHELLS = frozenset({"sh", "bash", "zsh", "ksh", "dash", "ash", "fish", "mksh"})
INTERPRETERS = SHELLS | {"python", "perl", "ruby", "node", "php"}
_VERSIONED = re.compile(r"^(python|pip|perl|ruby|node|php)[0-9.]*$")


def _program(word: str) -> str:
    base = word.rsplit("/", 1)[-1].lower()
    versioned = _VERSIONED.match(base)
    return versioned.group(1) if versioned else base


_PASS_THROUGH = frozenset({"env", "exec", "time", "nohup", "command", "builtin", "nice"})


def _without_prefixes(words: list[str]) -> list[str]:
    """The command proper: leading `VAR=x`, `sudo -u x`, `env`, `exec`, `time`... removed."""
    index = 0
    while index < len(words):
        word, program = words[index], _program(words[index])
        if _ASSIGNMENT.match(word):
            index += 1
        elif program in ("sudo", "doas"):
            index += 1
            while index < len(words) and words[index].startswith("-"):
                index += 2 if words[index] in ("-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U") else 1
        elif program == "env":
            index += 1
            while index < len(words) and (words[index].startswith("-") or _ASSIGNMENT.match(words[index])):
                index += 1
        elif program in _PASS_THROUGH:
            index += 1
        else:
            break
    return words[index:]


def program_of(words: list[str]) -> tuple[str, list[str]]:
    """(program, arguments); `python3 -m pip install x` is ("pip", ["install", "x"])."""
    rest = _without_prefixes(words)
    if not rest:
        return "", []
    program = _program(rest[0])
    if program == "python" and len(rest) >= 3 and rest[1] == "-m":
        return _program(rest[2]), rest[3:]
    return program, rest[1:]


def _positionals(arguments: list[str], takes_value: frozenset[str] = frozenset()) -> list[str]:
    """The words that are not options (nor the values of options in `takes_value`)."""
    found: list[str] = []
    words = iter(arguments)
    for word in words:
        if word.startswith("-"):
            if word in takes_value:
                next(words, None)
            continue
        found.append(word)
    return found


def _subcommand(arguments: list[str], takes_value: frozenset[str] = frozenset()) -> str:
    return next(iter(_positionals(arguments, takes_value)), "").lower()


def run_commands(item: Instruction) -> list[tuple[str, list[str]]]:
    return [program_of(words) for words in commands(shell_script(item))]


def each_run(resource: Resource, scope: Callable[[Resource], Iterable[Node]] | None = None) -> Iterator[Instruction]:
    for stage in scope(resource) if scope else stages(resource):
        yield from stage_instructions(stage, "RUN")


def run_check(
    find: Callable[[Instruction], Iterable[tuple[str, str]]],
    scope: Callable[[Resource], Iterable[Node]] | None = None,
) -> Evaluate:
    """A violation at the RUN line for each (message, evidence) `find` returns for a RUN."""

    def evaluate(resource: Resource, project: Project) -> Iterator[Violation]:
        for item in each_run(resource, scope):
            for message, evidence in find(item):
                yield Violation(item.line, message, evidence)

    return evaluate


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

_NONROOT_TAG = re.compile(r"(?i)(^|[-_.])(nonroot|non-root|rootless)([-_.]|$)")


def final_user_is_root(resource: Resource, project: Project) -> Iterator[Violation]:
    chain = lineage(resource)
    for stage in chain:
        users = stage_instructions(stage, "USER")
        if users:
            user = users[-1].arguments.split()[0] if users[-1].arguments.split() else ""
            name = user.split(":", 1)[0]
            if "$" not in name and name.lower() in ("root", "0"):
                yield Violation(users[-1].line, f"the final stage runs as USER {user}", user)
            return
    if not chain:
        return
    root_image = chain[-1].get("image")
    if not isinstance(root_image, str) or "$" in root_image:
        return  # built on an image we cannot see: it may set its own USER
    if _NONROOT_TAG.search(image_reference(root_image).tag or ""):
        return
    yield Violation(chain[0].line, "the final stage has no USER instruction, so it runs as root", "no USER")


def add_remote_url(resource: Resource, project: Project) -> Iterator[Violation]:
    for item in every_instruction(resource, "ADD"):
        if "checksum" in item.flags:
            continue
        for source in _copy_sources(item):
            remote = re.match(r"^(?:https?|ftp)://", source, re.IGNORECASE) or source.startswith("git@")
            pinned_commit = re.search(r"#[0-9a-f]{40}$", source)
            if remote and not pinned_commit:
                yield Violation(item.line, f"ADD fetches {source} without --checksum", source)


def _copy_sources(item: Instruction) -> list[str]:
    text = item.arguments.strip()
    if text.startswith("<<"):
        return []
    if text.startswith("["):
        try:
            words = json.loads(text.split("\n", 1)[0])
        except ValueError:
            words = None
        if isinstance(words, list):
            return [str(word) for word in words[:-1]]
    return _words(text.split("\n", 1)[0])[:-1]


def image_unpinned(resource: Resource, project: Project) -> Iterator[Violation]:
    for stage, image in base_images(resource):
        reference = image_reference(image)
        if reference.digest is None and (reference.tag is None or reference.tag.lower() == "latest"):
            how = "the latest tag" if reference.tag else "no tag (latest)"
            yield Violation(stage.line, f"base image {image} uses {how}", image)


def image_without_digest(resource: Resource, project: Project) -> Iterator[Violation]:
    for stage, image in base_images(resource):
        reference = image_reference(image)
        if reference.digest is None and reference.tag is not None and reference.tag.lower() != "latest":
            yield Violation(stage.line, f"base image {image} is pinned by tag only, not by digest", image)


_FETCH_INTO_SHELL = re.compile(r"(?<![\w.-])(?:ba|z|k|da|a)?sh\s[^\n;&|]*?(?:\$\(|<\(|`)\s*(curl|wget)\b")


def pipe_to_shell(item: Instruction) -> Iterator[tuple[str, str]]:
    script = shell_script(item)
    for pipeline in pipelines(script):
        fetched = False
        for words in pipeline:
            program, _ = program_of(words)
            if program in ("curl", "wget"):
                fetched = True
            elif fetched and program in INTERPRETERS and _program_from_stdin(program, words):
                text = " | ".join(" ".join(command) for command in pipeline)
                yield f"downloads a script and pipes it into {program}: {_short(text)}", text
                break
    for match in _FETCH_INTO_SHELL.finditer(script):
        yield f"runs a script fetched by {match.group(1)} in a shell: {_short(match.group(0))}...", match.group(0)


# Options that give an interpreter its program inline (so stdin is only data): `python -c`, `perl -e`...
_INLINE_PROGRAM = {"python": "cm", "perl": "eE", "ruby": "e", "node": "ep", "php": "rR"}


def _program_from_stdin(program: str, words: list[str]) -> bool:
    """`| sh`, `| bash -s -- x`, `| python3 -`: yes. `| python3 -c '...'`, `| sh ./verify.sh`: no."""
    inline = _INLINE_PROGRAM.get(program, "c")
    arguments = program_of(words)[1]
    for word in arguments:
        if word in ("-", "-s", "--"):
            return True
        if word.startswith("--"):
            continue
        if word.startswith("-"):
            if any(letter in inline for letter in word[1:]):
                return False
            continue
        return False  # a script file
    return True


def _short(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


# Secret-looking names, shared with the Compose checks.
_SECRET_WORDS = ("password", "passwd", "passphrase", "secret")
_SECRET_ENDINGS = ("token", "apikey", "pwd")
_SECRET_PAIRS = {"api", "private", "access", "auth", "encryption", "signing"}
_NOT_SECRET_SUFFIXES = frozenset(
    {
        "file", "path", "dir", "directory", "location", "url", "uri", "endpoint", "host", "name", "length",
        "len", "size", "ttl", "timeout", "expiry", "expires", "expiration", "lifetime", "type", "header",
        "field", "param", "enabled", "required", "mode", "algorithm", "version", "prefix", "env", "var",
    }
)  # fmt: skip
_NOT_SECRET_VALUES = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1", "none", "null"})


def is_secret_name(name: str) -> bool:
    """PASSWORD, DB_PASSWORD, GITHUB_TOKEN, apiKey, AWS_SECRET_ACCESS_KEY; not TOKENIZERS_PARALLELISM,
    PASSWORD_FILE or SECRET_NAME (they name where a secret is, not the secret)."""
    words = [word for word in re.split(r"[_\-.]+", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()) if word]
    if not words or name.upper() == "PWD" or words[-1] in _NOT_SECRET_SUFFIXES:
        return False
    if any(secret in word for word in words for secret in _SECRET_WORDS):
        return True
    if any(word.endswith(_SECRET_ENDINGS) for word in words):
        return True
    return any(first in _SECRET_PAIRS and second == "key" for first, second in pairwise(words))


def is_literal_secret(value: str) -> bool:
    """A value worth hiding: not empty, a boolean, a path or a `$VARIABLE` reference."""
    text = value.strip().strip("'\"").strip()
    if not text or text.lower() in _NOT_SECRET_VALUES or text.startswith(("/", "./", "~/")):
        return False
    return re.search(r"(?<![\\$])\$(?:\{|[A-Za-z_])", text) is None


_ASSIGNMENTS = re.compile(r"""(?P<name>[A-Za-z_][\w.\-]*)=(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|(?:[^\s\\]|\\.)*)""")


def assignments(item: Instruction) -> list[tuple[str, str | None]]:
    """(name, raw value) of an ENV or ARG; the legacy `ENV NAME value with spaces` too."""
    text = item.arguments.strip()
    first = text.split(None, 1)
    if item.name == "ENV" and first and "=" not in first[0]:
        return [(first[0], first[1] if len(first) > 1 else None)]
    found: list[tuple[str, str | None]] = []
    position = 0
    for word in re.finditer(r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|\\.|[^\s"'\\])+""", text):
        if word.start() < position:
            continue
        match = _ASSIGNMENTS.match(text, word.start())
        if match:
            found.append((match.group("name"), match.group("value")))
            position = match.end()
        else:
            found.append((word.group(0), None))
    return found


def secret_in_env(resource: Resource, project: Project) -> Iterator[Violation]:
    for item in every_instruction(resource, "ENV", "ARG"):
        for name, value in assignments(item):
            if value is not None and is_secret_name(name) and is_literal_secret(value):
                yield Violation(item.line, f"{item.name} {name} is set to a literal value", value, sensitive=True)


def sudo_in_run(item: Instruction) -> Iterator[tuple[str, str]]:
    for words in commands(shell_script(item)):
        for word in words:  # past `VAR=x`, `env`, `exec`... to the program that runs
            program = _program(word)
            if _ASSIGNMENT.match(word) or word.startswith("-") or program in _PASS_THROUGH:
                continue
            if program in ("sudo", "doas"):
                yield f"RUN uses {program}: {_short(' '.join(words))}", " ".join(words)
            break


def _apt(program: str, arguments: list[str], *subcommands: str) -> bool:
    return program in ("apt-get", "apt") and _subcommand(arguments, _OPTION_VALUES["apt"]) in subcommands


def apt_without_no_install_recommends(resource: Resource, project: Project) -> Iterator[Violation]:
    if any("install-recommends" in item.arguments.lower() for item in every_instruction(resource, "RUN")):
        return  # configured once for the whole build (APT::Install-Recommends "false")
    for item in each_run(resource, lineage):
        for program, arguments in run_commands(item):
            if _apt(program, arguments, "install") and "--no-install-recommends" not in arguments:
                command = " ".join([program, *arguments])
                yield Violation(item.line, f"{program} install without --no-install-recommends", command)


# Options that take a value in the next word, per package manager.
_OPTION_VALUES: dict[str, frozenset[str]] = {
    "apt": frozenset({"-o", "-t", "-c", "--target-release", "--option", "--config-file", "--default-release"}),
    "apk": frozenset({"-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "--keys-dir"}),
    "yum": frozenset({"-c", "--config", "--installroot", "--releasever", "--enablerepo", "--disablerepo", "-x"}),
    "pip": frozenset({
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url",
        "--trusted-host", "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--src", "--platform",
        "--python-version", "--implementation", "--abi", "--only-binary", "--no-binary", "--progress-bar",
        "--cache-dir", "--log", "--timeout", "--retries", "--proxy", "--cert", "--client-cert",
        "--upgrade-strategy", "--global-option", "--config-settings", "-C", "--report", "--root-user-action",
    }),
}  # fmt: skip
_MANAGERS = {
    "apt-get": ("apt", ("install",)),
    "apt": ("apt", ("install",)),
    "apk": ("apk", ("add",)),
    "yum": ("yum", ("install",)),
    "dnf": ("yum", ("install",)),
    "microdnf": ("yum", ("install",)),
    "tdnf": ("yum", ("install",)),
    "pip": ("pip", ("install",)),
}


def _packages(family: str, arguments: list[str]) -> list[str] | None:
    """The package words after the install subcommand (None when a constraints file pins them)."""
    constrained = any(word in ("-c", "--constraint") or word.startswith("--constraint=") for word in arguments)
    if family == "pip" and constrained:
        return None
    return _positionals(arguments, _OPTION_VALUES[family])[1:]


def _unpinned(family: str, package: str) -> bool:
    if "$" in package or "/" in package or package.startswith((".", "@")) or "@" in package:
        return False
    if re.search(r"\.(deb|rpm|apk|whl|zip|tar\.gz|tgz)$", package):
        return False
    if family == "apt":
        return "=" not in package
    if family == "apk":
        return not re.search(r"[=~<>]", package)
    if family == "yum":
        return not re.search(r"-\d", package) and "=" not in package
    return not re.search(r"===?", package)


def unpinned_packages(item: Instruction) -> Iterator[tuple[str, str]]:
    for program, arguments in run_commands(item):
        manager = _MANAGERS.get(program)
        if manager is None:
            continue
        family, installs = manager
        subcommand = _subcommand(arguments, _OPTION_VALUES[family])
        if subcommand not in installs:
            continue
        loose = sorted({package for package in _packages(family, arguments) or () if _unpinned(family, package)})
        if loose:
            yield f"{program} {subcommand} without versions: {_short(', '.join(loose))}", " ".join(loose)


def _takes_value(program: str) -> frozenset[str]:
    family = _MANAGERS.get(program, ("", ()))[0]
    return _OPTION_VALUES.get(family, frozenset())


_INSTALLS = {"apt-get": ("install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep"), "apk": ("add", "upgrade")}


def update_alone(item: Instruction) -> Iterator[tuple[str, str]]:
    found = [
        ("apt-get" if program == "apt" else program, _subcommand(arguments, _takes_value(program)))
        for program, arguments in run_commands(item)
    ]
    for program, subcommand in found:
        if program not in _INSTALLS or subcommand != "update":
            continue
        if not any(other == program and action in _INSTALLS[program] for other, action in found):
            yield f"{program} update runs without an install in the same RUN", _short(shell_script(item), 200)


def _apt_cache_mounted(item: Instruction) -> bool:
    # The parser keeps only the last of repeated --mount flags, so a cache mount of either apt
    # directory is taken to mean apt caching is set up for this RUN.
    mount = str(item.flags.get("mount", ""))
    return "cache" in mount and ("/var/lib/apt" in mount or "/var/cache/apt" in mount)


def apt_lists_kept(item: Instruction) -> Iterator[tuple[str, str]]:
    found = run_commands(item)
    if _apt_cache_mounted(item):
        return
    updated = any(_apt(program, arguments, "update") for program, arguments in found)
    cleaned = any(
        program == "rm" and any(word.startswith("/var/lib/apt/lists") for word in arguments)
        for program, arguments in found
    )
    if updated and not cleaned:
        yield "apt package lists (/var/lib/apt/lists) are left in the layer", _short(shell_script(item), 200)


def healthcheck_missing(resource: Resource, project: Project) -> Iterator[Violation]:
    chain = lineage(resource)
    for stage in chain:
        checks = stage_instructions(stage, "HEALTHCHECK")
        if checks:
            if checks[-1].arguments.strip().upper() == "NONE":
                yield Violation(checks[-1].line, "HEALTHCHECK NONE disables the image's health check", "NONE")
            return
    if chain and isinstance(chain[-1].get("image"), str) and "$" not in chain[-1]["image"]:
        yield Violation(chain[0].line, "the final stage has no HEALTHCHECK", "no HEALTHCHECK")


def _world_writable(mode: str) -> bool:
    """777, 0666, o+w, a=rwx...; not 1777 (sticky, the /tmp idiom) and not `+w` (the umask decides)."""
    if re.fullmatch(r"[0-7]{3,4}", mode):
        sticky = len(mode) == 4 and int(mode[0]) & 1
        return bool(int(mode[-1]) & 2) and not sticky
    for clause in mode.split(","):
        parts = re.fullmatch(r"([ugoa]*)[+=]([rwxXst]*)", clause)
        if parts and "w" in parts.group(2) and re.search(r"[oa]", parts.group(1)):
            return True
    return False


def chmod_world_writable(item: Instruction) -> Iterator[tuple[str, str]]:
    for program, arguments in run_commands(item):
        if program != "chmod":
            continue
        mode = next((word for word in arguments if not word.startswith("-") or re.fullmatch(r"-[rwxXst]+", word)), "")
        if mode and not mode.startswith("-") and _world_writable(mode):
            yield f"chmod {mode} makes files world-writable", " ".join(["chmod", *arguments])


_SECRET_FILE = re.compile(
    r"(?ix)^(?: id_(?:rsa|dsa|ecdsa|ed25519) | \.env(?:\.[\w-]+)? | .+\.(?:pem|key|p12|pfx|jks|keystore|ppk|kdbx)"
    r" | credentials(?:\.json)? | \.git-credentials | \.netrc | \.pypirc | \.ssh | \.aws | \.gnupg )$"
)
_EXAMPLE_FILE = re.compile(r"(?i)\.(?:pub|example|sample|template|tmpl|tpl|dist|defaults?)$")
_PUBLIC_PEM = re.compile(
    r"(?i)(?:^|[-_.])(?:ca|cacert|certs?|certificate|chain|fullchain|bundle|public|pub|root|trust)"
)


def copies_secret_file(resource: Resource, project: Project) -> Iterator[Violation]:
    for item in every_instruction(resource, "COPY", "ADD"):
        for source in _copy_sources(item):
            base = source.rstrip("/").rsplit("/", 1)[-1]
            if "://" in source or not _SECRET_FILE.match(base) or _EXAMPLE_FILE.search(base):
                continue
            stem = base[:-4]
            if base.lower().endswith(".pem") and _PUBLIC_PEM.search(stem) and not re.search(r"(?i)key|priv", stem):
                continue
            yield Violation(item.line, f"{item.name} puts {source} into the image", source)


def exposes_ssh(resource: Resource, project: Project) -> Iterator[Violation]:
    for item in every_instruction(resource, "EXPOSE"):
        for word in item.arguments.split():
            port, _, protocol = word.partition("/")
            low, _, high = port.partition("-")
            if protocol.lower() in ("", "tcp") and low.isdigit() and int(low) <= 22 <= int(high or low):
                yield Violation(item.line, f"EXPOSE {word} publishes SSH", word)


QUOTES = "'\""
_TLS_OFF_ENV: dict[str, Callable[[str], bool]] = {
    "NODE_TLS_REJECT_UNAUTHORIZED": lambda value: value == "0",
    "GIT_SSL_NO_VERIFY": lambda value: value not in ("", "0", "false"),
    "PIP_TRUSTED_HOST": lambda value: value != "",
    "NPM_CONFIG_STRICT_SSL": lambda value: value == "false",
    "PYTHONHTTPSVERIFY": lambda value: value == "0",
}
_CURL_VALUE_FLAGS = frozenset("AbcCdDeEFHKmoPQrtTuUwxXyYz")  # short options that take a value


def _curl_insecure(arguments: list[str]) -> bool:
    for word in arguments:
        if word == "--insecure":
            return True
        if re.fullmatch(r"-[A-Za-z0-9#:]+", word):
            for letter in word[1:]:
                if letter == "k":
                    return True
                if letter in _CURL_VALUE_FLAGS:
                    break
    return False


def tls_verification_off(item: Instruction) -> Iterator[tuple[str, str]]:
    script = shell_script(item)
    for program, arguments in run_commands(item):
        joined = " ".join(arguments).lower()
        reason = ""
        if program == "curl" and _curl_insecure(arguments):
            reason = "curl --insecure (-k)"
        elif program == "wget" and "--no-check-certificate" in arguments:
            reason = "wget --no-check-certificate"
        elif program == "pip" and "trusted-host" in joined:
            reason = "pip --trusted-host"
        elif program in ("npm", "yarn", "pnpm") and re.search(r"strict-ssl(?:\s+|=)false", joined):
            reason = f"{program} strict-ssl false"
        elif program == "git" and re.search(r"http\.sslverify(?:\s+|=)(?:false|0|no)\b", joined):
            reason = "git http.sslVerify false"
        elif re.search(r"acquire::https?::verify-(?:peer|host)[\"'=\s]+\"?false", joined):
            reason = "apt Acquire::https::Verify-Peer false"
        if reason:
            yield f"{reason} turns off TLS certificate verification", " ".join([program, *arguments])
    if re.search(r"\binsecure\b[^\n]*>>?\s*\S*\.curlrc", script):
        yield "writes `insecure` into .curlrc, turning off TLS certificate verification", ".curlrc insecure"


def tls_verification_off_anywhere(resource: Resource, project: Project) -> Iterator[Violation]:
    yield from run_check(tls_verification_off)(resource, project)
    for item in every_instruction(resource, "ENV"):
        for name, value in assignments(item):
            test = _TLS_OFF_ENV.get(name.upper())
            if test is not None and value is not None and test(value.strip(QUOTES).lower()):
                setting = f"{name}={value.strip(QUOTES)}"
                yield Violation(item.line, f"ENV {setting} turns off TLS certificate verification", setting)


_UNVERIFIED_FLAGS = (
    (("apk",), re.compile(r"^--allow-untrusted$")),
    (
        ("apt-get", "apt"),
        re.compile(
            r"^--(?:allow-unauthenticated|allow-insecure-repositories|force-yes)$"
            r"|Allow(?:Unauthenticated|InsecureRepositories)=(?:true|1)",
            re.IGNORECASE,
        ),
    ),
    (
        ("yum", "dnf", "microdnf", "tdnf", "rpm"),
        re.compile(r"^--(?:nogpgcheck|nosignature|nodigest)$|^--setopt=\S*gpgcheck=(?:0|false)", re.IGNORECASE),
    ),
)
_UNVERIFIED_SOURCES = ("[trusted=yes]", "gpgcheck=0")


def unverified_packages(item: Instruction) -> Iterator[tuple[str, str]]:
    found = False
    for program, arguments in run_commands(item):
        pattern = next((flags for programs, flags in _UNVERIFIED_FLAGS if program in programs), None)
        bad = next((word for word in arguments if pattern and pattern.search(word)), None)
        if bad:
            found = True
            yield f"{program} {bad} installs packages without checking their signatures", f"{program} {bad}"
    script = shell_script(item).replace(" ", "").lower()
    for marker in _UNVERIFIED_SOURCES:
        if marker in script and not found:
            yield f"a package source is configured with {marker}, so its signatures are not checked", marker


# ---------------------------------------------------------------------------------------------
# The rows
# ---------------------------------------------------------------------------------------------

DOCKER_BEST_PRACTICES = "https://docs.docker.com/build/building/best-practices/"

CHECKS: tuple[Check, ...] = (
    dockerfile_check(
        id="iac/dockerfile-root-user",
        title="Container runs as root",
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,
        evaluate=final_user_is_root,
        rationale="The final stage sets no USER (or sets root), so the container's processes run as uid 0."
        " A remote-code-execution bug in the application then gives the attacker root inside the container,"
        " with write access to every file in the image and a much shorter path to a container escape"
        " (kernel bugs, mounted sockets, misconfigured capabilities). Earlier build stages do not matter;"
        " only the stage that ships (and the stages it is built FROM) does.",
        fix="Create an unprivileged user and switch to it in the final stage (`RUN useradd -r -u 10001 app`"
        " then `USER 10001`), or use a base image that already runs as non-root (e.g. distroless `:nonroot`).",
        insecure_example='FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]',
        secure_example="FROM python:3.12-slim\nRUN useradd --system --uid 10001 app\nCOPY --chown=app . /app\n"
        'USER 10001\nCMD ["python", "/app/main.py"]',
        controls=("CIS-DOCKER-4.1", "PCI-DSS-4.0-7.2.1", "SOC2-CC6.3", "NIST-800-53-AC-6"),
        cwe=("CWE-250",),
        references=("https://docs.docker.com/reference/dockerfile/#user",),
    ),
    dockerfile_check(
        id="iac/dockerfile-add-remote-url",
        title="ADD downloads a remote file without a checksum",
        severity=Severity.MEDIUM,
        evaluate=add_remote_url,
        rationale="`ADD https://...` puts whatever the server returns into the image, unverified: a compromised"
        " or hijacked download host (or a moved tag on a git URL) silently changes what you ship. ADD of a local"
        " file or archive is not reported here.",
        fix="Add `--checksum=sha256:<digest>` to the ADD (BuildKit), or download in a RUN step and verify the"
        " checksum or signature before using the file.",
        insecure_example="ADD https://example.com/tool-1.4.tar.gz /tmp/tool.tar.gz",
        secure_example="ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0114b7d2f4e \\\n"
        "    https://example.com/tool-1.4.tar.gz /tmp/tool.tar.gz",
        controls=("CIS-DOCKER-4.9", "CIS-DOCKER-4.11", "SOC2-CC8.1", "NIST-800-53-SI-7"),
        cwe=("CWE-494",),
        references=("https://docs.docker.com/reference/dockerfile/#add---checksum",),
    ),
    dockerfile_check(
        id="iac/dockerfile-image-latest",
        title="Base image uses the latest tag or no tag",
        severity=Severity.MEDIUM,
        evaluate=image_unpinned,
        rationale="`FROM node` or `FROM node:latest` builds on whatever the tag points to today: the next build"
        " may pull a new major version, a different OS, or (if the tag is hijacked) a malicious image, and two"
        " builds of the same commit are no longer the same. Stage aliases, `scratch` and ARG-built image names"
        " that cannot be resolved are not reported.",
        fix="Pin a specific version tag (`node:20.11-bookworm-slim`), ideally with its digest, and update it"
        " deliberately (Renovate/Dependabot can do this).",
        insecure_example="FROM node:latest",
        secure_example="FROM node:20.11-bookworm-slim",
        controls=("CIS-DOCKER-4.2", "SOC2-CC8.1", "NIST-800-53-CM-2"),
        cwe=("CWE-1357",),
        references=(DOCKER_BEST_PRACTICES,),
    ),
    dockerfile_check(
        id="iac/dockerfile-image-no-digest",
        title="Base image is pinned by tag but not by digest",
        severity=Severity.LOW,
        confidence=Confidence.MEDIUM,
        evaluate=image_without_digest,
        rationale="Tags are mutable: the publisher (or anyone who compromises the registry account) can point"
        " `python:3.12-slim` at different content. Only a digest guarantees the base image you reviewed is the"
        " one you build on. Images with no tag or `latest` are reported by iac/dockerfile-image-latest instead.",
        fix="Append the digest: `FROM python:3.12-slim@sha256:<digest>` (keep the tag for readability) and let a"
        " bot such as Renovate keep it current.",
        insecure_example="FROM python:3.12-slim",
        secure_example="FROM python:3.12-slim@sha256:2be8daddbb82756f7d1f2c7ece706aadcb284bf6ab6d769ea695cc3ed6016743",
        controls=("CIS-DOCKER-4.2", "SOC2-CC8.1", "NIST-800-53-SI-7"),
        cwe=("CWE-1357",),
        references=("https://docs.docker.com/reference/dockerfile/#from",),
    ),
    dockerfile_check(
        id="iac/dockerfile-pipe-to-shell",
        title="RUN pipes a downloaded script into a shell",
        severity=Severity.HIGH,
        evaluate=run_check(pipe_to_shell),
        rationale="`curl https://... | sh` executes whatever the server sends, as the build user (usually root),"
        " with no integrity check: a compromised or spoofed host, a truncated download, or a changed script"
        " becomes code in your image and your build environment.",
        fix="Download the script (or a release artifact) to a file, verify its checksum or signature, then run it;"
        " better, install the tool from a package manager or copy it from a pinned image.",
        insecure_example="RUN curl -fsSL https://get.example.com/install.sh | sh",
        secure_example="RUN curl -fsSLo /tmp/install.sh https://get.example.com/install-1.4.sh \\\n"
        ' && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh',
        controls=("CIS-DOCKER-4.11", "SOC2-CC8.1", "NIST-800-53-SI-7"),
        cwe=("CWE-494",),
        references=("https://docs.docker.com/reference/build-checks/",),
    ),
    dockerfile_check(
        id="iac/dockerfile-secret-in-env",
        title="Secret in ENV or ARG",
        severity=Severity.HIGH,
        evaluate=secret_in_env,
        rationale="ENV values are stored in the image config and ARG values in its build history: anyone who can"
        " pull the image reads them with `docker inspect` or `docker history`, long after the Dockerfile changed."
        " A literal password, token or key here is leaked to every registry, cache and host the image reaches."
        " An ARG without a default and values taken from `$VARIABLES` are not reported.",
        fix="Remove the value; pass build-time secrets with `RUN --mount=type=secret,id=...` and runtime secrets"
        " through the orchestrator's secret store (Kubernetes Secrets, Docker secrets, a vault). Rotate the"
        " exposed credential.",
        insecure_example="ENV DB_PASSWORD=changeme",
        secure_example="RUN --mount=type=secret,id=npm_token \\\n    NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci",
        controls=("CIS-DOCKER-4.10", "PCI-DSS-4.0-8.6.2", "SOC2-CC6.1", "NIST-800-53-IA-5"),
        cwe=("CWE-798",),
        references=("https://docs.docker.com/build/building/secrets/",),
    ),
    dockerfile_check(
        id="iac/dockerfile-sudo",
        title="RUN uses sudo",
        severity=Severity.MEDIUM,
        evaluate=run_check(sudo_in_run),
        rationale="RUN already runs as the current USER; needing sudo means the image ships sudo and a user"
        " allowed to use it, so an attacker who gets a shell as the 'unprivileged' user becomes root with one"
        " command. sudo also behaves unpredictably without a TTY.",
        fix="Run the privileged steps as root before the `USER` instruction, then switch to the unprivileged"
        " user; use `gosu`/`su-exec` if an entrypoint must drop privileges. Do not install sudo in the image.",
        insecure_example="USER app\nRUN sudo apt-get update && sudo apt-get install -y curl",
        secure_example="RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n"
        " && rm -rf /var/lib/apt/lists/*\nUSER app",
        controls=("CIS-DOCKER-4.1", "SOC2-CC6.3", "NIST-800-53-AC-6"),
        cwe=("CWE-250",),
        references=("https://github.com/hadolint/hadolint/wiki/DL3004",),
    ),
    dockerfile_check(
        id="iac/dockerfile-apt-install-recommends",
        title="apt-get install without --no-install-recommends",
        severity=Severity.INFO,
        evaluate=apt_without_no_install_recommends,
        rationale="apt installs 'recommended' packages by default, often dozens you did not ask for; each is"
        " attack surface and a source of CVE findings in the shipped image. Only the final stage (and the"
        " stages it is built FROM) are checked; a build stage's packages do not ship.",
        fix='Add `--no-install-recommends` to `apt-get install` (or set `APT::Install-Recommends "false";` in'
        " /etc/apt/apt.conf.d).",
        insecure_example="RUN apt-get update && apt-get install -y curl",
        secure_example="RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n"
        " && rm -rf /var/lib/apt/lists/*",
        controls=("CIS-DOCKER-4.3", "NIST-800-53-CM-7"),
        references=("https://github.com/hadolint/hadolint/wiki/DL3015",),
    ),
    dockerfile_check(
        id="iac/dockerfile-package-unpinned",
        title="Packages installed without version pinning",
        severity=Severity.LOW,
        confidence=Confidence.MEDIUM,
        evaluate=run_check(unpinned_packages),
        rationale="`apt-get install curl`, `apk add curl`, `yum install curl` or `pip install requests` take"
        " whatever version the mirror offers at build time, so rebuilding the same commit can ship different"
        " (possibly vulnerable or compromised) code, and a reviewed build cannot be reproduced. Requirements"
        " and constraints files, local paths and wheels are not reported.",
        fix="Pin versions (`curl=7.88.1-10+deb12u5`, `curl=8.5.0-r0`, `requests==2.31.0`) or install from a"
        " lock/requirements file with hashes, and update pins deliberately.",
        insecure_example="RUN pip install requests flask",
        secure_example="RUN pip install --no-cache-dir requests==2.31.0 flask==3.0.2",
        controls=("SOC2-CC8.1", "NIST-800-53-CM-2"),
        cwe=("CWE-1357",),
        references=(
            "https://github.com/hadolint/hadolint/wiki/DL3008",
            "https://github.com/hadolint/hadolint/wiki/DL3013",
        ),
    ),
    dockerfile_check(
        id="iac/dockerfile-update-alone",
        title="Package index update in a RUN without an install",
        severity=Severity.INFO,
        evaluate=run_check(update_alone),
        rationale="A RUN that only does `apt-get update` is cached as its own layer; later builds reuse the stale"
        " package index and install old, possibly vulnerable, versions (or fail) even though the install line"
        " changed.",
        fix="Run `apt-get update` and `apt-get install` in the same RUN instruction (and clean the lists in it too).",
        insecure_example="RUN apt-get update\nRUN apt-get install -y --no-install-recommends curl",
        secure_example="RUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n"
        " && rm -rf /var/lib/apt/lists/*",
        controls=("CIS-DOCKER-4.7", "NIST-800-53-SI-2"),
        cwe=("CWE-1104",),
        references=(DOCKER_BEST_PRACTICES,),
    ),
    dockerfile_check(
        id="iac/dockerfile-apt-lists-kept",
        title="apt package lists left in the image",
        severity=Severity.INFO,
        evaluate=run_check(apt_lists_kept, lineage),
        rationale="`apt-get update` writes tens of megabytes to /var/lib/apt/lists; unless the same RUN removes"
        " them they stay in a layer of the shipped image forever, bloating it and recording stale package"
        " metadata. Build stages that do not ship and RUNs with an apt cache mount are not reported.",
        fix="End the RUN with `&& rm -rf /var/lib/apt/lists/*`, or use a BuildKit cache mount"
        " (`RUN --mount=type=cache,target=/var/lib/apt ...`).",
        insecure_example="RUN apt-get update && apt-get install -y --no-install-recommends curl",
        secure_example="RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n"
        " && rm -rf /var/lib/apt/lists/*",
        controls=("NIST-800-53-CM-7",),
        references=(DOCKER_BEST_PRACTICES,),
    ),
    dockerfile_check(
        id="iac/dockerfile-healthcheck-missing",
        title="No HEALTHCHECK in the final stage",
        severity=Severity.INFO,
        confidence=Confidence.MEDIUM,
        evaluate=healthcheck_missing,
        rationale="Without a HEALTHCHECK, Docker and Compose consider a hung or deadlocked container healthy and"
        " never restart or replace it, so an outage (or a process wedged by an attack) goes unnoticed."
        " Orchestrators with their own probes (Kubernetes) ignore HEALTHCHECK, so this is informational.",
        fix='Add a HEALTHCHECK that exercises the service, e.g. `HEALTHCHECK --interval=30s CMD ["/app/healthcheck"]`.',
        insecure_example="FROM nginx:1.25\nCOPY site /usr/share/nginx/html",
        secure_example="FROM nginx:1.25\nCOPY site /usr/share/nginx/html\n"
        "HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/ || exit 1",
        controls=("CIS-DOCKER-4.6", "SOC2-A1.2", "NIST-800-53-SI-4"),
        references=("https://docs.docker.com/reference/dockerfile/#healthcheck",),
    ),
    dockerfile_check(
        id="iac/dockerfile-chmod-world-writable",
        title="chmod makes files world-writable",
        severity=Severity.MEDIUM,
        evaluate=run_check(chmod_world_writable),
        rationale="`chmod 777` (or `o+w`) lets any user in the container modify the files, including the"
        " application code and scripts that root later executes: an attacker with a foothold as any user can"
        " plant code or escalate. Sticky-bit modes such as 1777 (the /tmp idiom) are not reported.",
        fix="Give ownership to the user that needs it (`COPY --chown=app` or `chown app`) and use 755/644 (or"
        " 775/664 for a shared group).",
        insecure_example="RUN chmod -R 777 /app",
        secure_example="COPY --chown=app:app . /app\nRUN chmod -R 755 /app",
        controls=("SOC2-CC6.1", "NIST-800-53-AC-3"),
        cwe=("CWE-732",),
        references=("https://cwe.mitre.org/data/definitions/732.html",),
    ),
    dockerfile_check(
        id="iac/dockerfile-copy-secret-file",
        title="COPY/ADD of a private key or credentials file",
        severity=Severity.HIGH,
        evaluate=copies_secret_file,
        rationale="A private key (id_rsa, *.key, *.pem), a .env file or a cloud credentials file copied into the"
        " image is readable by anyone who can pull it, from any layer, even if a later RUN deletes it."
        " Example and template files (.env.example, *.pub) and certificate bundles are not reported.",
        fix="Do not copy secrets; use `RUN --mount=type=secret` (or `--mount=type=ssh` for git over SSH) at build"
        " time and inject runtime secrets from the orchestrator. Add the files to .dockerignore and rotate"
        " anything that was shipped.",
        insecure_example="COPY id_rsa /root/.ssh/id_rsa\nRUN git clone git@github.com:org/private.git",
        secure_example="RUN --mount=type=ssh git clone git@github.com:org/private.git",
        controls=("CIS-DOCKER-4.10", "PCI-DSS-4.0-8.6.2", "SOC2-CC6.1", "NIST-800-53-IA-5"),
        cwe=("CWE-798", "CWE-538"),
        references=("https://docs.docker.com/build/building/secrets/",),
    ),
    dockerfile_check(
        id="iac/dockerfile-expose-ssh",
        title="Image exposes SSH (port 22)",
        severity=Severity.MEDIUM,
        evaluate=exposes_ssh,
        rationale="An SSH daemon in a container is another credential store and network service to patch and"
        " brute-force, and it bypasses the platform's audited access path. Containers are debugged with"
        " `docker exec` / `kubectl exec`, not SSH.",
        fix="Remove `EXPOSE 22` and the SSH server; use `docker exec` or `kubectl exec` (or a debug sidecar).",
        insecure_example="RUN apt-get install -y openssh-server\nEXPOSE 22",
        secure_example="EXPOSE 8080",
        controls=("CIS-DOCKER-5.6", "PCI-DSS-4.0-2.2.4", "SOC2-CC6.6", "NIST-800-53-CM-7"),
        cwe=("CWE-284",),
        references=("https://docs.docker.com/reference/dockerfile/#expose",),
    ),
    dockerfile_check(
        id="iac/dockerfile-tls-verification-disabled",
        title="TLS certificate verification turned off in the build",
        severity=Severity.MEDIUM,
        evaluate=tls_verification_off_anywhere,
        rationale="`curl -k`, `wget --no-check-certificate`, `pip --trusted-host`, `npm config set strict-ssl"
        " false`, `git http.sslVerify false` or `NODE_TLS_REJECT_UNAUTHORIZED=0` accept any certificate, so"
        " anyone on the network path (a proxy, a compromised Wi-Fi, DNS spoofing) can substitute the code and"
        " packages the image is built from. ENV settings also weaken the running application.",
        fix="Keep verification on; if a corporate proxy re-signs TLS, add its CA to the image"
        " (`COPY corp-ca.crt /usr/local/share/ca-certificates/ && update-ca-certificates`).",
        insecure_example="RUN curl -fsSLk https://example.com/tool.tar.gz | tar -xz",
        secure_example="COPY corp-ca.crt /usr/local/share/ca-certificates/\nRUN update-ca-certificates \\\n"
        " && curl -fsSL https://example.com/tool.tar.gz | tar -xz",
        controls=("CIS-DOCKER-4.11", "PCI-DSS-4.0-4.2.1", "SOC2-CC6.7", "NIST-800-53-SC-8"),
        cwe=("CWE-295",),
        references=("https://curl.se/docs/sslcerts.html",),
    ),
    dockerfile_check(
        id="iac/dockerfile-unverified-packages",
        title="Packages installed without signature verification",
        severity=Severity.MEDIUM,
        evaluate=run_check(unverified_packages),
        rationale="`apk --allow-untrusted`, `apt-get --allow-unauthenticated`, `[trusted=yes]` sources, or"
        " `yum --nogpgcheck` / `gpgcheck=0` install packages whose signatures are not checked: a tampered mirror"
        " or a man in the middle can ship arbitrary code as root into the image.",
        fix="Import the repository's signing key (`/etc/apt/keyrings`, `rpm --import`, `/etc/apk/keys`) and drop"
        " the flag.",
        insecure_example="RUN apk add --no-cache --allow-untrusted /tmp/tool.apk",
        secure_example="COPY tool-signing.rsa.pub /etc/apk/keys/\nRUN apk add --no-cache /tmp/tool.apk",
        controls=("CIS-DOCKER-4.11", "SOC2-CC8.1", "NIST-800-53-SI-7"),
        cwe=("CWE-347",),
        references=("https://wiki.debian.org/SecureApt",),
    ),
)

__all__ = ["CHECKS", "image_reference", "is_literal_secret", "is_secret_name"]
