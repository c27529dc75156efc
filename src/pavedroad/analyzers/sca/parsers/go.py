"""Go modules: go.mod (require blocks, `// indirect`, replace directives) and go.sum.

A `replace` that points at another module version is what the build uses, so the
component takes the replacement's path and version and the replace line; one that points
at a local directory leaves the module unpinned, its specifier saying where
("=> ../fork"). go.sum says nothing about which modules are direct: that comes from the
go.mod beside it. go.mod has no graph, so there are no dependency paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._source import ManifestFile
from pavedroad.core.components import GO, Component

# go.mod verbs that take a block of entries.
BLOCK_VERBS = frozenset({"require", "replace", "exclude", "retract", "tool", "godebug", "ignore"})
KNOWN_VERBS = BLOCK_VERBS | {"module", "go", "toolchain"}
GO_SUM_MOD_SUFFIX = "/go.mod"

_INDIRECT = re.compile(r"//\s*indirect\b")


@dataclass(frozen=True, slots=True)
class Directive:
    """One go.mod entry: its verb, its words (comments removed) and whether it is marked indirect."""

    verb: str
    words: tuple[str, ...]
    line: int
    indirect: bool


@dataclass(frozen=True, slots=True)
class Replacement:
    """Where a replace directive sends a module: another module version, or a local path."""

    path: str
    version: str | None
    line: int


def read_go_mod(file: ManifestFile) -> list[Directive]:
    """The directives of a go.mod, blocks flattened; lines that fit no directive are problems."""
    directives: list[Directive] = []
    block: str | None = None
    for number, raw in enumerate(file.text.splitlines(), start=1):
        code, _, comment = raw.partition("//")
        words = tuple(_unquote(word) for word in code.split())
        indirect = bool(_INDIRECT.search("//" + comment)) if comment else False
        if not words:
            continue
        if block is not None:
            if words == (")",):
                block = None
            else:
                directives.append(Directive(block, words, number, indirect))
        elif words[0] in BLOCK_VERBS and words[1:] == ("(",):
            block = words[0]
        elif words[0] in KNOWN_VERBS:
            directives.append(Directive(words[0], words[1:], number, indirect))
        else:
            file.problem(f"unknown go.mod directive {words[0]!r}", number)
    if block is not None:
        file.problem(f"unterminated {block} block at the end of go.mod")
    return directives


def direct_modules(directives: list[Directive]) -> set[str]:
    """The module paths a go.mod requires without `// indirect`."""
    return {d.words[0] for d in directives if d.verb == "require" and d.words and not d.indirect}


def parse_go_mod(file: ManifestFile) -> list[Component]:
    """The modules a go.mod requires, with replacements applied."""
    directives = read_go_mod(file)
    replacements = dict(_replacements(file, directives))
    graph = PackageGraph(has_graph=False)
    for directive in directives:
        if directive.verb != "require":
            continue
        if len(directive.words) < 2:
            file.problem("require without a module version", directive.line)
            continue
        path, version = directive.words[0], directive.words[1]
        replacement = replacements.get((path, version)) or replacements.get((path, None))
        package = Package(path, version, directive.line)
        if replacement is not None and replacement.version is not None:
            package = Package(replacement.path, replacement.version, replacement.line)
        elif replacement is not None:
            package = Package(path, None, replacement.line, specifier=f"=> {replacement.path}")
        key = f"{directive.line}"
        graph.add(key, package)
        if not directive.indirect:
            graph.mark_direct(key)
    return build_components(file, GO, graph)


def parse_go_sum(file: ManifestFile) -> list[Component]:
    """The module versions go.sum holds source hashes for; direct ones from the go.mod beside it."""
    go_mod = file.sibling("go.mod")
    direct = direct_modules(read_go_mod(go_mod)) if go_mod is not None else set()
    graph = PackageGraph(has_graph=False)
    for number, raw in enumerate(file.text.splitlines(), start=1):
        words = raw.split()
        if not words:
            continue
        if len(words) != 3:
            file.problem("go.sum line is not 'module version hash'", number)
            continue
        path, version, checksum = words
        if version.endswith(GO_SUM_MOD_SUFFIX):
            continue  # Only the module's go.mod was fetched, not its code.
        graph.add(f"{path}@{version}", Package(path, version, number, hashes=[checksum]))
        if path in direct:
            graph.mark_direct(f"{path}@{version}")
    return build_components(file, GO, graph)


def _replacements(
    file: ManifestFile, directives: list[Directive]
) -> Iterator[tuple[tuple[str, str | None], Replacement]]:
    for directive in directives:
        if directive.verb != "replace":
            continue
        words = directive.words
        if "=>" not in words:
            file.problem("replace without '=>'", directive.line)
            continue
        arrow = words.index("=>")
        old, new = words[:arrow], words[arrow + 1 :]
        if not old or not new:
            file.problem("replace with nothing on one side of '=>'", directive.line)
            continue
        yield (
            (old[0], old[1] if len(old) > 1 else None),
            Replacement(new[0], new[1] if len(new) > 1 else None, directive.line),
        )


def _unquote(word: str) -> str:
    return word[1:-1] if len(word) >= 2 and word[0] == word[-1] and word[0] in '"`' else word
