"""Parsing JavaScript and TypeScript with the tree-sitter grammars from PyPI (compiled in, no download).

tree-sitter never fails: a broken file becomes a tree with ERROR nodes. Files that are mostly
ERROR are skipped with a reason (analysing them would only invent or hide findings); files too
large to be hand-written (bundles, generated code) are skipped before parsing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import tree_sitter_javascript
import tree_sitter_typescript
from tree_sitter import Language, Node, Parser, Query, QueryCursor

MAX_BYTES = 2_000_000  # hand-written modules are far smaller; bundles and generated code are not worth it
MAX_ERROR_SHARE = 0.34  # more than a third of the lines do not parse: not really this language
GRAMMAR_BY_EXTENSION = {
    ".js": "javascript",  # the JavaScript grammar parses JSX too
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
}


class SkippedSource(Exception):
    """A file the engine does not analyse, with the reason shown to the user."""


# The node kinds the module index reads, found by tree-sitter's own (C) query engine in one pass
# instead of a Python walk over every node.
INDEX_QUERY = """
(import_statement) @import
(variable_declarator) @declarator
(function_declaration) @function
(generator_function_declaration) @function
(class_declaration) @class
(class) @class
(export_statement) @export
(assignment_expression) @assignment
(call_expression) @call
(new_expression) @call
"""


@dataclass(frozen=True, slots=True)
class ParsedSource:
    relpath: str
    root: Node
    lines: list[str]
    grammar: str = "javascript"

    def index_nodes(self) -> dict[str, list[Node]]:
        """The nodes of INDEX_QUERY by capture name, each list in source order."""
        return QueryCursor(_index_query(self.grammar)).captures(self.root)


def grammar_for(relpath: str) -> str | None:
    """The grammar for a file name, or None when it is not JavaScript or TypeScript."""
    name = relpath.lower()
    if name.endswith(".d.ts"):
        return None  # declarations hold no code
    dot = name.rfind(".")
    return GRAMMAR_BY_EXTENSION.get(name[dot:]) if dot >= 0 else None


@cache
def _language(grammar: str) -> Language:
    if grammar == "javascript":
        return Language(tree_sitter_javascript.language())
    if grammar == "typescript":
        return Language(tree_sitter_typescript.language_typescript())
    return Language(tree_sitter_typescript.language_tsx())


@cache
def _parser(grammar: str) -> Parser:
    return Parser(_language(grammar))


@cache
def _index_query(grammar: str) -> Query:
    return Query(_language(grammar), INDEX_QUERY)


def parse_source(relpath: str, data: bytes) -> ParsedSource:
    """The syntax tree of one file; raises SkippedSource for files not worth analysing."""
    grammar = grammar_for(relpath)
    if grammar is None:
        raise SkippedSource("not a JavaScript or TypeScript source")
    if len(data) > MAX_BYTES:
        raise SkippedSource(f"larger than {MAX_BYTES // 1_000_000} MB: generated or bundled code is not analysed")
    tree = _parser(grammar).parse(data)
    root = tree.root_node
    if root.has_error:
        share = error_share(root, sum(1 for line in data.splitlines() if line.strip()))
        if share > MAX_ERROR_SHARE:
            raise SkippedSource(f"not valid {grammar}: {share:.0%} of its lines do not parse")
    return ParsedSource(relpath, root, data.decode("utf-8", "replace").splitlines(), grammar)


def error_share(root: Node, lines: int) -> float:
    """The part of the file's non-blank lines holding code the parser could not fit anywhere (tokens left
    loose inside ERROR nodes, MISSING tokens). Code that error recovery kept counts as parsed, so one
    broken function in a module costs its own lines only."""
    if lines <= 0:
        return 0.0
    broken_rows: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        for child in node.children:
            loose = node.is_error and not child.is_error and (not child.is_named or child.child_count == 0)
            if loose or child.is_missing:
                broken_rows.update(range(child.start_point[0], child.end_point[0] + 1))
            elif child.has_error or child.is_error:
                pending.append(child)
    return min(1.0, len(broken_rows) / lines)


def text(node: Node | None) -> str:
    """The source text of a node ("" for none)."""
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")
