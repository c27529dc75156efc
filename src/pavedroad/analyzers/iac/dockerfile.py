"""Dockerfiles: stages and their instructions, with continuation lines and heredocs joined.

One Resource per file (kind "dockerfile"); its body holds `stages`, each with the base
`image`, the stage `alias` and `instructions` (`instruction`, `arguments`, `flags`), every
one of which knows its line. `ARG`s declared before the first FROM are substituted into
FROM lines when they have defaults; a base image that stays unresolved is Unknown.
"""

from __future__ import annotations

import re
from typing import Any

from pavedroad.analyzers.iac.model import Node, NodeList, Resource, Unknown

_DIRECTIVE = re.compile(r"^#\s*(escape|syntax|check)\s*=\s*(\S+)\s*$", re.IGNORECASE)
_HEREDOC = re.compile(r"<<-?\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?")
_FLAG = re.compile(r"^--([a-z-]+)(?:=(\S*))?\s*")
_VARIABLE = re.compile(r"\$(?:\{([A-Za-z_]\w*)(?::-([^}]*)|:\+[^}]*)?\}|([A-Za-z_]\w*))")


def parse_dockerfile(text: str, relpath: str) -> Resource:
    escape = "\\"
    lines = text.splitlines()
    body = Node(1)
    stages = NodeList(1)
    global_args: dict[str, Any] = {}
    current: Node | None = None
    index = 0
    in_header = True
    while index < len(lines):
        raw = lines[index]
        stripped = raw.strip()
        if in_header:
            directive = _DIRECTIVE.match(stripped)
            if directive and directive.group(1).lower() == "escape":
                escape = directive.group(2)[:1] or "\\"
            if not directive:
                in_header = False
        if not stripped or stripped.startswith("#"):
            index += 1
            continue
        start = index
        text_parts = [raw.rstrip()]
        continued = text_parts[-1].endswith(escape)
        while continued and index + 1 < len(lines):
            text_parts[-1] = text_parts[-1][:-1] if text_parts[-1].endswith(escape) else text_parts[-1]
            index += 1
            following = lines[index].rstrip()
            if not following.strip() or following.strip().startswith("#"):
                continue  # Docker skips comment and empty lines inside a continuation
            text_parts.append(following)
            continued = following.endswith(escape)
        logical = " ".join(part.strip() for part in text_parts)
        heredoc = _HEREDOC.search(logical)
        if heredoc and logical.split(None, 1)[0].upper() in ("RUN", "COPY", "ADD"):
            terminator = heredoc.group(1)
            while index + 1 < len(lines):
                index += 1
                if lines[index].strip() == terminator:
                    break
                logical += "\n" + lines[index]
        instruction_node = _instruction(logical, start + 1, index + 1)
        index += 1
        if instruction_node is None:
            continue
        name = instruction_node["instruction"]
        if name == "FROM":
            current = _stage(instruction_node, global_args)
            stages.add(current, start + 1)
        elif current is None:
            if name == "ARG":
                global_args.update(_arg_defaults(instruction_node["arguments"]))
            body.setdefault("preamble", NodeList(start + 1)).add(instruction_node, start + 1)
        else:
            current["instructions"].add(instruction_node, start + 1)
    body.set("stages", stages, 1)
    return Resource("dockerfile", "dockerfile", relpath, body, relpath, 1, len(lines), relpath)


def _instruction(logical: str, line: int, end_line: int) -> Node | None:
    parts = logical.strip().split(None, 1)
    if not parts:
        return None
    node = Node(line)
    node.set("instruction", parts[0].upper(), line)
    arguments = parts[1] if len(parts) > 1 else ""
    flags = Node(line)
    while True:
        flag = _FLAG.match(arguments)
        if flag is None:
            break
        name, value = flag.group(1), flag.group(2) if flag.group(2) is not None else True
        if name in flags:  # a repeated flag (several --mount): every value, in order
            previous = flags[name]
            values = previous if isinstance(previous, NodeList) else NodeList(line)
            if not isinstance(previous, NodeList):
                values.add(previous, line)
            values.add(value, line)
            flags.set(name, values, line)
        else:
            flags.set(name, value, line)
        arguments = arguments[flag.end() :]
    node.set("flags", flags, line)
    node.set("arguments", arguments.strip(), line)
    node.set("end_line", end_line, line)
    return node


def _stage(instruction: Node, global_args: dict[str, Any]) -> Node:
    line = instruction.line
    words = instruction["arguments"].split()
    image: Any = words[0] if words else ""
    if isinstance(image, str) and "$" in image:
        image = _substitute(image, global_args)
    alias = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
    stage = Node(line)
    stage.set("image", image, line)
    stage.set("alias", alias, line)
    stage.set("platform", instruction["flags"].get("platform"), line)
    stage.set("instructions", NodeList(line), line)
    return stage


def _substitute(text: str, values: dict[str, Any]) -> Any:
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        name = match.group(1) or match.group(3)
        value = values.get(name)
        if isinstance(value, str) and value:
            return value
        fallback = match.group(2)
        if fallback is not None:  # ${NAME:-default}
            return fallback
        missing = True
        return match.group(0)

    result = _VARIABLE.sub(replace, text)
    return Unknown(text) if missing else result


def _arg_defaults(arguments: str) -> dict[str, str | None]:
    defaults: dict[str, str | None] = {}
    for word in arguments.split():
        name, _, default = word.partition("=")
        defaults[name] = default.strip("\"'") if default else None
    return defaults


def stage_names(resource: Resource) -> set[str]:
    """Aliases of the file's stages (a FROM naming one is not a base image)."""
    return {stage["alias"] for stage in resource.body.get("stages", []) if stage.get("alias")}
