"""Just enough Groovy lexing for Jenkinsfile checks: comments, string literals and their lines.

A Jenkinsfile is not parsed (see sources.read_jenkinsfile). This scanner finds string literals
('...', "...", '''...''', \"\"\"...\"\"\") and blanks comments out of the text, keeping every offset,
so checks can match regular expressions on the code and still tell a single-quoted string
(passed to the shell as written) from a double-quoted GString (interpolated by Groovy first).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pavedroad.analyzers.iac.model import Resource


@dataclass(frozen=True, slots=True)
class Literal:
    start: int  # offset of the opening quote
    end: int  # offset just after the closing quote
    quote: str  # ', ", ''' or \"\"\"

    @property
    def body_start(self) -> int:
        return self.start + len(self.quote)

    @property
    def interpolated(self) -> bool:
        return self.quote[0] == '"'


class Groovy:
    """A Jenkinsfile's text with comments blanked (`code`), its string literals, and offset-to-line mapping."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.code, self.literals = _scan(text)
        self._literal_starts = [literal.start for literal in self.literals]
        self._newlines = [index for index, character in enumerate(text) if character == "\n"]

    @classmethod
    def of(cls, resource: Resource) -> Groovy | None:
        text = resource.body.get("text")
        return cls(text) if isinstance(text, str) else None

    def line_of(self, offset: int) -> int:
        return bisect.bisect_left(self._newlines, offset) + 1

    def body(self, literal: Literal) -> str:
        return self.text[literal.body_start : literal.end - len(literal.quote)]

    def literal_at(self, offset: int) -> Literal | None:
        """The literal that starts at `offset` (after blanks), if any."""
        while offset < len(self.code) and self.code[offset] in " \t":
            offset += 1
        index = bisect.bisect_left(self._literal_starts, offset)
        if index < len(self.literals) and self.literals[index].start == offset:
            return self.literals[index]
        return None

    def literal_containing(self, offset: int) -> Literal | None:
        index = bisect.bisect_right(self._literal_starts, offset) - 1
        if index >= 0 and self.literals[index].start <= offset < self.literals[index].end:
            return self.literals[index]
        return None

    def body_lines(self, literal: Literal) -> Iterator[tuple[int, str]]:
        """(line, text) of every line of a literal's content."""
        offset = literal.body_start
        for text in self.body(literal).split("\n"):
            yield self.line_of(offset), text
            offset += len(text) + 1

    def closing(self, opening: int) -> int:
        """Offset of the bracket matching the one at `opening` (brackets inside literals ignored)."""
        pairs = {"(": ")", "{": "}", "[": "]"}
        open_character = self.code[opening]
        close_character = pairs[open_character]
        depth = 0
        offset = opening
        while offset < len(self.code):
            literal = self.literal_containing(offset)
            if literal is not None:
                offset = literal.end
                continue
            character = self.code[offset]
            if character == open_character:
                depth += 1
            elif character == close_character:
                depth -= 1
                if depth == 0:
                    return offset
            offset += 1
        return len(self.code)


# A shell step and its script: `sh "..."`, `sh(script: '''...''', returnStdout: true)`, `bat label: 'x', script: "..."`.
SHELL_STEP = re.compile(
    r"\b(?:sh|bat|powershell|pwsh)\b\s*\(?\s*(?:(?!script\b)\w+\s*:\s*(?:'[^'\n]*'|\"[^\"\n]*\"|\w+)\s*,\s*)*(?:script\s*:\s*)?"
)


def shell_scripts(groovy: Groovy) -> Iterator[Literal]:
    """The script literal of every shell step."""
    for match in SHELL_STEP.finditer(groovy.code):
        if groovy.literal_containing(match.start()) is not None:
            continue
        literal = groovy.literal_at(match.end())
        if literal is not None:
            yield literal


_INTERPOLATION = re.compile(r"(?<!\\)\$(?:\{(?P<braced>[^}]*)\}|(?P<bare>[A-Za-z_][\w.]*))")


def interpolations(groovy: Groovy, literal: Literal) -> Iterator[tuple[int, str]]:
    """(offset, expression) of every `${...}` / `$name` Groovy expands in a double-quoted literal."""
    if not literal.interpolated:
        return
    body = groovy.body(literal)
    for match in _INTERPOLATION.finditer(body):
        expression = match.group("braced") if match.group("braced") is not None else match.group("bare")
        yield literal.body_start + match.start(), expression.strip()


def _scan(text: str) -> tuple[str, list[Literal]]:
    code = list(text)
    literals: list[Literal] = []
    index, length = 0, len(text)
    while index < length:
        character = text[index]
        if text.startswith("//", index):
            end = text.find("\n", index)
            end = length if end < 0 else end
            code[index:end] = " " * (end - index)
            index = end
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            end = length if end < 0 else end + 2
            code[index:end] = [c if c == "\n" else " " for c in text[index:end]]
            index = end
        elif character in "'\"":
            quote = character * 3 if text.startswith(character * 3, index) else character
            end = _string_end(text, index + len(quote), quote)
            literals.append(Literal(index, end, quote))
            index = end
        else:
            index += 1
    return "".join(code), literals


def _string_end(text: str, index: int, quote: str) -> int:
    """Offset after the closing quote; GString `${...}` blocks may contain quotes of their own."""
    length = len(text)
    while index < length:
        if text[index] == "\\":
            index += 2
            continue
        if quote[0] == '"' and text.startswith("${", index):
            depth, index = 1, index + 2
            while index < length and depth:
                depth += {"{": 1, "}": -1}.get(text[index], 0)
                index += 1
            continue
        if text.startswith(quote, index):
            return index + len(quote)
        if len(quote) == 1 and text[index] == "\n":
            return index  # unterminated single-line string: stop at the line end
        index += 1
    return length
