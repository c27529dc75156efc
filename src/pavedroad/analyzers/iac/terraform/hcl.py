"""One .tf file into line-aware Nodes, through python-hcl2 (blocks carry their lines).

python-hcl2 reports the first and last line of every block but not of attributes, so an
attribute's line is found in the text: the first `name =` line inside its block that is
not inside one of the block's nested blocks.
"""

from __future__ import annotations

import re
from typing import Any

from hcl2.api import loads as load_hcl
from lark.exceptions import LarkError, UnexpectedInput

from pavedroad.analyzers.iac.model import Node, NodeList

START, END = "__start_line__", "__end_line__"


class HclError(ValueError):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def parse_hcl(text: str) -> Node:
    """The file's top-level blocks and attributes; raises HclError naming the line."""
    text = text.replace("\r\n", "\n")  # python-hcl2's grammar knows only "\n" (Windows checkouts)
    try:
        raw = load_hcl(text, with_meta=True)
    except UnexpectedInput as error:
        raise HclError(f"invalid HCL: unexpected {_describe(error)}", getattr(error, "line", None)) from None
    except (LarkError, ValueError, TypeError, KeyError, IndexError) as error:
        raise HclError(f"invalid HCL: {type(error).__name__}: {error}") from None
    except RecursionError:
        raise HclError("invalid HCL: nested too deeply") from None
    lines = text.splitlines()
    return _LineFinder(lines).block(raw, 1, len(lines))


def _describe(error: UnexpectedInput) -> str:
    token = getattr(error, "token", None)
    if token is not None:
        return f"{str(token)[:40]!r}"
    char = getattr(error, "char", None)
    return f"character {char!r}" if char else "input"


def is_block_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) and START in item for item in value)


class _LineFinder:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def block(self, raw: dict[str, Any], start: int, end: int) -> Node:
        node = Node(start)
        nested = [(item[START], item[END]) for value in raw.values() if is_block_list(value) for item in value] + [
            (inner[START], inner[END])
            for value in raw.values()
            if isinstance(value, list)
            for item in value
            if isinstance(item, dict) and START not in item
            for inner in item.values()
            if isinstance(inner, dict) and START in inner
        ]
        for key, value in raw.items():
            if key in (START, END):
                continue
            if is_block_list(value):
                blocks = NodeList(value[0][START])
                for item in value:
                    blocks.add(self.block(item, item[START], item[END]), item[START])
                node.set(key, blocks, value[0][START])
            elif isinstance(value, dict) and START in value:  # a labelled block: `variable "x" {}`
                node.set(key, self.block(value, value[START], value[END]), value[START])
            else:
                line = self.attribute_line(key, start, end, nested)
                node.set(key, self.value(value, line, end), line)
        return node

    def value(self, raw: Any, line: int, end: int) -> Any:
        if isinstance(raw, dict):
            if START in raw:
                return self.block(raw, raw[START], raw[END])
            mapping = Node(line)
            for key, item in raw.items():
                key_line = self.attribute_line(key, line, end, [], colon=True)
                mapping.set(key, self.value(item, key_line, end), key_line)
            return mapping
        if isinstance(raw, list):
            if (
                raw
                and all(isinstance(item, dict) and START not in item and len(item) == 1 for item in raw)
                and all(
                    isinstance(next(iter(item.values())), dict) and START in next(iter(item.values())) for item in raw
                )
            ):
                # labelled blocks in a list: [{"label": {block}}, ...]
                result = Node(line)
                for item in raw:
                    ((label, block),) = item.items()
                    result.set(label, self.block(block, block[START], block[END]), block[START])
                return result
            items = NodeList(line)
            for item in raw:
                items.add(self.value(item, line, end), line)
            return items
        return raw

    def attribute_line(
        self, key: str, start: int, end: int, nested: list[tuple[int, int]], *, colon: bool = False
    ) -> int:
        pattern = _key_pattern(key, colon)
        for number in range(start, min(end, len(self.lines)) + 1):
            if any(low < number <= high for low, high in nested):
                continue
            if pattern.match(self.lines[number - 1]):
                return number
        return start


_PATTERNS: dict[tuple[str, bool], re.Pattern[str]] = {}


def _key_pattern(key: str, colon: bool) -> re.Pattern[str]:
    pattern = _PATTERNS.get((key, colon))
    if pattern is None:
        separator = "[=:]" if colon else "="
        pattern = re.compile(rf"""^\s*(?:[{{,]\s*)?["']?{re.escape(key)}["']?\s*{separator}(?!=)""")
        _PATTERNS[(key, colon)] = pattern
    return pattern
