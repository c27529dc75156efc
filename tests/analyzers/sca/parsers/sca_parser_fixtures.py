"""Reading the SCA fixtures the way a scan would: one format folder is the scan root."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pavedroad.analyzers.sca.parsers import parse_manifest
from pavedroad.core.components import Component, ParseProblem

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "sca"

Fact = tuple[str, str | None, bool, tuple[str, ...], str | None]
Parsed = tuple[list[Component], list[ParseProblem]]


def sibling_reader(root: Path) -> Callable[[str], bytes | None]:
    """A read_sibling confined to `root`, as the analyzer's is confined to the scan root."""
    resolved_root = root.resolve()

    def read_sibling(relpath: str) -> bytes | None:
        target = (resolved_root / relpath).resolve()
        if resolved_root not in target.parents or not target.is_file():
            return None
        return target.read_bytes()

    return read_sibling


def parse_fixture(path: str, data: bytes | None = None, siblings: bool = True) -> Parsed:
    """Parse tests/fixtures/sca/<format>/<relpath>, the format folder being the scan root.

    `data` replaces the file's bytes (to damage it); `siblings=False` hides every other file.
    """
    folder, _, relpath = path.partition("/")
    root = FIXTURES / folder
    content = (root / relpath).read_bytes() if data is None else data
    reader = sibling_reader(root) if siblings else (lambda _: None)
    return parse_manifest(relpath, content, reader)


def facts(components: Iterable[Component]) -> set[Fact]:
    """What a user sees of each component: name, version, direct, the path that brings it in, scope."""
    return {(c.name, c.version, c.direct, c.dependency_path, c.scope) for c in components}


def by_name(components: Iterable[Component], name: str, version: str | None = None) -> Component:
    """The one component called `name` (at `version`, when given)."""
    found = [c for c in components if c.name == name and (version is None or c.version == version)]
    assert len(found) == 1, f"expected one {name} {version or ''}, found {found}"
    return found[0]


def fixture_bytes(path: str) -> bytes:
    return (FIXTURES / path).read_bytes()


def truncated(path: str, fraction: float = 0.5) -> bytes:
    """The fixture cut off part-way, as a half-written file would be."""
    data = fixture_bytes(path)
    return data[: int(len(data) * fraction)]
