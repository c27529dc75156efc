"""composer.lock: `packages` (runtime) and `packages-dev` (scope "dev").

The lockfile does not record what the project requires directly; the composer.json
beside it does (`require`, `require-dev`). Without it every package is `direct=False` and
the graph still gives each package its dependencies. Platform requirements (php, ext-*,
lib-*, composer-*) are not packages.
"""

from __future__ import annotations

import re
from typing import Any

from pavedroad.analyzers.sca.parsers._documents import as_list, as_strings, as_table, as_text, load_json_object
from pavedroad.analyzers.sca.parsers._graph import Package, PackageGraph, build_components
from pavedroad.analyzers.sca.parsers._lines import KeyLines
from pavedroad.analyzers.sca.parsers._source import ManifestError, ManifestFile
from pavedroad.core.components import PACKAGIST, Component

LOCK_SECTIONS: tuple[tuple[str, str | None], ...] = (("packages", None), ("packages-dev", "dev"))
MANIFEST_SECTIONS: tuple[tuple[str, str | None], ...] = (("require", None), ("require-dev", "dev"))
PACKAGE_NAME_LINE = re.compile(r'^\s*"name"\s*:\s*"([^"]+)"', re.MULTILINE)
# Requirements on the platform rather than on a package.
PLATFORM_REQUIREMENT = re.compile(
    r"^(?:php(?:-64bit|-ipv6|-zts|-debug)?|hhvm|ext-.+|lib-.+|composer(?:-.+)?)$", re.IGNORECASE
)


def parse_composer_lock(file: ManifestFile) -> list[Component]:
    """The packages of a composer.lock; direct ones from the composer.json beside it."""
    document = load_json_object(file)
    graph = PackageGraph()
    lines = KeyLines(file.text, PACKAGE_NAME_LINE)
    required: dict[str, list[str]] = {}
    for section, scope in LOCK_SECTIONS:
        for value in as_list(document.get(section)):
            entry = as_table(value)
            name, version = as_text(entry.get("name")), as_text(entry.get("version"))
            if name is None:
                continue
            key = name.lower()
            line = lines.take(name)
            graph.add(
                key,
                Package(
                    name, version, line, hashes=_hashes(entry), licenses=as_strings(entry.get("license")), scope=scope
                ),
            )
            required[key] = [
                dependency.lower()
                for dependency in as_table(entry.get("require"))
                if not PLATFORM_REQUIREMENT.match(dependency)
            ]
    for key, names in required.items():
        graph.packages[key].requires = [name for name in names if name in graph.packages]
    for name, scope in _declared(file):
        graph.mark_direct(name.lower() if name.lower() in graph.packages else None, scope)
    return build_components(file, PACKAGIST, graph)


def _declared(file: ManifestFile) -> list[tuple[str, str | None]]:
    sibling = file.sibling("composer.json")
    if sibling is None:
        return []
    try:
        manifest = load_json_object(sibling)
    except ManifestError:
        return []
    return [(name, scope) for section, scope in MANIFEST_SECTIONS for name in as_table(manifest.get(section))]


def _hashes(entry: dict[str, Any]) -> list[str]:
    shasum = as_text(as_table(entry.get("dist")).get("shasum"))
    return [f"sha1:{shasum}"] if shasum else []
