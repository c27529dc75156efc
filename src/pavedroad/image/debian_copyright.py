"""dpkg packages' licences, from their machine-readable copyright files (DEP-5).

Debian ships `/usr/share/doc/<package>/copyright` with every package; when it starts with a
`Format: …/copyright-format/1.0/` paragraph its `License:` fields are data. A package's
licence is every licence its `Files:` paragraphs (and the header) name, joined with AND: the
package ships files under each. A copyright file in free text, or none, leaves the licence
unknown (no licence on the component: NOASSERTION in SPDX) rather than guessed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping

from pavedroad.core.components import Component
from pavedroad.image.license_names import debian_license_expression
from pavedroad.image.os_packages import DPKG_STATUS, DPKG_STATUS_DIRECTORY, control_paragraphs

DOC_DIRECTORY = "usr/share/doc/"
COPYRIGHT_NAME = "copyright"
DEP5_FORMAT_MARKER = "copyright-format"


def copyright_path(package: str) -> str:
    """Where dpkg puts a package's copyright file."""
    return f"{DOC_DIRECTORY}{package}/{COPYRIGHT_NAME}"


def is_copyright_file(path: str) -> bool:
    """Whether `path` is some package's copyright file (read with the package databases, in one pass)."""
    if not path.startswith(DOC_DIRECTORY) or not path.endswith(f"/{COPYRIGHT_NAME}"):
        return False
    return path.count("/") == DOC_DIRECTORY.count("/") + 1


def copyright_license(text: str) -> str | None:
    """The SPDX expression of a DEP-5 copyright file; None when the file is not machine-readable."""
    paragraphs = [fields for _, fields in control_paragraphs(text)]
    if not paragraphs or DEP5_FORMAT_MARKER not in paragraphs[0].get("Format", ""):
        return None
    names: list[str] = []
    for number, fields in enumerate(paragraphs):
        # Stand-alone License paragraphs only hold the text of a licence that Files paragraphs name.
        if "License" in fields and (number == 0 or "Files" in fields):
            names.append(fields["License"].split("\n", 1)[0].strip())
    expressions = list(dict.fromkeys(debian_license_expression(name) for name in names if name))
    if not expressions:
        return None
    if len(expressions) == 1:
        return expressions[0]
    return " AND ".join(f"({e})" if " OR " in e else e for e in expressions)


def is_dpkg_component(component: Component) -> bool:
    """Whether the component was read from a dpkg database."""
    return component.source == DPKG_STATUS or component.source.startswith(DPKG_STATUS_DIRECTORY)


def with_dpkg_licenses(
    components: Iterable[Component], read_files: Callable[[Iterable[str]], Mapping[str, bytes]]
) -> list[Component]:
    """dpkg components with the licences of their copyright files; the others (and unknown ones) as they are."""
    components = list(components)
    wanted = {copyright_path(c.name) for c in components if is_dpkg_component(c)}
    files = read_files(sorted(wanted)) if wanted else {}
    licensed: list[Component] = []
    for component in components:
        data = files.get(copyright_path(component.name)) if is_dpkg_component(component) else None
        expression = copyright_license(data.decode("utf-8", "replace")) if data is not None else None
        licensed.append(dataclasses.replace(component, licenses=(expression,)) if expression else component)
    return licensed
